// Red team 21: Codex 0.171.0 expands `~` in the writable roots a run's `-c` gives it (measured:
// `sandbox_workspace_write.writable_roots=["~/"]` let a sandboxed command write HOME); the gate took
// the root as a relative path, `<workspace>/~/`, and judged the run's reach without HOME. With a
// policy that lets the caller override (`caller_may_override`), a workspace-write run appended to
// ~/.bashrc and the next run — read-only, its model asking for nothing — ran it on the host; the gate
// allowed both runs. A root starting with `~` is now judged as HOME's too.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("a writable root spelled with ~ is judged as HOME's (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-override-tilde", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "override-tilde-ran");
  const policy = path.join(path.dirname(f.cwd), "policy.toml");
  writeFileSync(policy, "[env]\ncaller_may_override = true\n");
  writeFileSync(path.join(f.home, ".bashrc"), "# mine\n");
  const plant = await runShell(f, f.env, `echo 'touch ${marker}' >> ${path.join(f.home, ".bashrc")}`, ["--policy", policy, "--sandbox", "workspace-write", "-c", 'sandbox_workspace_write.writable_roots=["~/"]']);
  const later = await runShell(f, f.env, "echo later", ["--policy", policy, "--sandbox", "read-only"]);
  // Refused, the planting run wrote nothing: the later run finds ~/.bashrc as the user left it.
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 0, ran: false });
  expect(plant.stderr).toMatch(/refused by policy: (git config|shell startup) location — .*the workspace-write sandbox can write under .*\/home\)/);
});
