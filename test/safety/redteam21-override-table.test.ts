// Red team 21: the writable roots a run's own `-c` gives Codex were read from the dotted key alone
// (`sandbox_workspace_write.writable_roots=[...]`). A policy with `caller_may_override` admits the
// whole table too, `-c 'sandbox_workspace_write={ writable_roots = [...] }'`, which Codex applies
// (it replaces the table the policy's dotted keys set): the gate judged the run's reach without
// those roots. With HOME among them, a workspace-write run appended to ~/.bashrc, and the next run —
// read-only, its model asking for nothing — ran it on the host (Codex's shell snapshot sources it);
// the gate allowed both runs, and the history of writable roots never learnt HOME. Now the roots
// are read as Codex reads the overrides, a table's keys included.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { overrideValue } from "../../src/codex/config-overrides.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("overrideValue reads a key as Codex applies the overrides: tables above it replace, keys inside it merge", () => {
  const key = "sandbox_workspace_write.writable_roots";
  expect(overrideValue(['sandbox_workspace_write.writable_roots=["/a"]'], key)).toEqual(["/a"]);
  expect(overrideValue(['sandbox_workspace_write.writable_roots=["/a"]', 'sandbox_workspace_write={ writable_roots = ["/b"] }'], key)).toEqual(["/b"]);
  expect(overrideValue(['sandbox_workspace_write.writable_roots=["/a"]', "sandbox_workspace_write={ network_access = true }"], key)).toBeUndefined();
  expect(overrideValue(['sandbox_workspace_write={ writable_roots = ["/b"] }', 'sandbox_workspace_write.writable_roots=["/c"]'], key)).toEqual(["/c"]);
  expect(overrideValue(["model_providers.x={ base_url = \"u\" }", 'model_providers.x.name="n"'], "model_providers.x")).toEqual({ base_url: "u", name: "n" });
});

it("writable roots given in a whole sandbox_workspace_write table are judged (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-override-table", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "override-table-ran");
  const policy = path.join(path.dirname(f.cwd), "policy.toml");
  writeFileSync(policy, "[env]\ncaller_may_override = true\n");
  writeFileSync(path.join(f.home, ".bashrc"), "# mine\n");
  const table = `sandbox_workspace_write={ writable_roots = [${JSON.stringify(f.home)}] }`;
  const plant = await runShell(f, f.env, `echo 'touch ${marker}' >> ${path.join(f.home, ".bashrc")}`, ["--policy", policy, "--sandbox", "workspace-write", "-c", table]);
  const later = await runShell(f, f.env, "echo later", ["--policy", policy, "--sandbox", "read-only"]);
  // Refused, the planting run wrote nothing: the later run finds ~/.bashrc as the user left it.
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 0, ran: false });
  // HOME is now in its reach, and with it git's configuration and ~/.bashrc.
  expect(plant.stderr).toMatch(/refused by policy: (git config|shell startup) location — .*the workspace-write sandbox can write under .*\/home\)/);
});
