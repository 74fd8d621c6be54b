// Red team 30: the lab's `--out` (default `lab-report`, in the working directory) was judged by
// nothing, where red team 29 judged collab's: a workspace-write run planted `lab-report` as a link to a
// folder out of every sandbox's reach, and the next `codex-headless lab` there took its lock and wrote
// into that folder on the host.
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, runShell } from "../helpers/cli.js";

it("the lab's --out reached through a link a sandboxed run planted is refused (red team 30)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt30-lab-out", { gitCeiling: true });
  const victim = path.join(f.root, "victim");
  mkdirSync(victim);
  const plant = await runShell(f, f.env, `ln -s ${victim} lab-report && echo planted`, ["--sandbox", "workspace-write"]);
  // Stopped early: what matters is whether anything was made through the link before the lab ran.
  const lab = await runCli(["lab", "--only", "surface"], { ...f, deadlineMs: 15_000 }).catch((error: Error) => ({ code: "stopped", stderr: error.message }));
  expect({ plant: plant.code, lab: lab.code, victim: readdirSync(victim) }).toEqual({ plant: 0, lab: 2, victim: [] });
  expect(lab.stderr).toMatch(/--out lab-report passes through a link where a sandboxed run can write/);
});
