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
/** Wall seconds in CI of the longest files (the CI run before this table was added, 2 workers,
 *  2 cores); the rest start after them in vitest's own order. Only the order depends on these numbers. */
const KNOWN_SECONDS: Record<string, number> = {
  // 184 before its transport-independent attacks ran once (82 -> 65 CPU-s).
  "test/safety/host-steering.test.ts": 145,
  "test/cli/run.test.ts": 133,
  "test/bench/benchmarks.test.ts": 85,
  "test/surface/inventory.test.ts": 77,
  "test/mcp/server.test.ts": 70,
  "test/safety/red-team-16.test.ts": 68,
  // 63 with the snapshot stress's busy loops, which it no longer starts.
  "test/lab/lab-without-zsh.test.ts": 50,
  "test/faults/transport-faults.test.ts": 59,
  "test/safety/gate.test.ts": 55,
  "test/launch/contexts.test.ts": 37,
  "test/surface/config-key-probe.test.ts": 36,
  "test/home/auth.test.ts": 34,
  // Added after that run, estimated from their times alone on a loaded machine. (jail-corpus.test.ts
  // now reads the shared lab's corpus runs: it waits for the lab, last.)
  "test/pool/pool.test.ts": 25,
  "test/transport/stall.test.ts": 25,
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
