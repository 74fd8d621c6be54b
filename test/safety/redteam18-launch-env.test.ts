// Red team 18: a launch context's login shell (bash-login, zsh-*, wrapper, user-shell) runs the user's
// profile before it exec's Codex, and hands Codex the environment the profile made. The gate judged
// only the caller's. A `~/.bash_profile` out of reach that puts `$PWD/tools` on PATH (the working
// directory of the run): a workspace-write run planted `tools/lsb_release`, and the next run — a
// read-only hello run — had Codex start it on the host. The environment the context hands Codex is
// now measured (its shell run once, exec'ing nothing) and judged before Codex starts.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { type CliResult, runShell } from "../helpers/cli.js";

const run = (f: ReturnType<typeof fixtureHome>, sandbox: string, command: string) =>
  runShell(f, f.env, command, ["--context", "bash-login", "--sandbox", sandbox]);

const f = fixtureHome("rt18-launch-env", { gitCeiling: true });
const planted = path.join(f.root, "planted-ran");
const control = path.join(f.root, "control-ran");
let plant: CliResult;
let later: CliResult;
let outOfReach: CliResult;

beforeAll(async () => {
  writeFileSync(path.join(f.home, ".bash_profile"), `export PATH="$PWD/tools:$PATH"\n`);
  plant = await run(f, "workspace-write", `mkdir -p tools && printf '#!/bin/sh\\ntouch ${planted}\\n' > tools/lsb_release && chmod +x tools/lsb_release`);
  later = await run(f, "read-only", "echo later");
  // Control: the same profile naming a folder out of reach; the lsb_release there is Codex's.
  const tools = path.join(f.root, "tools");
  mkdirSync(tools);
  writeFileSync(path.join(tools, "lsb_release"), `#!/bin/sh\ntouch ${control}\n`);
  chmodSync(path.join(tools, "lsb_release"), 0o755);
  writeFileSync(path.join(f.home, ".bash_profile"), `export PATH="${tools}:$PATH"\n`);
  outOfReach = await run(f, "read-only", "echo control");
}, 300_000);

it("refuses a run whose login shell would put a workspace folder on Codex's PATH, and nothing planted runs", () => {
  expect({ plant: plant.code, later: later.code, ran: existsSync(planted) }).toEqual({ plant: 4, later: 4, ran: false });
  // Since red team 21 the PATH the start-up files assign is judged with the caller's environment,
  // before the launch context's shell is measured.
  expect(plant.stderr).toMatch(/program location — (in the environment the bash-login context hands Codex \(after its shell's start-up files\), |a shell start-up file sets PATH .*)PATH names .*\/work\/tools, where a sandboxed run can write/);
});

it("control: a profile putting a folder out of reach on PATH still runs, and Codex starts what that PATH finds", () => {
  expect({ code: outOfReach.code, ran: existsSync(control) }).toEqual({ code: 0, ran: true });
});
