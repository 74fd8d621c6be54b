// Red team 21: where git writes its trace2 output is set by the environment (GIT_TRACE2*, judged
// since red team 19) and by git's configuration too (`trace2.normalTarget`, `perfTarget`,
// `eventTarget` in the system or global file). With `trace2.normalTarget` in a ~/.gitconfig out of
// reach naming a file under $TMPDIR, a workspace-write run planted a link there to a file out of
// reach, and the next run — read-only, its model asking for nothing — had Codex's host-side `git
// ls-remote` create and write that file, outside the sandbox; the gate allowed both runs. Now those
// keys are judged as the variables are (`host write location`).
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("a trace2 target in ~/.gitconfig under $TMPDIR is judged where git writes (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-trace2", { gitCeiling: true });
  const victim = path.join(path.dirname(f.cwd), "victim");
  const target = path.join(f.env.TMPDIR!, "git-trace.log");
  writeFileSync(path.join(f.home, ".gitconfig"), `[trace2]\n\tnormalTarget = ${target}\n`);
  const plant = await runShell(f, f.env, `ln -sf ${victim} ${target}`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, wrote: existsSync(victim) }).toEqual({ plant: 4, later: 4, wrote: false });
  expect(later.stderr).toMatch(/refused by policy: host write location — trace2\.normaltarget \(in .*\.gitconfig\) names .*git-trace\.log/);
});
