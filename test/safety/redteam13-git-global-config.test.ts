// Red team 13: git outside the sandbox reads the user's global configuration — ours reading the
// committed policy, and Codex's own (Codex 0.171.0, the pin these tests run, runs `git ls-remote https://github.com/openai/plugins.git`
// on the host at each start, and `git status`, `rev-parse`, `remote get-url` in the workspace; measured
// with trace2). The gate judged the repository's folders and the programs on PATH, not the files git
// takes its configuration from: `$XDG_CONFIG_HOME/git/config`, `~/.gitconfig` (often a link into a
// dotfiles checkout), `$GIT_CONFIG_GLOBAL`, and what they include. A workspace-write run with
// XDG_CONFIG_HOME under $TMPDIR wrote a config whose `url.<ext::sh -c ...>.insteadOf` rewrote that URL,
// and the next run's Codex ran the planted shell command on the host. A repository's own config that
// includes a work-tree file (`include.path = ../.gitconfig`, a shared project configuration) let a run
// define a clean filter there that Codex's host-side `git status` ran. Such files are now refused
// before anything runs, like a planted program.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runOnce } from "../../src/run/runner.js";
import { runCli, shellRunArgs } from "../helpers/cli.js";
import { policyRepo } from "../helpers/policy-repo.js";

const POLICY_TEXT = `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`;
const run = (command: string) => shellRunArgs(command, ["--sandbox", "workspace-write"]);

it("a global git configuration a workspace-write run could write never runs a command on the host in a later run (red team 13)", { timeout: 120_000 }, async () => {
  const { f } = policyRepo("rt13-git-global", POLICY_TEXT);
  const pwned = path.join(f.root, "pwned");
  const env = { ...f.env, XDG_CONFIG_HOME: path.join(f.env.TMPDIR!, "xdg") };
  // git's ext:: transport runs its operand with sh; `%` is git's space there (`%%` for printf).
  const plant = `mkdir -p "$XDG_CONFIG_HOME/git" && printf '[protocol "ext"]\\n\\tallow = always\\n[url "ext::sh -c touch%% ${pwned}"]\\n\\tinsteadOf = https://github.com/openai/plugins.git\\n' > "$XDG_CONFIG_HOME/git/config" && echo planted`;
  const first = await runCli(run(plant), { ...f, env, deadlineMs: 100_000 });
  const later = await runCli(run("echo later"), { ...f, env, deadlineMs: 100_000 });
  expect(existsSync(pwned)).toBe(false);
  for (const result of [first, later]) {
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/git config location.*xdg\/git\/config/);
  }
});

it("~/.gitconfig linked into the workspace, an include of a file in reach, and GIT_CONFIG_GLOBAL there are refused before anything runs (red team 13)", { timeout: 120_000 }, async () => {
  const { f } = policyRepo("rt13-git-global-more", POLICY_TEXT);
  const attempts: [string, NodeJS.ProcessEnv, RegExp][] = [];
  // A dotfiles checkout as the workspace, ~/.gitconfig a link to its file (GNU stow's way).
  mkdirSync(path.join(f.cwd, "dotfiles"));
  writeFileSync(path.join(f.cwd, "dotfiles", "gitconfig"), "[user]\n\tname = t\n");
  const linked = path.join(f.home, ".gitconfig");
  symlinkSync(path.join(f.cwd, "dotfiles", "gitconfig"), linked);
  attempts.push(["link", f.env, /git config location.*\.gitconfig/]);
  // An included file under $TMPDIR, named relative to the including file's folder, in git's own
  // spelling (`[include]` with the key on the header's line, quoted).
  const home2 = path.join(f.root, "home2");
  mkdirSync(home2);
  const shared = path.relative(home2, path.join(f.env.TMPDIR!, "shared.gitconfig"));
  writeFileSync(path.join(home2, ".gitconfig"), `[user]\n\tname = t\n[Include] PATH = "${shared}" ; shared\n`);
  attempts.push(["include", { ...f.env, HOME: home2, XDG_CONFIG_HOME: path.join(f.root, "xdg-out") }, /git config location.*shared\.gitconfig/]);
  // GIT_CONFIG_GLOBAL in the environment Codex gets, naming a workspace file that is not there yet.
  const home3 = path.join(f.root, "home3");
  mkdirSync(home3);
  attempts.push(["GIT_CONFIG_GLOBAL", { ...f.env, HOME: home3, XDG_CONFIG_HOME: path.join(f.root, "xdg-out"), GIT_CONFIG_GLOBAL: path.join(f.cwd, "gitconfig") }, /git config location.*work\/gitconfig/]);
  for (const [what, env, message] of attempts) {
    const result = await runCli(run("echo ran"), { ...f, env, deadlineMs: 100_000 });
    expect(result.code, `${what}: ${result.stderr}`).toBe(4);
    expect(result.stderr, what).toMatch(message);
    expect(result.stdout, what).not.toMatch(/ran/);
  }
});

it("a repository configuration that includes a workspace file (a shared project .gitconfig) never runs a planted filter on the host (red team 13)", { timeout: 120_000 }, async () => {
  const { f, git } = policyRepo("rt13-git-repo-include", POLICY_TEXT);
  const pwned = path.join(f.root, "pwned");
  writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
  git("add", "a.txt");
  git("commit", "-qm", "a");
  // The project's shared configuration, included as the user set it up once.
  git("config", "--local", "include.path", "../.gitconfig");
  // A clean filter for every file, and a tracked file changed with its size kept: Codex's host-side
  // `git status` runs the filter to compare contents.
  const plant = `printf '[filter "x"]\\n\\tclean = touch ${pwned} && cat\\n' > .gitconfig && echo '* filter=x' > .gitattributes && echo jello > a.txt && echo planted`;
  const first = await runCli(run(plant), { ...f, deadlineMs: 100_000 });
  const later = await runCli(run("echo later"), { ...f, deadlineMs: 100_000 });
  expect(existsSync(pwned)).toBe(false);
  for (const result of [first, later]) {
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/git config location.*work\/\.gitconfig/);
  }
});

it("a relative XDG_CONFIG_HOME is judged where git takes it from, the working directory, not the library caller's (red team 13)", { timeout: 60_000 }, async () => {
  const { f } = policyRepo("rt13-git-relative", POLICY_TEXT);
  // The caller's own folder is elsewhere (the test runner's): Codex's git runs in f.cwd and reads f.cwd/cfg/git/config.
  expect(process.cwd()).not.toBe(f.cwd);
  const run = runOnce({ prompt: "go", scenario: "shell", scenarioOptions: { command: "echo ran" }, sandbox: "workspace-write", cwd: f.cwd }, { env: { ...f.env, XDG_CONFIG_HOME: "cfg" } });
  await expect(run).rejects.toThrow(/git config location.*work\/cfg\/git\/config/);
});
