// Red team for issue #27 (the outer jail, a user's sandbox_mode, --seed-config), on the real pinned
// Codex with the mock provider. Each test states what the docs promise; each escape the red team found
// is now a test of its fix (they failed before it).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, shellRunArgs } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

/** A policy that allows danger-full-access for jailed runs only (no statement, no container): the
 *  jail's own use case (docs/policy.md, "The outer jail"). */
const JAILED_DANGER = `version = 1
[sandbox]
modes = ["read-only", "workspace-write", "danger-full-access"]
[danger]
allow = true
`;

/** A fixture outside any git repository, its policy beside the workspace, a stand-in $HOME/PWNED. */
function victim(prefix: string): FixtureHome & { root: string; policy: string; pwned: string } {
  const f = fixtureHome(prefix, { gitCeiling: true });
  const policy = path.join(f.root, "policy.toml");
  writeFileSync(policy, JAILED_DANGER);
  return { ...f, policy, pwned: path.join(f.root, "PWNED") };
}

function jailed(command: string, policy: string, ...rest: string[]): string[] {
  return ["run", "--jail", "--provider", "mock", "--sandbox", "danger-full-access", "--approval", "never", "--policy", policy, "--scenario", "shell", "--scenario-option", `command=${command}`, ...rest, "go"];
}

function plain(command: string, ...rest: string[]): string[] {
  return shellRunArgs(command, [], rest);
}

/** A `notify` program that leaves the PWNED marker: Codex runs it outside any sandbox after a turn. */
const plantNotify = (pwned: string) => `printf 'notify = ["/bin/sh", "-c", "touch ${pwned}"]\\n' >> "$CODEX_HOME/config.toml" && echo planted`;

describe("red team #27: the jail, a user's sandbox_mode, --seed-config", () => {
  // Found: the jail bound a repo or path home read-write, and the runner re-sealed it after the run with
  // what the jailed danger-full-access command planted there (notify, sandbox_mode): the next unjailed
  // run executed it on the host (A), or took the planted sandbox_mode as the user's (A2). The same home
  // spelled as the ambient one (C) or as our state directory (F, where the jailed command emptied the
  // history of writable roots) was accepted too. Fixed by rule: a jail takes only `--home isolated`.
  it("A, A2, C, F. a jailed run with a home that outlives it (a path, the ambient home as a path, our state directory, repo) is refused before anything runs", async () => {
    const f = victim("red27-jail-homes");
    const path_ = path.join(f.root, "codex-home");
    mkdirSync(path_);
    const ambient = path.join(f.home, ".codex");
    mkdirSync(ambient, { recursive: true });
    const state = path.join(f.home, ".local", "state", "codex-headless");
    for (const home of [path_, ambient, state, "repo"]) {
      const planted = await runCli(jailed(plantNotify(f.pwned), f.policy, "--home", home), { ...f, deadlineMs: 60_000 });
      expect(planted.code, `${home}: ${planted.stderr}`).toBe(4);
      expect(planted.stderr).toMatch(/--jail needs --home isolated: a home that outlives the run/);
      expect(planted.stdout).toBe("");
    }
    expect(existsSync(path.join(path_, "config.toml"))).toBe(false);
    expect(existsSync(path.join(ambient, "config.toml"))).toBe(false);
    expect(existsSync(path.join(state, "sandbox-roots.jsonl"))).toBe(false);
    expect(existsSync(f.pwned)).toBe(false);
  });

  // A jailed run writes its workspace "whatever its mode", so its roots join the history (runner.ts)
  // with its cwd marked as a cwd: withEarlierRoots then takes that cwd's top-level `.git` and `.codex`
  // as shielded, as Codex's own workspace-write sandbox shields them. A jailed danger-full-access run
  // has no Codex sandbox inside: it commits a policy (a write to `.git`) that makes danger-full-access
  // the default with the operator's statement, and the next UNJAILED run in that repository, naming
  // nothing, trusts the committed policy (its .git judged out of reach) and runs with no sandbox at
  // all: a command writes outside the workspace on the host.
  it("D. a jailed danger run commits a policy in its workspace; the history called that .git shielded, and the next unjailed run ran danger-full-access (fixed: recorded as a plain root)", async () => {
    const f = victim("red27-jail-commit-policy");
    const g = (...args: string[]) => execFileSync("git", ["-c", "user.email=a@b", "-c", "user.name=a", ...args], { cwd: f.cwd, env: f.env });
    g("init", "-q");
    writeFileSync(path.join(f.cwd, "README"), "hi\n");
    g("add", ".");
    g("commit", "-qm", "init");
    const loose = 'version = 1\\n[sandbox]\\nmodes = ["read-only", "workspace-write", "danger-full-access"]\\ndefault = "danger-full-access"\\n[danger]\\nallow = true\\nexternally_sandboxed = true\\nrequire_container = false\\n';
    const plant = `mkdir -p .codex-headless && printf '${loose}' > .codex-headless/policy.toml && git add . && git -c user.email=a@b -c user.name=a commit -qm p && echo planted`;
    const planted = await runCli(jailed(plant, f.policy), { ...f, deadlineMs: 110_000 });
    expect(planted.code, planted.stderr).toBe(0);
    expect(planted.stdout).toMatch(/planted/);
    // The next run names no policy, no sandbox, no jail: it should be refused (policy location, exit 4).
    const later = await runCli(plain(`touch ${f.pwned}; echo ran`), { ...f, deadlineMs: 110_000 });
    expect(existsSync(f.pwned)).toBe(false);
    expect(later.code).toBe(4);
    expect(later.stderr).toMatch(/policy location/);
  });

  // user-config.ts follows links in a home's config.toml ("dotfile managers link config.toml") and,
  // when the link leads where a sandboxed run can write, says so and ignores its sandbox_mode. But the
  // run goes on, and Codex loads the rest of that file: a workspace-write run in the dotfiles repository
  // appends a notify program to the linked config.toml, and the next run (read-only, ambient home)
  // prints the notice "is not read for sandbox_mode: the workspace-write sandbox can write under ..."
  // and then executes the planted program outside the sandbox.
  it("E. an ambient config.toml linked into a workspace: the run was not refused and Codex ran its planted notify (fixed: a control file linked into reach is refused)", async () => {
    const f = victim("red27-linked-config");
    const dotfiles = path.join(f.home, "dotfiles");
    mkdirSync(path.join(dotfiles, "codex"), { recursive: true });
    mkdirSync(path.join(f.home, ".codex"));
    writeFileSync(path.join(dotfiles, "codex", "config.toml"), 'model_reasoning_effort = "low"\n');
    symlinkSync(path.join(dotfiles, "codex", "config.toml"), path.join(f.home, ".codex", "config.toml"));
    const plant = `printf 'notify = ["/bin/sh", "-c", "touch ${f.pwned}"]\\n' >> codex/config.toml && echo planted`;
    // The run that could plant it is refused already (its own workspace holds the linked file), and so
    // is a later one from the same folder: one line, exit 2, nothing ran.
    for (const args of [plain(plant, "--sandbox", "workspace-write", "--home", "ambient"), plain("true", "--home", "ambient")]) {
      const result = await runCli(args, { ...f, cwd: dotfiles, deadlineMs: 110_000 });
      // ~/.codex is also an ancestor's `.codex` of the dotfiles folder: since red team 21 the gate's
      // project-config check refuses the link first (exit 4); the home guard would (exit 2).
      expect([2, 4], result.stderr).toContain(result.code);
      expect(result.stderr).toMatch(/config\.toml is a link to .*(which lies where|which a sandboxed run could have written)/);
      expect(result.stdout).not.toMatch(/planted/);
    }
    expect(readFileSync(path.join(dotfiles, "codex", "config.toml"), "utf8")).not.toMatch(/notify/);
    expect(existsSync(f.pwned)).toBe(false);
  });

  // The jail binds the Codex binary's folder read-only, or its parent when that folder is `bin`
  // (codexRoot in safety/jail.ts). A Codex installed as ~/bin/codex (or `--codex system` finding one
  // there) binds the whole HOME over the jail's empty tmpfs: every file in HOME (~/.ssh, ~/.codex's
  // auth.json, cloud credentials) is readable inside, and the provider is the one way out.
  it("B. --codex ~/bin/codex bound all of HOME into the jail (fixed: never a folder holding HOME; the binary alone)", async () => {
    const f = victim("red27-jail-codex-in-home");
    const secret = "red27-home-secret-9d41";
    writeFileSync(path.join(f.home, "secret.txt"), `${secret}\n`, { mode: 0o600 });
    mkdirSync(path.join(f.home, "bin"));
    const mine = path.join(f.home, "bin", "codex");
    copyFileSync(path.join(REPO_ROOT, "node_modules", "@openai", "codex-linux-x64", "vendor", "x86_64-unknown-linux-musl", "bin", "codex"), mine);
    const result = await runCli(jailed('cat "$HOME/secret.txt"; echo R:$?', f.policy, "--codex", mine), { ...f, deadlineMs: 110_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/R:\d/);
    // HOME should be an empty tmpfs: the secret must not be readable.
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout).not.toMatch(/R:0/);
  });
});
