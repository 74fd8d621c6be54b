// Red team 30: CODEX_ROLLOUT_TRACE_ROOT, a variable Codex 0.171.0 reads (found in its binary beside
// its rollout-trace writer), names a folder Codex writes its rollout trace bundles into on the host —
// red team 29 judged CODEX_SQLITE_HOME, not this. With it under $TMPDIR, a workspace-write run planted
// a link there (where Codex had made the folder) to a folder out of every sandbox's reach, and the next run — read-only, its model asking
// for nothing — wrote its trace bundle through it.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("a CODEX_ROLLOUT_TRACE_ROOT a sandboxed run can write is refused (red team 30)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt30-trace-root", { gitCeiling: true });
  const parent = path.join(f.env.TMPDIR!, "codex-traces");
  mkdirSync(parent, { recursive: true });
  const root = path.join(parent, "root");
  const env = { ...f.env, CODEX_ROLLOUT_TRACE_ROOT: root };
  const victims = path.join(f.root, "victims");
  mkdirSync(victims);
  writeFileSync(path.join(victims, "keep.txt"), "original\n");
  const plant = await runShell(f, env, `mv ${root} ${root}.old; ln -s ${victims} ${root} && echo planted`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, victims: readdirSync(victims) }).toEqual({ plant: 4, later: 4, victims: ["keep.txt"] });
  expect(later.stderr).toMatch(/refused by policy: host write location — CODEX_ROLLOUT_TRACE_ROOT names .*\/codex-traces\/root/);
});
