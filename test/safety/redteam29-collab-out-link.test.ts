// Red team 29: the folder a collaboration writes after its turns. `codex-headless collab` writes its
// transcript, its list of what it wrote and each turn's record into `--out` (default `collab-run`, in
// the working directory), and that folder was judged by nothing: `--record` is refused when it is
// writable by the run or passes through a link a sandboxed run could have planted, `--out` was not.
// A workspace-write run planted `collab-run` as a link to an empty folder out of every sandbox's
// reach, and the next `collab` there wrote the transcript, with the models' words in it, into that
// folder, on the host (a `~/.bashrc.d/` that a `for f in ~/.bashrc.d/*; do . "$f"; done` sources
// would run a `$(…)` in them). Now `--out` is judged as `--record` is.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, runShell } from "../helpers/cli.js";

it("a collaboration's --out reached through a link a sandboxed run planted is refused (red team 29)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt29-collab-out", { gitCeiling: true });
  const victim = path.join(f.root, "victim");
  mkdirSync(victim);
  const plant = await runShell(f, f.env, `ln -s ${victim} collab-run && echo planted`, ["--sandbox", "workspace-write"]);
  const collab = await runCli(["collab", "Write a function that adds two numbers.", "--rounds", "1"], { ...f, deadlineMs: 90_000 });
  expect({ plant: plant.code, collab: collab.code, victim: readdirSync(victim) }).toEqual({ plant: 0, collab: 2, victim: [] });
  expect(collab.stderr).toMatch(/--out collab-run passes through a link where a sandboxed run can write/);
  // A real folder in the workspace is still the default's place (the agents' sandbox is read-only).
  const other = path.join(f.root, "w2");
  mkdirSync(other);
  const fine = await runCli(["collab", "Write a function that adds two numbers.", "--rounds", "1"], { ...f, cwd: other, deadlineMs: 90_000 });
  expect(fine.code, fine.stderr).toBe(0);
  expect(existsSync(path.join(other, "collab-run", "transcript.json"))).toBe(true);
});
