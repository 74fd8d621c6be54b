// Red team 7: a `commondir` line (or a `.git` file's `gitdir:` line) going through a symbolic link and
// then `..`. git resolves it on disk (the link first, then its target's parent); path.resolve drops
// `link/..` as text, so headFromFiles reads another repository's refs than git does.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { headFromFiles } from "../../src/core/git-head.js";
import { loadRunPolicy } from "../../src/safety/gate.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";

/** A repository with one commit, and a clone of it with a second: what git and a plain reading of
 *  the first one's files could confuse. */
function twoRepositories(prefix: string) {
  const f = fixtureHome(prefix, { gitCeiling: true });
  const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const repo = path.join(f.cwd, "repo");
  const other = path.join(f.cwd, "other");
  git(f.cwd, "init", "-q", "-b", "main", repo);
  git(repo, "commit", "-q", "--allow-empty", "-m", "one");
  git(f.cwd, "clone", "-q", repo, other);
  git(other, "commit", "-q", "--allow-empty", "-m", "two");
  return { git, repo, other };
}

it("headFromFiles names the commit git names when commondir is `link/..` (red team 7)", () => {
  const { git, repo, other } = twoRepositories("rt7-commondir-link");
  // What a danger-full-access run can write in .git: a link into the other repository's git directory
  // and a commondir line naming that link's parent.
  symlinkSync(path.join(other, ".git", "objects"), path.join(repo, ".git", "link"));
  writeFileSync(path.join(repo, ".git", "commondir"), "link/..");
  const gitSays = execFileSync("git", ["rev-parse", "--verify", "-q", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  expect(gitSays).toBe(git(other, "rev-parse", "HEAD"));
  const ours = headFromFiles(repo, {})?.commit;
  if (ours !== undefined) expect(ours).toBe(gitSays);
});

it("headFromFiles names the commit git names when a .git file says `gitdir: link/../real` (red team 7)", () => {
  const { git, repo, other } = twoRepositories("rt7-gitdir-link");
  // repo's git directory moved to repo/real; other's to other/real; repo/link -> other/sub.
  renameSync(path.join(repo, ".git"), path.join(repo, "real"));
  renameSync(path.join(other, ".git"), path.join(other, "real"));
  mkdirSync(path.join(other, "sub"));
  symlinkSync(path.join(other, "sub"), path.join(repo, "link"));
  writeFileSync(path.join(repo, ".git"), "gitdir: link/../real\n");
  const gitSays = execFileSync("git", ["rev-parse", "--verify", "-q", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  expect(gitSays).toBe(git(other, "--git-dir", path.join(other, "real"), "rev-parse", "HEAD"));
  const ours = headFromFiles(repo, {})?.commit;
  if (ours !== undefined) expect(ours).toBe(gitSays);
});

// End to end: a run allowed danger-full-access by the committed policy (externally sandboxed) makes a
// bare copy beside the repository with a commit of another policy on main, then points .git/commondir
// at it through `link/..`. git now says HEAD holds the other policy; the process keeps the first.
const policyText = (marker: string) =>
  `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\ndefault = "read-only"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const POLICY = ".codex-headless/policy.toml";

it("the next run's policy is what git says HEAD holds after a run writes commondir `link/..` (red team 7)", async () => {
  const f = fixtureHome("rt7-commondir-run", { gitCeiling: true, seededState: true });
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: f.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q", "-b", "main");
  mkdirSync(path.join(f.cwd, ".codex-headless"));
  writeFileSync(path.join(f.cwd, POLICY), policyText("committed"));
  git("add", POLICY);
  git("commit", "-qm", "committed");
  const inForce = async () => (await loadRunPolicy({ cwd: f.cwd, config: [] }, f.env)).sha256;
  expect(await inForce()).toBe(sha(policyText("committed")));
  const hidden = policyText("hidden").replace(/\n/g, "\\n");
  const command = [
    "git clone -q --bare . ../other.git",
    `b=$(printf '${hidden}' | git --git-dir=../other.git hash-object -w --stdin)`,
    "d=$(printf '100644 blob %s\\tpolicy.toml\\n' $b | git --git-dir=../other.git mktree)",
    "t=$(printf '040000 tree %s\\t.codex-headless\\n' $d | git --git-dir=../other.git mktree)",
    "c=$(echo m | git --git-dir=../other.git -c user.email=a@b -c user.name=a commit-tree $t -p HEAD)",
    "git --git-dir=../other.git update-ref refs/heads/main $c",
    "ln -s ../../other.git/objects .git/link",
    "printf 'link/..' > .git/commondir",
    "echo done",
  ].join(" && ");
  const record = await runOnce({ prompt: "go", scenario: "shell", scenarioOptions: { command }, sandbox: "danger-full-access", cwd: f.cwd }, { env: f.env });
  expect(record.outcome, record.reason).toBe("ok");
  const gitSays = sha(git("cat-file", "blob", `HEAD:${POLICY}`));
  expect(gitSays).toBe(sha(policyText("hidden")));
  expect(await inForce()).toBe(gitSays);
}, 120_000);
