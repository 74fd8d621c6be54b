// git as the red-team tests run it on their fixtures: no system configuration, a committer of its own.
import { execFileSync } from "node:child_process";

/** Runs git in `cwd` with `env`, GIT_CONFIG_NOSYSTEM set and a committer given (user t), and returns
 *  its stdout; throws when git fails. */
export const fixtureGit = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Buffer =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, env: { ...env, GIT_CONFIG_NOSYSTEM: "1" }, stdio: "pipe" });
