// What HEAD holds under each `.codex` folder a sandboxed run could write is read in one `git ls-tree`
// per repository and kept by commit id in a long-lived process (issue 25): the gate asked git once
// per folder per run before. Kept answers must never stand in for what git says now: after a run
// edits a file, commits another version, or moves HEAD back, each check judges the working files
// against exactly the commit HEAD names then. Real git, no Codex: the check runs before Codex starts.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkProjectConfig } from "../../src/safety/project-config.js";
import type { SandboxReach } from "../../src/safety/sandbox-reach.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("project configuration judged against the commit HEAD names, read once per commit", () => {
  it("follows edits, new commits and HEAD moved back, for every candidate folder in one repository", async () => {
    const f = fixtureHome("project-config-cache", { gitCeiling: true });
    // A writable root inside a repository whose `.git` is out of reach (a folder an earlier run could
    // write, as an extra writable root): the root's `.codex` and the working directory's below it are
    // both candidates, read together.
    const repo = path.join(f.root, "repo");
    const root = path.join(repo, "a");
    const cwd = path.join(root, "b");
    mkdirSync(path.join(root, ".codex"), { recursive: true });
    mkdirSync(path.join(cwd, ".codex"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    const top = path.join(root, ".codex", "config.toml");
    const inner = path.join(cwd, ".codex", "config.toml");
    git("init", "-q", "-b", "main");
    writeFileSync(top, 'model = "a"\n');
    writeFileSync(inner, 'model = "inner"\n');
    git("add", ".");
    git("commit", "-qm", "one");
    const first = git("rev-parse", "HEAD");
    const reach: SandboxReach = { sandbox: "workspace-write", unbounded: false, roots: [root], readOnly: [] };
    const check = () => checkProjectConfig(cwd, reach);
    // The nearest folder is judged first, as before.
    const refusedFor = async (file: string) => expect(check()).rejects.toThrow(new RegExp(`refused: ${path.dirname(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} could have been written`));

    await expect(check()).resolves.toBeUndefined();
    await expect(check()).resolves.toBeUndefined(); // the kept answer
    // A working file edited after the commit was read: refused, from the kept tree too.
    writeFileSync(top, 'model = "b"\n');
    await refusedFor(top);
    // Committed: another commit, judged as git now says.
    git("commit", "-qam", "two");
    await expect(check()).resolves.toBeUndefined();
    // HEAD moved back to the first commit (the kept one): the working file is version b, not committed there.
    git("update-ref", "refs/heads/main", first);
    await refusedFor(top);
    writeFileSync(top, 'model = "a"\n');
    await expect(check()).resolves.toBeUndefined();
    // A file added to the inner folder, and one removed from it: each refused for that folder.
    writeFileSync(path.join(cwd, ".codex", "extra.toml"), "x = 1\n");
    await refusedFor(inner);
    execFileSync("rm", [path.join(cwd, ".codex", "extra.toml"), inner]);
    await expect(check()).rejects.toThrow(/the committed a\/b\/\.codex\/config\.toml is missing/);
  });

  it("takes a .codex folder holding no file as no folder (nothing to load), and refuses one holding a file", async () => {
    const f = fixtureHome("project-config-empty", { gitCeiling: true });
    const root = path.join(f.root, "writable");
    const cwd = path.join(root, "work", "sub");
    mkdirSync(path.join(root, ".codex", "rules", "empty"), { recursive: true });
    mkdirSync(cwd, { recursive: true });
    const reach: SandboxReach = { sandbox: "workspace-write", unbounded: false, roots: [root], readOnly: [] };
    // In no repository: the suite's scratch space lies in this project's work tree, and the check looks
    // repositories up with this process's environment.
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = f.root;
    try {
      await expect(checkProjectConfig(cwd, reach)).resolves.toBeUndefined();
      writeFileSync(path.join(root, ".codex", "rules", "empty", "x.rules"), "prefix_rule(pattern=[\"rm\"], decision=\"allow\")\n");
      await expect(checkProjectConfig(cwd, reach)).rejects.toThrow(/writable\/\.codex could have been written by a sandboxed run .* and it is in no git repository/);
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    }
  });
});
