// Finding the shells the login contexts need, and the user's own login shell. A missing shell is a
// usage error naming the Debian package, not a spawn failure deep inside a run.
import { accessSync, constants } from "node:fs";
import os from "node:os";
import { CodexHeadlessError } from "../core/errors.js";
import { findOnPath } from "../core/fs-lookup.js";

/** The Debian package that provides each shell a context may need. */
const PACKAGE_OF: Record<string, string> = { bash: "bash", zsh: "zsh" };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The shell `name` as the launch environment's PATH finds it (the shell the user's tool would start). */
export function findShell(name: string, env: NodeJS.ProcessEnv, context: string): string {
  const found = findOnPath(name, env.PATH ?? "");
  if (found) return found;
  const install = `apt-get install ${PACKAGE_OF[name] ?? name}`;
  // data: the lab skips the variants that need the shell and lists what installs it.
  throw new CodexHeadlessError("usage", `${context} needs ${name}: ${install}`, { data: { missing: name, install } });
}

/** The login shell from the user's passwd entry; SHELL is not trusted (a tool may have changed it). */
export function passwdLoginShell(): string {
  const shell = os.userInfo().shell;
  return shell && isExecutable(shell) ? shell : "/bin/sh";
}
