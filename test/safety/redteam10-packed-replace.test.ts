// Red team 10: a replace ref kept in packed-refs (`git replace`, then `git pack-refs --all`, which
// leaves .git/refs/replace empty). git honours it, so `git cat-file blob HEAD:.codex-headless/policy.toml`
// reads the replacement commit's policy; headFromFiles looked only for loose files under refs/replace
// and answered with HEAD's id, so the policy a long-lived process kept for that id stayed in force
// after the replace ref was added (or removed).
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { headFromFiles } from "../../src/core/git-head.js";
import { loadRunPolicy } from "../../src/safety/gate.js";
import { POLICY, policyRepo, sha } from "../helpers/policy-repo.js";

const policyText = (marker: string) => `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write"]\ndefault = "read-only"\n`;

/** A repository with two commits of the policy (p1, p2), HEAD back at the first. */
function repository(prefix: string) {
  const { f, git } = policyRepo(prefix, policyText("p1"));
  const first = git("rev-parse", "HEAD").trim();
  git("checkout", "-q", "-b", "second");
  execFileSync("sh", ["-c", `printf '${policyText("p2").replace(/\n/g, "\\n")}' > ${POLICY}`], { cwd: f.cwd });
  git("commit", "-qam", "p2");
  const second = git("rev-parse", "HEAD").trim();
  git("checkout", "-q", "main");
  const gitSays = () => sha(execFileSync("git", ["cat-file", "blob", `HEAD:${POLICY}`], { cwd: f.cwd, encoding: "utf8" }));
  const read = async () => (await loadRunPolicy({ cwd: f.cwd, config: [] }, f.env)).sha256;
  return { f, git, first, second, read, gitSays };
}

it("headFromFiles leaves a repository with a packed replace ref to git (red team 10)", () => {
  const { f, git, first, second } = repository("rt10-packed-replace-unit");
  git("replace", first, second);
  git("pack-refs", "--all");
  expect(headFromFiles(f.cwd, {})).toBeUndefined();
});

it("a replace ref packed after the policy was kept: the same process then reads what git reads (red team 10)", async () => {
  const { git, first, second, read, gitSays } = repository("rt10-packed-replace");
  expect(await read()).toBe(sha(policyText("p1"))); // kept in this process for (repository, first, path)
  git("replace", first, second);
  git("pack-refs", "--all");
  expect(gitSays()).toBe(sha(policyText("p2")));
  expect(await read()).toBe(gitSays());
  // And removed again: git reads p1 once more.
  git("replace", "-d", first);
  expect(await read()).toBe(gitSays());
}, 60_000);
