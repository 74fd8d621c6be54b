// Red team 17: `git config location` expands include paths as git opens them (a link before a `..`
// followed: core/git.ts kernelPath), but the top files the environment names — GIT_CONFIG_GLOBAL,
// GIT_CONFIG_SYSTEM, XDG_CONFIG_HOME, HOME — are taken by `path.resolve`, which drops `<link>/..` by
// text. With `<home>/cfg/current` a link to `<workspace>/cfg/v1`, GIT_CONFIG_GLOBAL
// `<home>/cfg/current/../gc` is `<workspace>/cfg/gc` for git and `<home>/cfg/gc` for the gate: what a
// workspace-write run writes there (a clean filter, an `ext::` insteadOf) runs in Codex's host-side git.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { filteredRepo, plantedGitConfig } from "../helpers/policy-repo.js";

const run = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", "command=echo ran", "go"];

it.each([
  ["GIT_CONFIG_GLOBAL", (link: string) => ({ GIT_CONFIG_GLOBAL: `${link}/../gc` }), "gc"],
  ["XDG_CONFIG_HOME", (link: string) => ({ XDG_CONFIG_HOME: `${link}/../xdg` }), "xdg/git/config"],
] as const)("%s whose `..` follows a link into the workspace: the configuration planted there never runs on the host (red team 17)", { timeout: 120_000 }, async (name, envOf, planted) => {
  const { f, pwned } = filteredRepo(`rt17-${name.toLowerCase()}-dotdot`);
  mkdirSync(path.join(f.cwd, "cfg", "v1"), { recursive: true });
  mkdirSync(path.join(f.home, "cfg"));
  symlinkSync(path.join(f.cwd, "cfg", "v1"), path.join(f.home, "cfg", "current"));
  // What an earlier workspace-write run wrote: <workspace>/cfg/<planted>.
  mkdirSync(path.dirname(path.join(f.cwd, "cfg", planted)), { recursive: true });
  writeFileSync(path.join(f.cwd, "cfg", planted), plantedGitConfig(pwned));
  const result = await runCli(run, { ...f, env: { ...f.env, ...envOf(path.join(f.home, "cfg", "current")) }, deadlineMs: 100_000 });
  expect({ code: result.code, pwned: existsSync(pwned) }, result.stderr).toEqual({ code: 4, pwned: false });
});
