// Red team 21: git takes a GIT_DIR that names a `.git` file — a
// `gitdir: <folder>` line, as a worktree's or submodule's `.git` holds — as the folder that line names
// (setup.c read_gitfile). The gate judged the path GIT_DIR names as a store folder: a gitfile out of
// reach naming a store under $TMPDIR was judged out of reach, and the configuration git read there
// ran a clean filter planted by a workspace-write run, on the host, in Codex's `git status`. Now a
// GIT_DIR that is a gitfile is judged with the store its line names.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli, shellRunArgs } from "../helpers/cli.js";
import { storeUnderTmpdir } from "../helpers/policy-repo.js";

it("GIT_DIR naming a gitfile out of reach that leads to a store under $TMPDIR is refused (red team 21)", { timeout: 120_000 }, async () => {
  // A store under $TMPDIR holding what a workspace-write run plants there (as in red team 14); the
  // gitfile naming it lies out of reach.
  const { f, store, pwned } = storeUnderTmpdir("rt21-git-dir-file");
  const gitfile = path.join(f.root, "gitfile");
  writeFileSync(gitfile, `gitdir: ${store}\n`);
  const result = await runCli(shellRunArgs("echo ran", ["--sandbox", "read-only"]), { ...f, env: { ...f.env, GIT_DIR: gitfile }, deadlineMs: 100_000 });
  expect({ code: result.code, ran: existsSync(pwned) }, result.stderr).toEqual({ code: 4, ran: false });
  expect(result.stderr).toMatch(/git config location.*store\.git/);
});
