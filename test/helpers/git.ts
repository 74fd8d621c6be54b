// git as the red-team tests run it on their fixtures: no system configuration, a committer of its own.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

/** Runs git in `cwd` with `env`, GIT_CONFIG_NOSYSTEM set and a committer given (user t), and returns
 *  its stdout; throws when git fails. */
export const fixtureGit = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Buffer =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, env: { ...env, GIT_CONFIG_NOSYSTEM: "1" }, stdio: "pipe" });

/** The red teams' push fixture: bare repositories `NAME.git` in `cwd`, each a named remote of the work
 *  repository `cwd/w` (so --force-with-lease has a remote-tracking branch), whose main holds commit
 *  "a"; then w's HEAD is "b", an amended "a" that no plain push can give them. */
export function remotesBehindAnAmend(cwd: string, env: NodeJS.ProcessEnv, remotes: readonly string[]): void {
  const w = path.join(cwd, "w");
  mkdirSync(w);
  fixtureGit(w, env, "init", "-q");
  fixtureGit(w, env, "commit", "-q", "--allow-empty", "-m", "a");
  for (const remote of remotes) {
    fixtureGit(cwd, env, "init", "-q", "--bare", `${remote}.git`);
    fixtureGit(w, env, "remote", "add", remote, `../${remote}.git`);
    fixtureGit(w, env, "push", "-q", remote, "HEAD:refs/heads/main");
  }
  fixtureGit(w, env, "commit", "-q", "--allow-empty", "--amend", "-m", "b");
}

/** The remotes of remotesBehindAnAmend whose main no longer holds "a": replaced by a forced push, or
 *  deleted (a mirror push from a branch of another name). */
export function forcedRemotes(cwd: string, env: NodeJS.ProcessEnv, remotes: readonly string[]): string[] {
  return remotes.filter((remote) => fixtureGit(cwd, env, "--git-dir", `${remote}.git`, "for-each-ref", "--format=%(subject)", "refs/heads/main").toString().trim() !== "a");
}
