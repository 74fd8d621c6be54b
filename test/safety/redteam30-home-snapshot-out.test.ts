// Red team 30: `home snapshot --out FILE` wrote FILE through whatever link lay there, judged by
// nothing. A workspace-write run planted `snap.json` in the workspace as a link to a file out of every
// sandbox's reach (a start-up file, say), and `codex-headless home snapshot … --out snap.json` there
// replaced that file's content on the host.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, runShell } from "../helpers/cli.js";

it("home snapshot's --out reached through a link a sandboxed run planted is refused (red team 30)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt30-snapshot-out", { gitCeiling: true });
  const victim = path.join(f.root, "victim.rc");
  writeFileSync(victim, "original\n");
  const home = path.join(f.root, "snaphome");
  mkdirSync(home);
  const plant = await runShell(f, f.env, `ln -s ${victim} snap.json && echo planted`, ["--sandbox", "workspace-write"]);
  const snap = await runCli(["home", "snapshot", home, "--out", "snap.json"], { ...f, deadlineMs: 30_000 });
  expect({ plant: plant.code, snap: snap.code, victim: readFileSync(victim, "utf8") }).toEqual({ plant: 0, snap: 2, victim: "original\n" });
  expect(snap.stderr).toMatch(/--out snap\.json passes through a link where a sandboxed run can write/);
});

// The same for `bench --out` (left open by red team 30): the bench read the file there (to keep the
// sections it does not re-measure) and wrote its results through the link, minutes later.
it("bench's --out reached through a link a sandboxed run planted is refused before any sample", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt30-bench-out", { gitCeiling: true });
  const victim = path.join(f.root, "victim.md");
  writeFileSync(victim, "original\n");
  const plant = await runShell(f, f.env, `ln -s ${victim} BENCHMARKS.md && echo planted`, ["--sandbox", "workspace-write"]);
  const bench = await runCli(["bench", "--repetitions", "1", "--only", "harness-overhead"], { ...f, deadlineMs: 30_000 });
  expect({ plant: plant.code, bench: bench.code, victim: readFileSync(victim, "utf8") }).toEqual({ plant: 0, bench: 2, victim: "original\n" });
  expect(bench.stderr).toMatch(/--out BENCHMARKS\.md passes through a link where a sandboxed run can write/);
});
