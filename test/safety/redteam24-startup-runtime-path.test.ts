// Red team 24: a PATH the start-up files decide when the shell runs was neither judged nor said (open
// after red teams 21 and 22). With `export PATH="$(pwd)/.tools:$PATH"` in a ~/.bashrc out of reach (as
// `$PWD`, the folder Codex's snapshot shell runs in: the workspace), a workspace-write run planted
// `.tools/sed` and the rest, and the next run, read-only, its model asking for nothing, ran them on
// the host in Codex's shell snapshot; the gate allowed both runs. `$(pwd)`, `` `pwd` `` and `$(pwd -P)`
// are now read as `$PWD`, and a value of PATH or the loader's variables decided otherwise when the
// shell runs (`$(npm bin)`) is said, `not judged (advisory)`.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { markerText, plantSnapshotTools, plantThenRun, runShell } from "../helpers/cli.js";

it("a PATH folder a ~/.bashrc adds as $(pwd)/.tools is judged in reach", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt24-rc-pwd-path", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "rc-pwd-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'export PATH="$(pwd)/.tools:$PATH"\n');
  const { runs, refusal } = await plantThenRun(f, f.env, plantSnapshotTools(".tools", marker));
  expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(refusal).toMatch(/refused by policy: program location — a shell start-up file sets PATH .*PATH names .*\/work\/\.tools/);
});

it("a PATH a ~/.bashrc decides otherwise when the shell runs is said", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt24-rc-runtime-path", { gitCeiling: true });
  writeFileSync(path.join(f.home, ".bashrc"), 'export PATH="$(printf %s "$PWD")/bin:$PATH"\n');
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect(later.code).toBe(0);
  expect(later.stderr).toMatch(/not judged \(advisory\): .*PATH.*decided when the shell runs/);
});
