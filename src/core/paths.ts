// Where our files and Codex homes live (state and cache dirs, the ambient CODEX_HOME) and the temp-dir
// rule. Temporary homes go under our own state directory, never under the system temp dir: Codex
// refuses to create helper binaries there.
import { existsSync, realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { memoProbe } from "./probe-memo.js";

/** A path a variable names (HOME, GIT_DIR, BASH_ENV ...) as a process started in each of `cwds` takes
 *  it: an absolute one once, a relative one from each folder. Spelled as given, `..` kept: the kernel
 *  follows a link before the `..` after it, so `<link>/..` is judged by resolvedPath where it leads
 *  (red team 17), and lexically by path.resolve, both (sandbox-reach's bothForms). */
export function pathsFromEnv(value: string, cwds: readonly string[]): string[] {
  return path.isAbsolute(value) ? [value] : cwds.map((cwd) => `${cwd}/${value}`);
}

/** The PATH of a Codex we start outside a run (the home template's builder): system folders only.
 *  Codex runs programs by name as it starts (lsb_release, getconf, git, a login shell: measured on
 *  0.171.0), and a folder of the caller's PATH may be one a sandboxed run could write
 *  (test/safety/template-builder-path.test.ts). */
export const SYSTEM_PATH = "/usr/bin:/bin";

export function userHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || os.homedir();
}

/** The home Codex itself would use: $CODEX_HOME, else ~/.codex. */
export function ambientCodexHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_HOME ? path.resolve(env.CODEX_HOME) : path.join(userHome(env), ".codex");
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CODEX_HEADLESS_STATE_DIR) return path.resolve(env.CODEX_HEADLESS_STATE_DIR);
  return defaultStateDir(env);
}

/** The state directory of a run that does not set CODEX_HEADLESS_STATE_DIR. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME ? path.resolve(env.XDG_STATE_HOME) : path.join(userHome(env), ".local", "state");
  return path.join(base, "codex-headless");
}

/** Whether `child` is `parent` or lies in it, both taken as text (made absolute, `.` and `..` folded;
 *  links are not followed: resolvedPath does that). Only `..` itself, or `..` and a separator, leads
 *  out of a folder: a name that begins with two dots (`..envrc`) lies in it (red team 20: every
 *  reach check took such names for outside the workspace). */
export function isUnder(child: string, parent: string): boolean {
  return isInFolder(path.resolve(child), asFolder(parent));
}

/** A folder as isUnder takes it: resolved, and the prefix every path inside it begins with. */
export interface Folder {
  folder: string;
  prefix: string;
}

export function asFolder(parent: string): Folder {
  const folder = path.resolve(parent);
  return { folder, prefix: folder.endsWith(path.sep) ? folder : `${folder}${path.sep}` };
}

/** isUnder for a path already resolved and a folder asFolder made (made once, asked many times:
 *  safety/sandbox-reach.ts). Both resolved, a separator ends the folder's name: the answer
 *  path.relative gives (it is "", or does not begin with `..` and a separator), at a fraction of its
 *  cost; the gate asks ~500 times a run. */
export function isInFolder(inside: string, folder: Folder): boolean {
  return inside === folder.folder || inside.startsWith(folder.prefix);
}

/** A path with every existing link resolved (the part that does not exist yet appended as given), as
 *  the kernel takes it: a link before a `..` is followed first (path.resolve would fold `<link>/..`
 *  away as text and name another folder: red team 17).
 *  The system's realpath(3), one call per try: the JS realpathSync lstat'd each component, and an
 *  existsSync before it doubled the calls; the gate resolves ~40 paths per run (a third of its CPU in a
 *  profile of pool tasks). A path that does not resolve (missing, a dangling link) is tried again
 *  from its parent, as before. */
export function resolvedPath(target: string): string {
  const absolute = path.isAbsolute(target) ? target : `${process.cwd()}/${target}`;
  // A gate evaluation asks for the same paths many times (core/probe-memo.ts).
  return memoProbe("resolved", absolute, () => realpathOrParent(absolute))!;
}

function realpathOrParent(absolute: string): string {
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync.native(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(absolute);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

// Folders no output of ours belongs in: the system's own trees (anything inside them), and folders that
// hold everyone's or everything's things (only the folder itself: a project under /home or /opt is
// fine). Your home folder itself is one of them: `lab --out ~` or `--record ~` scatters our files among
// yours. /proc, /sys and /dev are left to the writability checks, which say "cannot write".
const SYSTEM_TREES = ["/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libexec", "/usr/include", "/usr/share", "/usr/local/bin", "/usr/local/sbin", "/usr/local/lib", "/usr/local/share"];
const SYSTEM_FOLDERS = ["/", "/usr", "/usr/local", "/home", "/root", "/tmp", "/var", "/var/tmp", "/opt", "/srv", "/mnt", "/media", "/run"];

/** The system folder `target` is, or lies in (see SYSTEM_TREES), or the user's home folder when it is
 *  that folder itself; undefined for anything else. Judged as written and with links resolved
 *  (`/bin` may lead to `/usr/bin`). The one rule for where outputs (`--record`, `lab --out`,
 *  `bench --out`, `home snapshot --out`) may not go. */
export function systemFolderOf(target: string, env: NodeJS.ProcessEnv = process.env): { folder: string; home: boolean } | undefined {
  const home = path.resolve(userHome(env));
  for (const spelling of new Set([path.resolve(target), resolvedPath(target)])) {
    if (spelling === home || spelling === resolvedPath(home)) return { folder: home, home: true };
    const exact = SYSTEM_FOLDERS.find((folder) => spelling === folder);
    if (exact) return { folder: exact, home: false };
    const tree = SYSTEM_TREES.find((folder) => isUnder(spelling, folder));
    if (tree) return { folder: tree, home: false };
  }
  return undefined;
}

/** The temp dir as Codex decides it: $TMPDIR when set and not empty, else /tmp, links resolved.
 *  /var/tmp is not special to it. Measured on 0.169.0 (the "could not create PATH aliases" warning
 *  for CODEX_HOME): given for a home under $TMPDIR, under a link into it, and under /tmp only when
 *  TMPDIR is unset or empty; not for /var/tmp, nor /tmp when TMPDIR names another folder. */
export function codexTempDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolvedPath(env.TMPDIR || "/tmp");
}

/** Whether DIR (links resolved) lies in Codex's temp dir, where it refuses to create helper links. */
export function isUnderTempDir(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return isUnder(resolvedPath(dir), codexTempDir(env));
}

/** Our caches (other Codex versions, per-binary probe results): $CODEX_HEADLESS_CACHE_DIR, else the state directory. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_HEADLESS_CACHE_DIR ? path.resolve(env.CODEX_HEADLESS_CACHE_DIR) : stateDir(env);
}
