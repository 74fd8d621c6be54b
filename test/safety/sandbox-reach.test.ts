// What a run's sandbox can write, computed before the run: the input to every location refusal.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { overrideValue, parseOverride } from "../../src/codex/config-overrides.js";
import { defaultPolicy } from "../../src/safety/policy.js";
import { reachingGitConfig, reachingHostProgram, reachingRoot, sandboxReach, type SandboxReach } from "../../src/safety/sandbox-reach.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { scratchDir } from "../helpers/paths.js";

describe("sandbox reach", () => {
  const f = fixtureHome("reach");
  const outside = path.join(path.dirname(f.cwd), "outside");
  mkdirSync(outside, { recursive: true });
  const reach = (sandbox: "read-only" | "workspace-write" | "danger-full-access", config: string[] = []) =>
    sandboxReach({ sandbox, cwd: f.cwd, env: f.env, policy: defaultPolicy(), config });

  it("workspace-write reaches the working directory and the temp dirs, but not the .git and .codex Codex keeps read-only", () => {
    const r = reach("workspace-write");
    expect(reachingRoot(r, path.join(f.cwd, "rec"))).toBe(f.cwd);
    expect(reachingRoot(r, path.join(f.env.TMPDIR!, "x"))).toBeDefined();
    expect(reachingRoot(r, "/tmp/x")).toBe("/tmp");
    expect(reachingRoot(r, path.join(f.cwd, ".git", "x"))).toBeUndefined();
    expect(reachingRoot(r, path.join(f.cwd, ".codex"))).toBeUndefined();
    expect(reachingRoot(r, outside)).toBeUndefined();
  });

  it("the .git Codex shields from the working directory's root is still in reach through another root (a repository under $TMPDIR)", () => {
    const repo = path.join(f.env.TMPDIR!, "proj");
    mkdirSync(path.join(repo, ".git"), { recursive: true });
    const r = sandboxReach({ sandbox: "workspace-write", cwd: repo, env: f.env, policy: defaultPolicy(), config: [] });
    expect(reachingRoot(r, path.join(repo, ".git"))).toBeDefined();
    expect(reachingRoot(r, path.join(repo, ".git"))).not.toBe(repo);
  });

  it("follows links both ways: a link outside into the workspace, and a link inside pointing out", () => {
    const r = reach("workspace-write");
    const into = path.join(outside, "into-ws");
    symlinkSync(f.cwd, into);
    expect(reachingRoot(r, path.join(into, "rec"))).toBeDefined();
    const out = path.join(f.cwd, "out-link");
    symlinkSync(outside, out);
    // The link itself is in the workspace: the sandbox can point it elsewhere during the run.
    expect(reachingRoot(r, path.join(out, "rec"))).toBe(f.cwd);
  });

  it("judges a reach's roots as they are now: a list changed in place is not answered from what it held before", () => {
    const r = reach("workspace-write");
    const extra = path.join(outside, "extra-root");
    expect(reachingRoot(r, path.join(extra, "x"))).toBeUndefined();
    r.roots.push(extra);
    expect(reachingRoot(r, path.join(extra, "x"))).toBe(extra);
    r.roots[r.roots.indexOf(extra)] = path.join(outside, "other-root");
    expect(reachingRoot(r, path.join(extra, "x"))).toBeUndefined();
    // The shield too: the cwd's .git, in reach once the list that kept it read-only is emptied.
    expect(reachingRoot(r, path.join(f.cwd, ".git", "x"))).toBeUndefined();
    r.readOnly.splice(0, r.readOnly.length);
    expect(reachingRoot(r, path.join(f.cwd, ".git", "x"))).toBe(f.cwd);
  });

  it("read-only reaches nothing; danger-full-access everything", () => {
    expect(reachingRoot(reach("read-only"), path.join(f.cwd, "rec"))).toBeUndefined();
    expect(reachingRoot(reach("danger-full-access"), outside)).toBe("/");
  });

  it("reads -c overrides as Codex does: keys trimmed, TOML values, the last one wins", () => {
    expect(parseOverride(" sandbox_workspace_write.writable_roots=[\"/x\"]")).toEqual({ key: "sandbox_workspace_write.writable_roots", value: ["/x"] });
    expect(parseOverride("approval_policy = never")).toEqual({ key: "approval_policy", value: "never" });
    expect(overrideValue(['a="1"', "a=2"], "a")).toBe(2);
    const r = reach("workspace-write", [` sandbox_workspace_write.writable_roots=[${JSON.stringify(outside)}]`, "sandbox_workspace_write.exclude_slash_tmp=true"]);
    expect(reachingRoot(r, path.join(outside, "x"))).toBe(outside);
    expect(reachingRoot(r, "/tmp/x")).toBeUndefined();
  });
});

const reachOf = (...roots: string[]): SandboxReach => ({ sandbox: "workspace-write", unbounded: false, roots, readOnly: [] });

describe("reachingGitConfig: include paths as git expands them (red team 16)", () => {
  const me = os.userInfo();
  const dir = scratchDir("git-config-reach");
  const global = path.join(dir, "global.gitconfig");
  const env = { PATH: process.env.PATH ?? "", HOME: path.join(dir, "home"), GIT_CONFIG_GLOBAL: global };

  it("an include under another user's home in reach, or of a user nobody can name, is judged (reachingGitConfig)", () => {
    writeFileSync(global, `[include]\n\tpath = ~${me.username}/.rt16-x\n`);
    expect(reachingGitConfig(reachOf(me.homedir), env, [], [dir])).toEqual({ file: path.join(me.homedir, ".rt16-x"), root: me.homedir });
    writeFileSync(global, `[include]\n\tpath = ~no-such-user-rt16/.gitconfig\n`);
    expect(reachingGitConfig(reachOf(), env, [], [dir])).toMatchObject({ file: global, why: expect.stringMatching(/includes ~no-such-user-rt16\/\.gitconfig, which is taken from the home of no-such-user-rt16/) });
  });
});

describe("reachingHostProgram: programs the environment makes git run (red team 16)", () => {
  const dir = scratchDir("git-env-programs");
  const tmp = path.join(dir, "tmp");
  mkdirSync(path.join(tmp, "bin"), { recursive: true });
  writeFileSync(path.join(tmp, "bin", "askpass-rt16"), "#!/bin/sh\n", { mode: 0o755 });
  mkdirSync(path.join(dir, "bin"));
  symlinkSync(path.join(tmp, "bin", "askpass-rt16"), path.join(dir, "bin", "askpass-rt16"));
  const reach = reachOf(tmp);
  const base = { PATH: "/usr/bin:/bin" };
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ["GIT_EXEC_PATH", { GIT_EXEC_PATH: path.join(tmp, "git-core") }, path.join(tmp, "git-core")],
    ["GIT_SSH_COMMAND's ProxyCommand", { GIT_SSH_COMMAND: `ssh -o ProxyCommand=${tmp}/p %h` }, `${tmp}/p`],
    ["GIT_ASKPASS found on PATH, a link into reach", { PATH: `${dir}/bin:/usr/bin`, GIT_ASKPASS: "askpass-rt16" }, path.join(dir, "bin", "askpass-rt16")],
    ["core.hooksPath relative, in GIT_CONFIG_COUNT", { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.hooksPath", GIT_CONFIG_VALUE_0: "../tmp/hooks" }, path.join(tmp, "hooks")],
    ["credential.helper as a shell command, in GIT_CONFIG_PARAMETERS", { GIT_CONFIG_PARAMETERS: `'credential.helper'='!${tmp}/h get'` }, `${tmp}/h`],
    ["an ext:: command in url.*.insteadOf", { GIT_CONFIG_PARAMETERS: `'url.ext::sh -c ${tmp}/x.insteadOf'='https://github.com/openai/plugins.git'`, GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "protocol.ext.allow", GIT_CONFIG_VALUE_0: "always" }, `${tmp}/x`],
    ["an alias", { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "alias.st", GIT_CONFIG_VALUE_0: `!${tmp}/st` }, `${tmp}/st`],
    ["a pager of one command", { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "pager.status", GIT_CONFIG_VALUE_0: `${tmp}/less` }, `${tmp}/less`],
    ["a URL rewrite and a user name, which name no program", { GIT_CONFIG_COUNT: "2", GIT_CONFIG_KEY_0: "url.https://github.com/.insteadOf", GIT_CONFIG_VALUE_0: "git@github.com:", GIT_CONFIG_KEY_1: "user.name", GIT_CONFIG_VALUE_1: `${tmp}/name` }, undefined],
  ];
  it("takes a relative program from every folder git runs in (Codex's home among them), a PATH entry from the searching process's only", () => {
    const env = { ...base, GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "credential.helper", GIT_CONFIG_VALUE_0: "../../tmp/h" };
    expect(reachingHostProgram(reach, env, path.join(dir, "work"))).toBeUndefined();
    expect(reachingHostProgram(reach, env, path.join(dir, "work"), [path.join(dir, "state", "home-")])?.file).toBe(path.join(tmp, "h"));
  });

  for (const [what, env, file] of cases) {
    it(`${file ? "judges" : "leaves"} ${what}`, () => {
      const found = reachingHostProgram(reach, { ...base, ...env }, path.join(dir, "work"));
      expect(found?.file).toBe(file);
      if (file) expect(found?.root).toBe(tmp);
    });
  }
});
