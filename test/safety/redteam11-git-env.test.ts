// Red team 11: git honours GIT_DIR, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES and their
// kin from the environment, and the committed policy was read with the caller's: a codex-headless run
// started from a git hook (git sets GIT_DIR for its hooks) or a shell that exported GIT_DIR read HEAD's
// policy of that other repository, whose location no reach check had judged — here one under $TMPDIR,
// which any workspace-write run can write. The repository judged is the one git is now asked about.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { POLICY, policyInFreshProcess, policyRepo, sha, TIGHT_POLICY } from "../helpers/policy-repo.js";

const OTHER = `# other\n[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\ndefault = "danger-full-access"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;

it("the committed policy is the run's repository's, whatever GIT_DIR or GIT_OBJECT_DIRECTORY the caller's environment names (red team 11)", () => {
  const { f } = policyRepo("rt11-git-env", TIGHT_POLICY);
  const other = path.join(f.env.TMPDIR!, "other");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: other, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  mkdirSync(path.join(other, ".codex-headless"), { recursive: true });
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(other, POLICY), OTHER);
  git("add", POLICY);
  git("commit", "-qm", "other");
  expect(policyInFreshProcess(f.cwd, f.env)).toBe(sha(TIGHT_POLICY));
  for (const redirect of [{ GIT_DIR: path.join(other, ".git") }, { GIT_DIR: path.join(other, ".git"), GIT_WORK_TREE: other }]) {
    expect(policyInFreshProcess(f.cwd, { ...f.env, ...redirect })).toBe(sha(TIGHT_POLICY));
  }
});
