// Red team 14: the environment the run gives Codex may name git's repository for Codex's host-side
// git (GIT_DIR, as a git hook sets it). Our own git drops such variables (core/git.ts gitPlumbingEnv)
// and the gate judges the repository found from the working directory, but Codex is started with the
// caller's environment, and its host-side `git status`, `rev-parse`, `remote get-url` in the working
// directory read the configuration of the repository GIT_DIR names. A clean filter planted in that
// configuration ran on the host.
import { appendFileSync, cpSync, existsSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli, shellRunArgs } from "../helpers/cli.js";
import { policyRepo, storeUnderTmpdir } from "../helpers/policy-repo.js";

const POLICY_TEXT = `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`;
const run = (command: string) => shellRunArgs(command, ["--sandbox", "workspace-write"]);

it("GIT_DIR naming a repository under $TMPDIR never lets its configuration run a command on the host (red team 14)", { timeout: 120_000 }, async () => {
  // A copy of the repository's store under $TMPDIR, which every workspace-write run can write, and
  // what such a run plants there: a clean filter for every file, and a tracked file changed with its
  // size kept, so that a host-side `git status` runs the filter to compare contents.
  const { f, store, pwned } = storeUnderTmpdir("rt14-git-dir");
  const env = { ...f.env, GIT_DIR: store };
  const result = await runCli(run("echo ran"), { ...f, env, deadlineMs: 100_000 });
  expect(existsSync(pwned), result.stderr).toBe(false);
  expect(result.code, result.stderr).toBe(4);
  expect(result.stderr).toMatch(/git config location.*store\.git/);
});

it("GIT_DIR naming a store out of reach whose config is a link into $TMPDIR, or that includes a file there, is refused (red team 14)", { timeout: 120_000 }, async () => {
  const { f } = policyRepo("rt14-git-dir-link", POLICY_TEXT);
  const linked = path.join(f.root, "linked.git");
  cpSync(path.join(f.cwd, ".git"), linked, { recursive: true });
  renameSync(path.join(linked, "config"), path.join(f.env.TMPDIR!, "config"));
  symlinkSync(path.join(f.env.TMPDIR!, "config"), path.join(linked, "config"));
  const including = path.join(f.root, "including.git");
  cpSync(path.join(f.cwd, ".git"), including, { recursive: true });
  appendFileSync(path.join(including, "config"), `[include]\n\tpath = ${path.join(f.env.TMPDIR!, "later.gitconfig")}\n`);
  for (const [store, message] of [[linked, /git config location.*linked\.git\/config/], [including, /git config location.*later\.gitconfig/]] as const) {
    const result = await runCli(run("echo ran"), { ...f, env: { ...f.env, GIT_DIR: store }, deadlineMs: 100_000 });
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).not.toMatch(/ran/);
  }
});
