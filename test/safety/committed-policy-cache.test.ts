// Red team for the committed-policy cache (issue 25): the policy in force in a git repository is the
// one committed at HEAD, and a long-lived process (the pool, the MCP server, a library caller) keeps
// what it read per commit instead of asking git every run. Runs with danger-full-access (allowed by
// the committed policy, as with an external sandbox) rewrite .git between runs — a new commit made
// with plumbing, the index and the working copy, packed-refs, a detached HEAD, a replace ref — and
// after each the next run's policy must be exactly what git itself says HEAD holds.
import { execFileSync } from "node:child_process";
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunPolicy } from "../../src/safety/gate.js";
import { runOnce } from "../../src/run/runner.js";
import { headFromFiles } from "../../src/core/git-head.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { POLICY, policyRepo, sha } from "../helpers/policy-repo.js";

// The committed policy allows danger-full-access (an externally sandboxed setup), so a run can write
// .git; each version differs only in its marker comment.
const policyText = (marker: string) =>
  `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\ndefault = "read-only"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;
const ID = "-c user.email=a@b -c user.name=a";
// A commit of `marker`'s policy on top of HEAD, made with plumbing only; prints nothing, leaves $c.
const commitWith = (marker: string, parent = "HEAD") =>
  `b=$(printf '${policyText(marker).replace(/\n/g, "\\n")}' | git hash-object -w --stdin) && d=$(printf '100644 blob %s\\tpolicy.toml\\n' $b | git mktree) && t=$(printf '040000 tree %s\\t.codex-headless\\n' $d | git mktree) && c=$(echo m | git ${ID} commit-tree $t -p ${parent})`;

/** A fixture repository whose first commit holds `marker`'s policy; `git` runs in its work tree. */
const policyRepoOf = (prefix: string, marker: string) => policyRepo(prefix, policyText(marker));

describe("the committed policy read through the cache", () => {
  it("is what git says HEAD holds after a run rewrites .git (plumbing commit, index, packed-refs, detached HEAD, replace ref)", async () => {
    const { f, git } = policyRepoOf("policy-cache", "p1");
    const c1 = git("rev-parse", "HEAD").trim();
    /** What git itself says the committed policy is, as the sha256 the record keeps. */
    const gitSays = () => sha(git("cat-file", "blob", `HEAD:${POLICY}`));
    const inForce = async () => (await loadRunPolicy({ cwd: f.cwd, config: [] }, f.env)).sha256;
    const attack = async (command: string) => {
      const record = await runOnce({ prompt: "go", scenario: "shell", scenarioOptions: { command: `${command} && echo done` }, sandbox: "danger-full-access", cwd: f.cwd }, { env: f.env });
      expect(record.outcome, record.reason).toBe("ok");
      expect(JSON.stringify(record.events)).toMatch(/done/);
      return record;
    };

    // Read once: the process now knows what commit c1 holds.
    expect(await inForce()).toBe(sha(policyText("p1")));
    // A new commit through plumbing moves the branch; the index and the working copy get another
    // policy that is never committed.
    const first = await attack(
      `${commitWith("p2")} && git update-ref refs/heads/main $c && printf '${policyText("p3").replace(/\n/g, "\\n")}' > ${POLICY} && git add ${POLICY}`,
    );
    expect(first.safety?.policy.sha256).toBe(sha(policyText("p1")));
    expect(gitSays()).toBe(sha(policyText("p2")));
    expect(await inForce()).toBe(gitSays());
    const c2 = git("rev-parse", "HEAD").trim();

    // The branch packed, its loose ref gone, and packed-refs edited back to the first commit.
    await attack(`git pack-refs --all --prune && sed -i 's/^${c2} refs\\/heads\\/main$/${c1} refs\\/heads\\/main/' .git/packed-refs`);
    expect(git("rev-parse", "HEAD").trim()).toBe(c1);
    expect(await inForce()).toBe(gitSays());
    expect(gitSays()).toBe(sha(policyText("p1")));

    // HEAD detached at the second commit (known to the process), which a replace ref swaps for a
    // commit of a fourth policy: git reads the replacement.
    await attack(`${commitWith("p4", c1)} && git replace ${c2} $c && printf '${c2}\\n' > .git/HEAD`);
    expect(gitSays()).toBe(sha(policyText("p4")));
    expect(await inForce()).toBe(gitSays());

    // The next run itself records the policy git says is committed.
    const next = await runOnce({ prompt: "hi", scenario: "hello", cwd: f.cwd }, { env: f.env });
    expect(next.safety?.policy.origin).toBe("committed");
    expect(next.safety?.policy.sha256).toBe(gitSays());
  }, 120_000);
});

describe("headFromFiles", () => {
  it("names the commit git names, or leaves it to git when the repository is unusual", () => {
    const f = fixtureHome("git-head", { gitCeiling: true });
    const repo = path.join(f.cwd, "repo");
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    // Only the variables that redirect git matter; a test runner's own GIT_* are left out here.
    const env = {};
    const head = (top = repo) => headFromFiles(top, env)?.commit;
    git("init", "-q", "-b", "main");
    expect(head()).toBeUndefined(); // unborn branch: git's to say
    git("commit", "-q", "--allow-empty", "-m", "one");
    const one = git("rev-parse", "HEAD");
    expect(head()).toBe(one);
    expect(headFromFiles(repo, { GIT_DIR: path.join(repo, ".git") })).toBeUndefined();
    git("commit", "-q", "--allow-empty", "-m", "two");
    const two = git("rev-parse", "HEAD");
    expect(head()).toBe(two);
    // Packed: the loose ref gone, packed-refs answers; a loose ref written again wins over it.
    git("pack-refs", "--all", "--prune");
    expect(head()).toBe(two);
    writeFileSync(path.join(repo, ".git", "refs", "heads", "main"), `${one}\n`);
    expect(git("rev-parse", "HEAD")).toBe(one);
    expect(head()).toBe(one);
    // Detached.
    git("checkout", "-q", "--detach", two);
    expect(head()).toBe(two);
    // A worktree (a `.git` file naming its git directory, `commondir` back to the main one).
    git("checkout", "-q", "main");
    git("worktree", "add", "-q", "-b", "side", path.join(f.cwd, "wt"), two);
    expect(head(path.join(f.cwd, "wt"))).toBe(two);
    // A branch git keeps nowhere we read: left to git.
    writeFileSync(path.join(repo, ".git", "HEAD"), "ref: refs/heads/missing\n");
    expect(head()).toBeUndefined();
    writeFileSync(path.join(repo, ".git", "HEAD"), "ref: refs/tags/x\n");
    expect(head()).toBeUndefined();
    writeFileSync(path.join(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
    expect(head()).toBe(one);
    // A replace ref, a shallow file, grafts, a repository extension: git's to read.
    git("replace", one, two);
    expect(head()).toBeUndefined();
    git("replace", "-d", one);
    expect(head()).toBe(one);
    // The same replace ref packed (`git pack-refs --all`): refs/replace is then empty, the branch's
    // loose ref still answers, and git still swaps the commit; a packed replace ref is git's to read.
    git("replace", one, two);
    git("pack-refs", "--all");
    expect(git("show-ref")).toContain("refs/replace/");
    expect(head()).toBeUndefined();
    git("replace", "-d", one);
    expect(head()).toBe(one);
    for (const file of ["shallow", path.join("info", "grafts")]) {
      writeFileSync(path.join(repo, ".git", file), `${two}\n`);
      expect(head()).toBeUndefined();
      unlinkSync(path.join(repo, ".git", file));
    }
    git("config", "extensions.worktreeConfig", "true");
    expect(head()).toBeUndefined();
  });
});

// Red team 6: files git and a plain reading of them take differently. A run commits another policy
// with plumbing, moves no branch, then rewrites packed-refs so that refs/heads/main appears several
// times (git took another line than the first) or ends in CR (git refused it); and repositories whose
// HEAD names a branch git refuses, or whose worktree commondir ends in spaces. headFromFiles leaves
// such files to git (each failed before).
describe("packed-refs read differently from git", () => {
  for (const [name, lines] of [
    ["duplicate lines", `'%s refs/heads/main\\n%s refs/heads/main\\n%s refs/heads/main\\n' $c $h $h`],
    ["a trailing CR", `'%s refs/heads/main\\r\\n' $c`],
  ] as const) {
    it(`the next run's policy is what git says HEAD holds (${name})`, async () => {
      const { f, git } = policyRepoOf(`rt6-packed-${name.replace(/ /g, "-")}`, "committed");
      const record = await runOnce(
        { prompt: "go", scenario: "shell", scenarioOptions: { command: `${commitWith("hidden")} && h=$(git rev-parse HEAD) && git pack-refs --all --prune && printf ${lines} > .git/packed-refs && echo done` }, sandbox: "danger-full-access", cwd: f.cwd },
        { env: f.env },
      );
      expect(record.outcome, record.reason).toBe("ok");
      let gitSays: string | undefined;
      try {
        gitSays = sha(git("cat-file", "blob", `HEAD:${POLICY}`));
      } catch {
        gitSays = undefined; // git finds no HEAD: there is no committed policy
      }
      const inForce = (await loadRunPolicy({ cwd: f.cwd, config: [] }, f.env)).sha256;
      expect(inForce).not.toBe(sha(policyText("hidden")));
      expect(inForce).toBe(gitSays);
    }, 120_000);
  }
});

describe("headFromFiles against git (red team 6)", () => {
  const setup = (name: string) => {
    const f = fixtureHome(`rt6-head-${name}`, { gitCeiling: true });
    const repo = path.join(f.cwd, "repo");
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    git("init", "-q", "-b", "main");
    git("commit", "-q", "--allow-empty", "-m", "one");
    const one = git("rev-parse", "HEAD");
    git("commit", "-q", "--allow-empty", "-m", "two");
    const two = git("rev-parse", "HEAD");
    git("reset", "-q", "--hard", one);
    /** What git says HEAD is, or undefined when it finds none. */
    const gitHead = (top = repo) => {
      try {
        return execFileSync("git", ["rev-parse", "--verify", "-q", "HEAD"], { cwd: top, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
      } catch {
        return undefined;
      }
    };
    return { f, repo, git, one, two, gitHead };
  };

  it("a HEAD naming a branch git refuses as a ref name (refs/heads/a..b, refs/heads/a@{1})", () => {
    const { repo, two, gitHead } = setup("badname");
    for (const name of ["a..b", "a@{1}"]) {
      writeFileSync(path.join(repo, ".git", "refs", "heads", name), `${two}\n`);
      writeFileSync(path.join(repo, ".git", "HEAD"), `ref: refs/heads/${name}\n`);
      const ours = headFromFiles(repo, {})?.commit;
      if (ours !== undefined) expect(ours).toBe(gitHead());
    }
  });

  it("a worktree whose commondir ends in spaces (git keeps them, a trim does not)", () => {
    const { f, repo, git, one, two, gitHead } = setup("commondir");
    const wt = path.join(f.cwd, "wt");
    git("worktree", "add", "-q", "--detach", wt, one);
    const worktrees = path.join(repo, ".git", "worktrees");
    writeFileSync(path.join(worktrees, "wt", "commondir"), "../..  \n");
    // What git now takes for the common directory: a copy whose main names the first commit.
    const other = path.join(worktrees, "..  ");
    mkdirSync(other);
    execFileSync("cp", ["-a", ...["HEAD", "config", "objects", "refs"].map((n) => path.join(repo, ".git", n)), other]);
    writeFileSync(path.join(other, "refs", "heads", "main"), `${one}\n`);
    writeFileSync(path.join(repo, ".git", "refs", "heads", "main"), `${two}\n`);
    writeFileSync(path.join(worktrees, "wt", "HEAD"), "ref: refs/heads/main\n");
    const ours = headFromFiles(wt, {})?.commit;
    if (ours !== undefined) expect(ours).toBe(gitHead(wt));
  });
});
