// Red team 6: packed-refs that git and headFromFiles read differently. A danger-full-access run
// (allowed by the committed policy, as with an external sandbox) commits another policy with
// plumbing without moving any branch, then rewrites packed-refs so that refs/heads/main appears
// several times (or with a trailing CR). git still says HEAD holds the first policy; the next run is
// governed by the hidden commit's policy. Expected to FAIL until headFromFiles leaves such files to git.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunPolicy } from "../../src/safety/gate.js";
import { runOnce } from "../../src/run/runner.js";
import { headFromFiles } from "../../src/core/git-head.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const policyText = (marker: string) =>
  `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\ndefault = "read-only"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const POLICY = ".codex-headless/policy.toml";
const ID = "-c user.email=a@b -c user.name=a";
const hidden = () =>
  `b=$(printf '${policyText("hidden").replace(/\n/g, "\\n")}' | git hash-object -w --stdin) && d=$(printf '100644 blob %s\\tpolicy.toml\\n' $b | git mktree) && t=$(printf '040000 tree %s\\t.codex-headless\\n' $d | git mktree) && c=$(echo m | git ${ID} commit-tree $t -p HEAD) && h=$(git rev-parse HEAD)`;

describe("packed-refs read differently from git", () => {
  for (const [name, lines] of [
    ["duplicate lines", `'%s refs/heads/main\\n%s refs/heads/main\\n%s refs/heads/main\\n' $c $h $h`],
    ["a trailing CR", `'%s refs/heads/main\\r\\n' $c`],
  ] as const) {
    it(`the next run's policy is what git says HEAD holds (${name})`, async () => {
      const f = fixtureHome(`rt6-packed-${name.replace(/ /g, "-")}`, { gitCeiling: true, seededState: true });
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: f.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      git("init", "-q", "-b", "main");
      mkdirSync(path.join(f.cwd, ".codex-headless"));
      writeFileSync(path.join(f.cwd, POLICY), policyText("committed"));
      git("add", POLICY);
      git("commit", "-qm", "p1");
      const record = await runOnce(
        { prompt: "go", scenario: "shell", scenarioOptions: { command: `${hidden()} && git pack-refs --all --prune && printf ${lines} > .git/packed-refs && echo done` }, sandbox: "danger-full-access", cwd: f.cwd },
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
