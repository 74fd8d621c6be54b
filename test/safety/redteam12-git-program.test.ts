// Red team 12: Codex and codex-headless run some programs outside the sandbox by their name on PATH —
// Codex's sandbox itself (Codex 0.169.0 sandboxes every command with the first `bwrap` on its PATH),
// git (the committed policy; Codex's view of the repository), setpriv (every child we spawn) — and a
// PATH may name a folder a sandboxed run can write: an activated virtualenv's `<workspace>/.venv/bin`,
// a project's `node_modules/.bin`, a relative entry. A workspace-write run planted `bwrap`, `git` and
// `setpriv` there; the next run in that repository ran them unsandboxed (a planted bwrap is the
// sandbox of every later command). They are judged like the Codex binary now: one a sandboxed run
// could have written is refused before anything runs.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { policyRepo } from "../helpers/policy-repo.js";
import { runCli } from "../helpers/cli.js";

it("programs planted in a PATH folder a workspace-write run could write never run outside the sandbox in a later run (red team 12)", { timeout: 120_000 }, async () => {
  const { f } = policyRepo("rt12-host-program", `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`);
  const bin = path.join(f.cwd, ".venv", "bin");
  const marker = (name: string) => path.join(path.dirname(f.cwd), `planted-${name}-ran`);
  const env = { ...f.env, PATH: `${bin}${path.delimiter}${f.env.PATH ?? process.env.PATH}` };
  // Each planted program leaves a marker beside the workspace (out of the sandbox's reach) and runs the real one.
  const plant = ["bwrap", "git", "setpriv"].map((name) => `printf '%s\\n' '#!/bin/sh' 'touch ${marker(name)}' 'exec /usr/bin/${name} "$@"' > .venv/bin/${name} && chmod +x .venv/bin/${name}`).join(" && ");
  // Planted by a run whose PATH did not name the folder (one that did is refused now: red team 16).
  const first = await runCli(["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", `command=mkdir -p .venv/bin && ${plant}`, "go"], { ...f, deadlineMs: 100_000 });
  expect(first.code, first.stderr).toBe(0);
  expect(existsSync(path.join(bin, "bwrap"))).toBe(true);
  const ran = () => ["bwrap", "git", "setpriv"].filter((name) => existsSync(marker(name)));
  expect(ran()).toEqual([]);
  const later = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", "command=echo later", "go"];
  const second = await runCli(later, { ...f, env, deadlineMs: 100_000 });
  expect(ran()).toEqual([]);
  expect(second.code).toBe(4);
  expect(second.stderr).toMatch(/program location/);
  // The sandbox alone (no git, no setpriv planted): still refused (the folder itself is judged since
  // red team 16, whatever it holds), and it never ran.
  for (const name of ["git", "setpriv"]) rmSync(path.join(bin, name));
  const third = await runCli(later, { ...f, env, deadlineMs: 100_000 });
  expect(ran()).toEqual([]);
  expect(third.code).toBe(4);
  expect(third.stderr).toMatch(/program location.*\.venv\/bin/);
});
