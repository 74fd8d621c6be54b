// The files a shell reads before it runs anything: what the login shells of the launch contexts and
// Codex's own shell snapshot run on the host. Codex 0.171.0 captures its shell snapshot with
// `/bin/bash -lc` on the host, outside its sandbox, and the script it runs sources `~/.bashrc` itself
// (traced: the lab's host-programs finding; a trace of a `codex exec` run of the hello scenario).
import os from "node:os";
import path from "node:path";
import { pathsFromEnv } from "../core/paths.js";

/** bash's login files (bash(1), INVOCATION), `~/.bashrc` and the logout file. */
const BASH_HOME_FILES = [".bash_profile", ".bash_login", ".profile", ".bashrc", ".bash_logout"];
const BASH_SYSTEM_FILES = ["/etc/profile", "/etc/profile.d", "/etc/bash.bashrc", "/etc/bash.bash_logout"];
/** zsh's startup files (zsh(1), STARTUP/SHUTDOWN FILES), in `$ZDOTDIR` or else `$HOME`. */
const ZSH_DOT_FILES = [".zshenv", ".zprofile", ".zshrc", ".zlogin", ".zlogout"];
const ZSH_SYSTEM_FILES = ["/etc/zsh/zshenv", "/etc/zsh/zprofile", "/etc/zsh/zshrc", "/etc/zsh/zlogin", "/etc/zsh/zlogout", "/etc/zshenv", "/etc/zprofile", "/etc/zshrc", "/etc/zlogin", "/etc/zlogout"];

/**
 * Every file a bash or zsh started with `env` reads at start-up or exit, as login, interactive or
 * not — whether it exists or not (one not there yet can be written) — with `$BASH_ENV` and `$ENV`,
 * which a non-interactive bash or sh sources. A relative HOME, ZDOTDIR or BASH_ENV is taken from each
 * folder in `cwds` (where the shell may start). What those files source in turn is decided by shell
 * code at run time and is not followed: a caller must say so where it matters.
 */
export function shellStartupFiles(env: NodeJS.ProcessEnv, cwds: readonly string[]): string[] {
  const fromEnv = (value: string): string[] => pathsFromEnv(value, cwds);
  // A login shell without HOME takes the passwd entry's.
  const homes = env.HOME ? fromEnv(env.HOME) : [os.userInfo().homedir];
  const zdots = env.ZDOTDIR ? fromEnv(env.ZDOTDIR) : homes;
  const sourced = [env.BASH_ENV, env.ENV].filter((value): value is string => !!value).flatMap(fromEnv);
  return [
    ...new Set([
      // Joined as text, as the shell does: path.join would fold a `<link>/..` HOME away (red team 17).
      ...homes.flatMap((home) => BASH_HOME_FILES.map((name) => `${home}/${name}`)),
      ...zdots.flatMap((dir) => ZSH_DOT_FILES.map((name) => `${dir}/${name}`)),
      ...sourced,
      ...BASH_SYSTEM_FILES,
      ...ZSH_SYSTEM_FILES,
    ]),
  ];
}
