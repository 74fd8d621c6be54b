// Red team 21: git takes a GIT_DIR that names a `.git` file — a
// `gitdir: <folder>` line, as a worktree's or submodule's `.git` holds — as the folder that line names
// (setup.c read_gitfile). The gate judged the path GIT_DIR names as a store folder: a gitfile out of
// reach naming a store under $TMPDIR was judged out of reach, and the configuration git read there
// ran a clean filter planted by a workspace-write run, on the host, in Codex's `git status`. Now a
// GIT_DIR that is a gitfile is judged with the store its line names.
import { appendFileSync, cpSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli, shellRunArgs } from "../helpers/cli.js";
import { policyRepo } from "../helpers/policy-repo.js";

const POLICY_TEXT = `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`;

it("GIT_DIR naming a gitfile out of reach that leads to a store under $TMPDIR is refused (red team 21)", { timeout: 120_000 }, async () => {
  const { f, git } = policyRepo("rt21-git-dir-file", POLICY_TEXT);
  const pwned = path.join(f.root, "pwned");
  writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
  git("add", "a.txt");
  git("commit", "-qm", "a");
  // A copy of the store under $TMPDIR, where every workspace-write run can write, and what such a run
  // plants there (as in red team 14); the gitfile naming it lies out of reach.
  const store = path.join(f.env.TMPDIR!, "store.git");
  cpSync(path.join(f.cwd, ".git"), store, { recursive: true });
  appendFileSync(path.join(store, "config"), `[filter "x"]\n\tclean = touch ${pwned} && cat\n`);
  writeFileSync(path.join(f.cwd, ".gitattributes"), "* filter=x\n");
  writeFileSync(path.join(f.cwd, "a.txt"), "jello\n");
  const gitfile = path.join(f.root, "gitfile");
  writeFileSync(gitfile, `gitdir: ${store}\n`);
  const result = await runCli(shellRunArgs("echo ran", ["--sandbox", "read-only"]), { ...f, env: { ...f.env, GIT_DIR: gitfile }, deadlineMs: 100_000 });
  expect({ code: result.code, ran: existsSync(pwned) }, result.stderr).toEqual({ code: 4, ran: false });
  expect(result.stderr).toMatch(/git config location.*store\.git/);
});
