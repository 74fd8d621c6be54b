// Red team 16: red team 12 closed a list of names — bwrap, git, setpriv, prlimit found on PATH where a
// sandboxed run can write — but the names are not the boundary. A trace of Codex 0.171.0 (the lab's
// `host-programs` finding) shows it starting more programs by name on the host, outside its sandbox,
// in a run whose model asked for nothing: `lsb_release -a` (about twice per start; Debian's is a
// script that runs getopt, cut and tr by name), `getconf LONG_BIT`, git in the workspace, and its
// shell snapshot's login shell (id, awk, sed, wc). A workspace-write run wrote `lsb_release` into a
// PATH folder in its workspace, and the next run's Codex ran it unsandboxed. A name found nowhere
// else (a host without lsb_release) is found in the planted folder whatever the list says, so the
// rule judges the folder: a PATH folder a sandboxed run can write is refused, whatever it holds now.
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { policyRepo } from "../helpers/policy-repo.js";
import { runShell } from "../helpers/cli.js";

it("a PATH folder a workspace-write run can write is refused, so nothing planted there runs on the host (red team 16)", { timeout: 150_000 }, async () => {
  const { f } = policyRepo("rt16-path-folder", `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`);
  const marker = path.join(path.dirname(f.cwd), "planted-lsb_release-ran");
  const bin = path.join(f.cwd, ".venv", "bin");
  const withBin = (entry: string) => ({ ...f.env, PATH: `${entry}${path.delimiter}${f.env.PATH ?? process.env.PATH}` });
  // It leaves a marker beside the workspace (out of the sandbox's reach), then does what the real one would.
  const plantScript = `#!/bin/sh\ntouch ${marker}\n[ -x /usr/bin/lsb_release ] && exec /usr/bin/lsb_release "$@"\nexit 0\n`;
  const run = (env: NodeJS.ProcessEnv, command: string) => runShell(f, env, command, ["--sandbox", "workspace-write"]);

  // 1. The planting run itself: its PATH names a folder in its workspace (not there yet). Before,
  //    only the four names were looked for, none was there, and the run went ahead and planted.
  const plant = `mkdir -p .venv/bin && printf '%s\\n' '#!/bin/sh' 'touch ${marker}' 'exit 0' > .venv/bin/lsb_release && chmod +x .venv/bin/lsb_release`;
  const first = await run(withBin(bin), plant);
  expect({ code: first.code, planted: existsSync(path.join(bin, "lsb_release")) }).toEqual({ code: 4, planted: false });
  expect(first.stderr).toMatch(/program location.*PATH (names|folder) .*\.venv\/bin/);

  // 2. Planted all the same (by a run whose PATH did not name the folder, or by the user's own
  //    tools): a later run whose PATH names it is refused before Codex starts, and the program never runs.
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "lsb_release"), plantScript);
  chmodSync(path.join(bin, "lsb_release"), 0o755);
  const later = await run(withBin(bin), "echo later");
  expect({ code: later.code, ran: existsSync(marker) }).toEqual({ code: 4, ran: false });
  expect(later.stderr).toMatch(/program location/);

  // 3. A relative entry is taken from the folder Codex runs in: the workspace.
  const relative = await run(withBin("bin"), "echo relative");
  expect({ code: relative.code, ran: existsSync(marker) }).toEqual({ code: 4, ran: false });

  // 4. A folder out of reach holding a link to the planted program: the link is judged.
  const outside = path.join(path.dirname(f.cwd), "bin-outside");
  mkdirSync(outside);
  symlinkSync(path.join(bin, "lsb_release"), path.join(outside, "lsb_release"));
  const linked = await run(withBin(outside), "echo linked");
  expect({ code: linked.code, ran: existsSync(marker) }).toEqual({ code: 4, ran: false });
  expect(linked.stderr).toMatch(/program location.*bin-outside\/lsb_release/);

  // 5. The rule is the folder's place, not a refusal of every PATH: the same program, a real file in
  //    a folder out of reach, is the user's own, and the run goes ahead (and Codex runs it).
  const own = path.join(path.dirname(f.cwd), "bin-own");
  mkdirSync(own);
  writeFileSync(path.join(own, "lsb_release"), plantScript);
  chmodSync(path.join(own, "lsb_release"), 0o755);
  const allowed = await run(withBin(own), "echo allowed");
  expect(allowed.code, allowed.stderr).toBe(0);
  expect(existsSync(marker)).toBe(true);
});
