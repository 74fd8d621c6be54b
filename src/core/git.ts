// Reading what a repository has committed, running none of its commands. A repository's own
// configuration may hold commands (fsmonitor, hooks); plumbing that reads objects runs none, and those
// switches are turned off anyway. Callers check first that the repository's `.git` is out of every
// sandbox's reach (safety/sandbox-reach.ts): then its configuration is the user's.
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "./errors.js";
import { findOnPath } from "./fs-lookup.js";
import { GIT_VARIABLES_THAT_REDIRECT } from "./git-head.js";
import { runCommand, type CommandResult } from "../process/spawn.js";

/** The environment without the variables that point git at another repository or object store
 *  (GIT_DIR, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES ...): what git reads must be the
 *  repository at `top`, whose folders the caller judged out of every sandbox's reach. A caller's own
 *  (a git hook sets GIT_DIR) made git read another repository's HEAD (red team 11). */
function withoutRedirects(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !GIT_VARIABLES_THAT_REDIRECT.test(name)));
}

/** Runs `git -C top ARGS` with commands off. `purpose` completes "git is needed to …" in errors.
 *  Errors: environment (exit 3) when git is missing or does not start. */
export async function gitPlumbing(top: string, args: readonly string[], purpose: string): Promise<CommandResult> {
  // The caller's PATH first; a PATH without git (a tool's narrowed environment) still has the system's.
  const git = findOnPath("git", [process.env.PATH ?? "", "/usr/bin", "/bin", "/usr/local/bin"].join(path.delimiter));
  if (!git) throw new CodexHeadlessError("environment", `${top} is a git repository, and git is needed to ${purpose}: apt-get install git`);
  let result: CommandResult;
  try {
    // No transport either: a partial clone's missing object would be fetched lazily, running the
    // remote's upload-pack or ssh command (a red-team finding); newer git also honours GIT_NO_LAZY_FETCH.
    result = await runCommand(git, ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "protocol.allow=never", "-C", top, ...args], {
      cwd: top,
      env: { ...withoutRedirects(process.env), GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", GIT_NO_LAZY_FETCH: "1" },
      timeoutMs: 10_000,
    });
  } catch (cause) {
    throw new CodexHeadlessError("environment", `${top} is a git repository, and git is needed to ${purpose} (${errnoCode(cause)})`, { cause });
  }
  if (result.spawnError) throw new CodexHeadlessError("environment", `git did not start to ${purpose} in ${top} (${errnoCode(result.spawnError)})`);
  return result;
}

/** A path inside `top` in git's spelling (forward slashes, relative). */
export const gitPath = (top: string, file: string): string => path.relative(top, file).split(path.sep).join("/");
