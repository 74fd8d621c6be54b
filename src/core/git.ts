// Reading what a repository has committed, running none of its commands. A repository's own
// configuration may hold commands (fsmonitor, hooks); plumbing that reads objects runs none, and those
// switches are turned off anyway. Callers check first that the repository's `.git` is out of every
// sandbox's reach (safety/sandbox-reach.ts): then its configuration is the user's.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "./errors.js";
import { findOnPath } from "./fs-lookup.js";
import { followedText, GIT_VARIABLES_THAT_REDIRECT } from "./git-head.js";
import { pathsFromEnv, resolvedPath } from "./paths.js";
import { runCommand, type CommandResult } from "../process/spawn.js";

/** The environment without the variables that point git at another repository or object store
 *  (GIT_DIR, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES ...): what git reads must be the
 *  repository at `top`, whose folders the caller judged out of every sandbox's reach. A caller's own
 *  (a git hook sets GIT_DIR) made git read another repository's HEAD (red team 11). */
function withoutRedirects(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !GIT_VARIABLES_THAT_REDIRECT.test(name)));
}

/** The environment gitPlumbing runs git with: no redirects, no system configuration. GIT_CONFIG_GLOBAL
 *  is kept: it names the user's global file, judged wherever it lies (sandbox-reach.ts
 *  reachingGitConfig), and is how a user whose workspace holds ~/.gitconfig keeps it out of reach. */
export const gitPlumbingEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...withoutRedirects(env),
  ...(env.GIT_CONFIG_GLOBAL !== undefined ? { GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL } : {}),
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
  GIT_NO_LAZY_FETCH: "1",
});

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
      env: gitPlumbingEnv(process.env),
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

// git stops following includes this deep (config.c: MAX_INCLUDE_DEPTH).
const INCLUDE_DEPTH = 10;

/** The files git reads configuration from (gitConfigFiles), and the include paths among them whose
 *  file cannot be told (`why` completes "… includes VALUE, which …"): judged as if in reach. */
export interface GitConfigFiles {
  files: string[];
  unknown: { file: string; value: string; why: string }[];
}

/** Every file git started with `env` takes configuration from before it reads a repository's own:
 *  the system file (unless GIT_CONFIG_NOSYSTEM), `$GIT_CONFIG_GLOBAL` or else
 *  `$XDG_CONFIG_HOME/git/config` (`~/.config/git/config`) and `~/.gitconfig`, the `include.path` of
 *  GIT_CONFIG_COUNT/GIT_CONFIG_PARAMETERS, and every file those include (`include.path` and
 *  `includeIf.*.path`, whatever the condition). Each is named whether or not it exists: a file that is
 *  not there yet can be planted. Red team 13: such a file holds commands git runs (`url.*.insteadOf`
 *  to an `ext::` command, filters, `core.fsmonitor`) in Codex's host-side git and ours.
 *  `repositoryConfigs` are a repository's own files (`config`, `config.worktree`), whose includes are
 *  followed too: a shared project `.gitconfig` in the work tree, included by `include.path =
 *  ../.gitconfig`, named a clean filter Codex's host-side `git status` ran (red team 13). */
export function gitConfigFiles(env: NodeJS.ProcessEnv, repositoryConfigs: readonly string[] = [], cwds: readonly string[] = [process.cwd()]): GitConfigFiles {
  // A relative HOME, XDG_CONFIG_HOME or GIT_CONFIG_GLOBAL is taken by git from the folder it runs in:
  // each folder a git of ours or Codex's runs in (`cwds`) is judged. git spells `~/.gitconfig` and
  // `$XDG_CONFIG_HOME/git/config` by joining strings: an empty HOME names `/.gitconfig`.
  const fromEnv = (value: string): string[] => pathsFromEnv(value, cwds);
  const unknown: GitConfigFiles["unknown"] = [];
  const top: string[] = [];
  // The system file is `$(sysconfdir)/gitconfig`: /etc for a git built for /usr, `<prefix>/etc` for others.
  if (!gitBool(env.GIT_CONFIG_NOSYSTEM)) top.push(...(env.GIT_CONFIG_SYSTEM ? fromEnv(env.GIT_CONFIG_SYSTEM) : ["/etc/gitconfig", ...gitPrefixes(env).map((prefix) => path.join(prefix, "etc", "gitconfig"))]));
  if (env.GIT_CONFIG_GLOBAL !== undefined) {
    // Taken as written, `~` included (git 2.39 reads `<cwd>/~/x` for `~/x`: red team 16); a git that
    // expands it would read the expanded file, judged too.
    if (env.GIT_CONFIG_GLOBAL !== "") top.push(...fromEnv(env.GIT_CONFIG_GLOBAL), ...(env.GIT_CONFIG_GLOBAL.startsWith("~") ? (configPath(env.GIT_CONFIG_GLOBAL, env).paths ?? []).flatMap(fromEnv) : []));
  } else if (env.HOME !== undefined || env.XDG_CONFIG_HOME) {
    top.push(...fromEnv(env.XDG_CONFIG_HOME ? `${env.XDG_CONFIG_HOME}/git/config` : `${env.HOME}/.config/git/config`));
    if (env.HOME !== undefined) top.push(...fromEnv(`${env.HOME}/.gitconfig`));
  }
  // An include's path as git expands it (`~`, `~user`, `%(prefix)`), a relative one taken from the
  // including file's folder: as named, and its link's target folder (we do not know which spelling a
  // git version uses). Relative includes given in the environment are an error to git.
  const expand = (value: string, from: string | undefined): string[] => {
    const expanded = configPath(value, env);
    if (expanded.why !== undefined) unknown.push({ file: from ?? "the environment (GIT_CONFIG_COUNT, GIT_CONFIG_PARAMETERS)", value, why: expanded.why });
    const dirs = from === undefined ? [] : [...new Set([path.dirname(from), path.dirname(resolvedPath(from))])];
    // git opens the path as written: the kernel follows a link before a `..`, path.resolve drops both.
    const asOpened = (raw: string): string[] => [...new Set([path.resolve(raw), ...(/(^|\/)\.\.(\/|$)/.test(raw) ? [resolvedPath(raw)] : [])])];
    return (expanded.paths ?? []).flatMap((file) => (path.isAbsolute(file) ? asOpened(file) : dirs.flatMap((dir) => asOpened(`${dir}/${file}`))));
  };
  for (const [key, value] of environmentConfig(env)) if (isIncludeKey(key)) top.push(...expand(value, undefined));
  top.push(...repositoryConfigs);
  const out = new Set<string>();
  let level = top;
  for (let depth = 0; depth <= INCLUDE_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const file of level) {
      if (out.has(file)) continue;
      out.add(file);
      const text = followedText(file);
      if (text === undefined) continue;
      for (const [key, value] of configEntries(text)) if (isIncludeKey(key)) next.push(...expand(value, file));
    }
    level = next;
  }
  return { files: [...out], unknown };
}

/** A configuration path as git expands it (path.c interpolate_path): `%(prefix)/REST` is REST under
 *  git's runtime prefix (an absolute REST as it is), `~` and `~/REST` are $HOME joined as a string,
 *  `~user[/REST]` that user's home (getpwnam); anything else as written, maybe relative. `paths` is
 *  empty where git cannot expand it (no HOME, no such user: git then fails to read its configuration
 *  and runs nothing), undefined with `why` where we cannot tell what git would read. */
export function configPath(value: string, env: NodeJS.ProcessEnv): { paths?: string[]; why?: string } {
  const prefixed = /^%\(prefix\)\/(.*)$/s.exec(value);
  if (prefixed) {
    const rest = prefixed[1]!;
    if (path.isAbsolute(rest)) return { paths: [rest] };
    const prefixes = gitPrefixes(env);
    return prefixes.length > 0 ? { paths: prefixes.map((prefix) => path.join(prefix, rest)) } : { why: "is taken from the prefix of a git not found on PATH" };
  }
  if (!value.startsWith("~")) return { paths: [value] };
  const slash = value.indexOf("/");
  const user = value.slice(1, slash === -1 ? undefined : slash);
  const rest = slash === -1 ? "" : value.slice(slash);
  if (user === "") return { paths: env.HOME === undefined ? [] : [env.HOME + rest] };
  const home = userHome(user);
  return home === undefined ? { why: `is taken from the home of ${user}, a user not in /etc/passwd (git asks the system's user database, which may know more)` } : { paths: [home + rest] };
}

/** Where git's runtime prefix may be: the folder above the one holding each git found on `env`'s PATH
 *  (and the system's folders gitPlumbing falls back to), as found and with links resolved
 *  (`/usr/bin/git` -> `/usr`; a relocatable git computes it so, a packaged one is built with it). */
function gitPrefixes(env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const search of [env.PATH ?? "", "/usr/bin:/bin:/usr/local/bin"]) {
    const git = findOnPath("git", search);
    if (git) for (const file of [path.resolve(git), resolvedPath(git)]) out.add(path.dirname(path.dirname(file)));
  }
  return [...out];
}

/** The home folder of `user`: ours from the system (os.userInfo), another's from /etc/passwd;
 *  undefined when neither knows the name. */
function userHome(user: string): string | undefined {
  try {
    const own = os.userInfo();
    if (own.username === user) return own.homedir;
  } catch {
    // no passwd entry for us: /etc/passwd below
  }
  let text: string;
  try {
    text = readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  const entry = text.split("\n").map((line) => line.split(":")).find((fields) => fields[0] === user && fields.length >= 7);
  return entry?.[5];
}

// include.path, include.<sub>.path, includeIf.<condition>.path (any section named include*: more is
// judged, never less).
const isIncludeKey = (key: string): boolean => /^include/i.test(key) && /\.path$/i.test(key);

function gitBool(value: string | undefined): boolean {
  return value !== undefined && value !== "" && !/^(0|false|no|off)$/i.test(value);
}

/** `key`/`value` pairs of GIT_CONFIG_COUNT/KEY_n/VALUE_n and GIT_CONFIG_PARAMETERS (`'k'='v'` items). */
export function environmentConfig(env: NodeJS.ProcessEnv): [string, string][] {
  const out: [string, string][] = [];
  const count = Number(env.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; Number.isInteger(count) && i < Math.min(count, 1000); i++) {
    const key = env[`GIT_CONFIG_KEY_${i}`];
    if (key !== undefined) out.push([key, env[`GIT_CONFIG_VALUE_${i}`] ?? ""]);
  }
  for (const item of (env.GIT_CONFIG_PARAMETERS ?? "").matchAll(/'([^']*)'(?:='([^']*)')?/g)) {
    const [key, value] = item[2] === undefined ? (item[1]!.split(/=(.*)/s) as [string, string?]) : [item[1]!, item[2]];
    out.push([key, value ?? ""]);
  }
  return out;
}

/** The `section[.subsection].key` and value of each entry of a git configuration file, parsed as git
 *  parses it (config.c): a key may follow its section header on one line; values may be quoted, hold
 *  backslash escapes and continue on the next line; `#` and `;` start comments outside quotes. */
export function configEntries(text: string): [string, string][] {
  const out: [string, string][] = [];
  let section = "";
  let i = 0;
  const at = (): string => text[i] ?? "";
  while (i < text.length) {
    const c = at();
    if (c === "\n" || c === " " || c === "\t" || c === "\r" || c === "\ufeff") { i++; continue; }
    if (c === "#" || c === ";") { while (i < text.length && at() !== "\n") i++; continue; }
    if (c === "[") {
      i++;
      let name = "";
      let sub = "";
      while (i < text.length && /[A-Za-z0-9.-]/.test(at())) name += text[i++];
      while (at() === " " || at() === "\t") i++;
      if (at() === '"') {
        i++;
        while (i < text.length && at() !== '"' && at() !== "\n") {
          if (at() === "\\") i++;
          sub += text[i++] ?? "";
        }
        i++;
      }
      while (i < text.length && at() !== "]" && at() !== "\n") i++;
      i++;
      section = name.toLowerCase() + (sub ? `.${sub}` : "");
      continue;
    }
    if (!/[A-Za-z]/.test(c)) { while (i < text.length && at() !== "\n") i++; continue; }
    let key = "";
    while (i < text.length && /[A-Za-z0-9-]/.test(at())) key += text[i++];
    while (at() === " " || at() === "\t") i++;
    let value = "";
    if (at() === "=") {
      i++;
      let quoted = false;
      let pending = ""; // whitespace kept only if more value follows
      while (i < text.length) {
        const v = at();
        if (v === "\n" && !quoted) break;
        if (!quoted && (v === "#" || v === ";")) { while (i < text.length && at() !== "\n") i++; break; }
        i++;
        if (v === '"') { quoted = !quoted; value += pending; pending = ""; continue; }
        if (v === "\\") {
          const e = text[i++] ?? "";
          if (e === "\n") continue;
          if (e === "\r" && at() === "\n") { i++; continue; }
          value += pending + (({ n: "\n", t: "\t", b: "\b" } as Record<string, string>)[e] ?? e);
          pending = "";
          continue;
        }
        // Unquoted whitespace: each character of it a space between words, none at the ends (config.c).
        if (!quoted && (v === " " || v === "\t" || v === "\r")) { if (value !== "") pending += " "; continue; }
        value += pending + v;
        pending = "";
      }
    }
    out.push([`${section}.${key.toLowerCase()}`, value]);
  }
  return out;
}
