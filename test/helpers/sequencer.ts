// The order test files start in. One lab run serves every lab test (helpers/shared-lab.ts) and takes
// minutes; the files that only wait for it used to be started first (vitest starts the slowest
// first), each holding one of the two workers idle while the lab ran. Now the file that starts the lab
// goes first, everything that does not need it next, longest first, and the files that wait for it
// last: by the time they start, the lab has run beside the rest of the suite.
// On a fresh clone (CI) vitest has no timings of its own and starts the largest files first, so a
// file of a minute could start last and end the suite alone: the files known to be long start first,
// in the order of their CI wall times (2 workers, 2 cores; see KNOWN_SECONDS).
import { accessSync, constants, readFileSync } from "node:fs";
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const OWNER = /test\/lab\/lab-command\.test\.ts$/;
/** Wall seconds in CI of the longest files (a quiet CI run: 2 workers, 2 cores, 746 s in all); the
 *  rest start after them in vitest's own order. Only the order depends on these numbers. Inventory and
 *  benchmarks are scaled by the CPU they saved since (the help texts cached per binary, the lab smoke
 *  test down to one run: 177 -> 132 and ~53 -> ~37 CPU-s, each file alone). Host-steering, mcp, doctor,
 *  chatgpt-refresh and turn-inputs likewise, after shared runs replaced repeated ones (host-steering:
 *  20 -> 17 Codex runs, 73 -> ~60 CPU-s alone); host-steering again after its victims started with
 *  the gate's parse of their ~/.bashrc (67 -> 50 CPU-s alone). */
const KNOWN_SECONDS: Record<string, number> = {
  "test/cli/run.test.ts": 92,
  "test/surface/inventory.test.ts": 84,
  "test/bench/benchmarks.test.ts": 73,
  "test/safety/host-steering.test.ts": 67,
  // Its own shell-mimic lab where zsh is installed (CI installs it).
  "test/lab/lab-without-zsh.test.ts": 58,
  "test/faults/transport-faults.test.ts": 43,
  "test/safety/red-team-16.test.ts": 34,
  "test/transport/stall.test.ts": 33,
  "test/safety/gate.test.ts": 32,
  "test/mcp/server.test.ts": 24,
  "test/client/thread.test.ts": 24,
  "test/pool/idle-tap.test.ts": 24,
  "test/home/chatgpt-refresh.test.ts": 22,
  "test/cli/bad-input.test.ts": 22,
  "test/safety/red-team.test.ts": 21,
  "test/cli/doctor.test.ts": 20,
  "test/home/auth.test.ts": 19,
  "test/client/sdk-compat.test.ts": 19,
  "test/client/turn-inputs.test.ts": 18,
  "test/launch/contexts.test.ts": 16,
  "test/surface/config-key-probe.test.ts": 12,
  "test/pool/pool.test.ts": 12,
};
const knownSeconds = (file: string): number => Object.entries(KNOWN_SECONDS).find(([name]) => file.endsWith(name))?.[1] ?? 0;
const onPath = (name: string): boolean =>
  (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      if (!dir) return false;
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
/** lab-without-zsh runs a lab of its own where zsh is installed, and waits for the shared one where not. */
const waitsForLab = (file: string): boolean =>
  /helpers\/shared-lab\.js/.test(readFileSync(file, "utf8")) && !(file.endsWith("test/lab/lab-without-zsh.test.ts") && onPath("zsh"));

export default class LabAsideSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const owner = sorted.filter((f) => OWNER.test(f.moduleId));
    const waiting = sorted.filter((f) => !OWNER.test(f.moduleId) && waitsForLab(f.moduleId));
    // A stable sort: known long files by their time, then the rest as vitest ordered them.
    const rest = sorted.filter((f) => !OWNER.test(f.moduleId) && !waitsForLab(f.moduleId)).sort((a, b) => knownSeconds(b.moduleId) - knownSeconds(a.moduleId));
    return [...owner, ...rest, ...waiting];
  }
}
