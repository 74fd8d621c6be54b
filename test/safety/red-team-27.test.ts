// Red team for issue #27 (the outer jail, a user's sandbox_mode, --seed-config), on the real pinned
// Codex with the mock provider. Each test states what the docs promise; `escape(...)` marks one still
// open (it.fails: it turns red once fixed, so drop `.fails` then). RED27_SHOW=1 runs them as plain
// tests, to see each one fail on the assertion that shows the escape.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

const escape = process.env.RED27_SHOW ? it : it.fails;

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
  const f = fixtureHome(prefix);
  const root = path.dirname(f.cwd);
  const policy = path.join(root, "policy.toml");
  writeFileSync(policy, JAILED_DANGER);
  return { ...f, env: { ...f.env, GIT_CEILING_DIRECTORIES: root }, root, policy, pwned: path.join(root, "PWNED") };
}

function jailed(command: string, policy: string, ...rest: string[]): string[] {
  return ["run", "--jail", "--provider", "mock", "--sandbox", "danger-full-access", "--approval", "never", "--policy", policy, "--scenario", "shell", "--scenario-option", `command=${command}`, ...rest, "go"];
}

function plain(command: string, ...rest: string[]): string[] {
  return ["run", "--provider", "mock", "--scenario", "shell", "--scenario-option", `command=${command}`, ...rest, "go"];
}

/** A `notify` program that leaves the PWNED marker: Codex runs it outside any sandbox after a turn. */
const plantNotify = (pwned: string) => `printf 'notify = ["/bin/sh", "-c", "touch ${pwned}"]\\n' >> "$CODEX_HOME/config.toml" && echo planted`;

describe("red team #27: the jail, a user's sandbox_mode, --seed-config", () => {
  // The jail binds the run's home read-write ("a path or repo home is still checked by its seal"), but
  // the runner re-seals a repo/path home after every run with whatever is in it then: what the jailed
  // danger-full-access command planted becomes "ours". The next run in that home, unjailed and
  // read-only, passes the seal check and Codex runs the planted notify program on the host.
  escape("A. a jailed run plants notify in its path home; the seal takes it, and the next unjailed read-only run executes it", async () => {
    const f = victim("red27-jail-home-plant");
    const home = path.join(f.root, "codex-home");
    mkdirSync(home);
    const planted = await runCli(jailed(plantNotify(f.pwned), f.policy, "--home", home), { ...f, deadlineMs: 110_000 });
    expect(planted.code, planted.stderr).toBe(0);
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toMatch(/notify/);
    // Inside the jail the marker's folder is not there: nothing ran on the host yet.
    expect(existsSync(f.pwned)).toBe(false);
    const later = await runCli(plain("true", "--sandbox", "read-only", "--home", home), { ...f, deadlineMs: 110_000 });
    // The later run should be refused by the seal (exit 4), nothing executed.
    expect(existsSync(f.pwned)).toBe(false);
    expect(later.code).toBe(4);
    expect(later.stderr).toMatch(/home seal|changed since codex-headless last ran/);
  });

  // Same root cause, through the feature "a user's sandbox_mode is honoured only for homes out of
  // every sandbox's reach": the jailed run's home is left out of the jail's reach (jailReach: the
  // workspace and write_paths only) and out of the history, so a sandbox_mode the jailed command
  // planted there is taken as the user's: the next run naming no sandbox gets workspace-write instead
  // of the policy's default read-only, and writes the workspace.
  escape("A2. a jailed run plants sandbox_mode in its path home; the next run naming no sandbox honours it as the user's", async () => {
    const f = victim("red27-jail-home-mode");
    const home = path.join(f.root, "codex-home");
    mkdirSync(home);
    const plant = `printf 'sandbox_mode = "workspace-write"\\n' >> "$CODEX_HOME/config.toml" && echo planted`;
    const planted = await runCli(jailed(plant, f.policy, "--home", home), { ...f, deadlineMs: 110_000 });
    expect(planted.code, planted.stderr).toBe(0);
    const later = await runCli(plain("echo x > widened.txt", "--home", home), { ...f, deadlineMs: 110_000 });
    expect(later.code, later.stderr).toBe(0);
    // The policy's default (read-only) should govern: the file must not land.
    expect(existsSync(path.join(f.cwd, "widened.txt"))).toBe(false);
  });

  // A jailed run writes its workspace "whatever its mode", so its roots join the history (runner.ts)
  // with its cwd marked as a cwd: withEarlierRoots then takes that cwd's top-level `.git` and `.codex`
  // as shielded, as Codex's own workspace-write sandbox shields them. A jailed danger-full-access run
  // has no Codex sandbox inside: it commits a policy (a write to `.git`) that makes danger-full-access
  // the default with the operator's statement, and the next UNJAILED run in that repository, naming
  // nothing, trusts the committed policy (its .git judged out of reach) and runs with no sandbox at
  // all: a command writes outside the workspace on the host.
  escape("D. a jailed danger run commits a policy in its workspace; the history calls that .git shielded, and the next unjailed run runs danger-full-access", async () => {
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
  escape("E. an ambient config.toml linked into a workspace: the gate notices it is in reach, ignores only its sandbox_mode, and Codex runs its planted notify", async () => {
    const f = victim("red27-linked-config");
    const dotfiles = path.join(f.home, "dotfiles");
    mkdirSync(path.join(dotfiles, "codex"), { recursive: true });
    mkdirSync(path.join(f.home, ".codex"));
    writeFileSync(path.join(dotfiles, "codex", "config.toml"), 'model_reasoning_effort = "low"\n');
    symlinkSync(path.join(dotfiles, "codex", "config.toml"), path.join(f.home, ".codex", "config.toml"));
    const plant = `printf 'notify = ["/bin/sh", "-c", "touch ${f.pwned}"]\\n' >> codex/config.toml && echo planted`;
    const planted = await runCli(plain(plant, "--sandbox", "workspace-write", "--home", "ambient"), { ...f, cwd: dotfiles, deadlineMs: 110_000 });
    expect(planted.code, planted.stderr).toBe(0);
    expect(planted.stdout).toMatch(/planted/);
    expect(existsSync(f.pwned)).toBe(false);
    const later = await runCli(plain("true", "--home", "ambient"), { ...f, cwd: dotfiles, deadlineMs: 110_000 });
    expect(later.stderr).toMatch(/is not read for sandbox_mode: the workspace-write sandbox can write under/);
    // Should be refused (a home whose configuration lies in reach), nothing executed.
    expect(existsSync(f.pwned)).toBe(false);
    expect(later.code).not.toBe(0);
  });

  // The gate refuses `--jail --home ambient`, by mode name only. The same folder spelled as a path is
  // a "path home": bound read-write into the jail, so a jailed danger-full-access command writes the
  // user's own ~/.codex/config.toml, which every later ambient run (and a bare `codex`) executes
  // unsandboxed and unsealed.
  escape("C. --jail --home $HOME/.codex (the ambient home as a path) lets a jailed run plant notify in the ambient home", async () => {
    const f = victim("red27-jail-ambient-path");
    const ambient = path.join(f.home, ".codex");
    mkdirSync(ambient);
    const refused = await runCli(jailed("true", f.policy, "--home", "ambient"), { ...f, deadlineMs: 60_000 });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/--jail needs a home codex-headless prepares/);
    const planted = await runCli(jailed(plantNotify(f.pwned), f.policy, "--home", ambient), { ...f, deadlineMs: 110_000 });
    await runCli(plain("true", "--sandbox", "read-only", "--home", "ambient"), { ...f, deadlineMs: 110_000 });
    expect(existsSync(f.pwned)).toBe(false);
    // Should be refused like `--home ambient`, nothing planted.
    expect(planted.code).toBe(4);
    expect(existsSync(path.join(ambient, "config.toml"))).toBe(false);
  });

  // Same class as C: the jailed home may be any path but the ambient mode and $HOME itself, so it may
  // be our state directory. Bound read-write into the jail, it is open to the jailed command: it wipes
  // the history of writable roots (or forges seals, probe verdicts, repo homes). Shown here with the
  // history: a home planted in a workspace by an earlier workspace-write run is refused from another
  // folder until the jailed run empties sandbox-roots.jsonl; then a read-only run takes it and Codex
  // runs its notify program on the host.
  escape("F. --jail --home <our state directory>: the jailed run wipes the history of writable roots, and a home planted earlier is trusted", async () => {
    const f = victim("red27-jail-state-home");
    const other = path.join(f.root, "other");
    mkdirSync(other);
    const state = path.join(f.home, ".local", "state", "codex-headless");
    const plant = `mkdir -p h && printf 'notify = ["/bin/sh", "-c", "touch ${f.pwned}"]\\n' > h/config.toml && echo planted`;
    const planted = await runCli(plain(plant, "--sandbox", "workspace-write"), { ...f, deadlineMs: 110_000 });
    expect(planted.stdout).toMatch(/planted/);
    const home = path.join(f.cwd, "h");
    const refused = await runCli(plain("true", "--sandbox", "read-only", "--home", home), { ...f, cwd: other, deadlineMs: 60_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/lies where a sandboxed run can write/);
    const wipe = await runCli(jailed(": > \"$CODEX_HOME/sandbox-roots.jsonl\"; echo wiped:$?", f.policy, "--home", state), { ...f, deadlineMs: 110_000 });
    await runCli(plain("true", "--sandbox", "read-only", "--home", home), { ...f, cwd: other, deadlineMs: 110_000 });
    expect(existsSync(f.pwned)).toBe(false);
    // Should be refused (the state directory is no home for a run that can write its home).
    expect(wipe.code).toBe(4);
  });

  // The jail binds the Codex binary's folder read-only, or its parent when that folder is `bin`
  // (codexRoot in safety/jail.ts). A Codex installed as ~/bin/codex (or `--codex system` finding one
  // there) binds the whole HOME over the jail's empty tmpfs: every file in HOME (~/.ssh, ~/.codex's
  // auth.json, cloud credentials) is readable inside, and the provider is the one way out.
  escape("B. --codex ~/bin/codex binds all of HOME into the jail: a secret file in HOME is read", async () => {
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
