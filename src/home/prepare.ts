// Turns a home mode into a directory Codex will use as CODEX_HOME for one run (or one thread).
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { isAlive, startTimeOf } from "../process/process-tree.js";
import { gitTopLevel } from "../core/fs-lookup.js";
import { makeDirs } from "../core/safe-fs.js";
import path from "node:path";
import type { SeedResult } from "./seed.js";
import { classifyHomePath, type PathClass } from "./classify-path.js";
import { templatesRoot } from "./template.js";
import { CodexHeadlessError, errnoCode, usageError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { ambientCodexHome, isUnderTempDir, resolvedPath, stateDir, userHome } from "../core/paths.js";
import { isNamedHomeMode, type HomeMode, type NamedHomeMode, type Provider } from "../codex/vocabulary.js";
import { removeTree } from "../core/tree.js";


export interface PreparedHome {
  path: string;
  mode: HomeMode;
  /** True when the directory was created for this run and is ours to remove. */
  temporary: boolean;
  /** Removes a temporary home unless it is kept; returns the kept path, if any. */
  release(keep: boolean): string | undefined;
  /** As release, without blocking the event loop; resolves (to the kept path, if any) once nothing is
   *  left at the home's path: renamed aside, its tree is removed in the background (homesRemoved), or,
   *  when it could not be renamed, removed where it is first. Rejects when it could not be removed.
   *  Called again, it returns the same promise. */
  releaseAsync(keep: boolean): Promise<string | undefined>;
  /** What --seed-config copied into it, once it has (home/seed.ts). */
  seeded?: SeedResult;
  /** Things the caller should be told (an abandoned in-repository home). */
  notices?: string[];
}

/** The home a run gets when it names none (DESIGN, "Defaults"). */
export function defaultHomeFor(provider: Provider): Extract<NamedHomeMode, "isolated" | "ambient"> {
  // The mock never needs the user's credentials; the real service is what the user's shell would use.
  return provider === "mock" ? "isolated" : "ambient";
}

/** A relative path is taken from the run's working directory, as Codex takes its own cwd. `command`
 *  names what was given the value in errors (default: the run's `home` option). */
export function parseHomeMode(value: string, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env, command?: string): { mode: HomeMode; path?: string } {
  if (isNamedHomeMode(value)) return { mode: value };
  const given = command === undefined ? optionName("home", value) : `${command} ${value}`;
  if (!value.trim()) throw usageError(`${command ?? optionName("home")}: empty value; expected ambient, isolated, repo or a path`);
  const dir = path.resolve(cwd, value);
  // Codex fills its home with sessions, logs, a database and helper links: a folder of its own, never
  // the filesystem root or the user's home folder itself (`--home /`, `--home ~`).
  const real = resolvedPath(dir);
  if (path.dirname(real) === real || real === resolvedPath(userHome(env))) {
    throw usageError(`${given}: ${real} is ${path.dirname(real) === real ? "the filesystem root" : "your home folder itself"}; Codex fills its home with sessions, logs and a database: give a folder of its own`, { path: real });
  }
  // A home in our home templates' folder: Codex would write its thread (or a run its configuration)
  // into what every later fresh isolated home copies (red team: the next isolated run held the thread).
  const templates = resolvedPath(templatesRoot(env));
  if (real === templates || real.startsWith(`${templates}${path.sep}`)) {
    throw usageError(`${given}: ${real} is inside codex-headless's home templates (${templates}), which every fresh isolated home copies: give a folder of its own`, { path: real });
  }
  // A folder that holds other things and nothing of a Codex home (`--home /etc`, `--home .` in a
  // project): Codex would write its sessions, databases and helper links among them (measured: a run
  // with `--home /etc` as root wrote 14 entries into /etc). An empty folder or one holding a home's
  // own files (a kept home, one a user prepared with a config.toml or a profile) is taken.
  const others = foreignEntries(real);
  if (others) {
    throw usageError(`${given}: ${real} holds other files (${others}) and nothing of a Codex home (config.toml, auth.json, sessions/, a state database); Codex would write its sessions, logs and databases among them: give an empty folder or an existing Codex home`, { path: real });
  }
  return { mode: "path", path: dir };
}

// What a home's own top level holds (home/classify-path.ts); temporary folders and locks are anyone's.
const HOME_SIGNS: ReadonlySet<PathClass> = new Set(["auth", "config", "sessions", "sqlite-state", "logs", "plugin-cache", "skills", "shell-snapshots", "rules", "identity"]);

/** Up to three names of `dir`'s entries when it is a folder that holds entries and none a Codex home
 *  holds; undefined when it is missing, not a folder (refused later, with its own message), empty or
 *  a home. A file system's `lost+found` is nobody's. */
function foreignEntries(dir: string): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.name !== "lost+found");
  } catch {
    return undefined;
  }
  if (entries.length === 0 || entries.some((entry) => HOME_SIGNS.has(classifyHomePath(entry.isDirectory() ? `${entry.name}/` : entry.name)))) return undefined;
  const names = entries.map((entry) => entry.name).sort();
  return `${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}`;
}

function ensureDirectory(dir: string, label: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw usageError(`${label}: ${dir} exists and is not a directory`, { path: dir });
    // Codex writes its state database, sessions and helper links there on every run; without write
    // access it fails only after starting (measured: "unable to open database file").
    try {
      accessSync(dir, constants.W_OK);
    } catch (cause) {
      throw new CodexHeadlessError("usage", `${label}: ${dir} is not writable (${errnoCode(cause)}); Codex keeps its state there`, { cause, data: { path: dir } });
    }
    return;
  }
  try {
    makeDirs(dir, 0o700);
  } catch (cause) {
    throw new CodexHeadlessError("usage", `${label}: cannot create ${dir} (${errnoCode(cause)})`, { cause, data: { path: dir } });
  }
}

/** The home that persists per repository. It used to be `.codex-home/` in the repository, where the
 *  sandbox could write its config.toml (a `notify` program then ran outside the sandbox on the next
 *  run); it lives in our state directory now, keyed by the repository's real path. */
export function repoHomePath(cwd: string, env: NodeJS.ProcessEnv): string {
  const top = resolvedPath(gitTopLevel(cwd) ?? cwd);
  const key = createHash("sha256").update(top).digest("hex").slice(0, 16);
  return path.join(stateDir(env), "repo-homes", `${path.basename(top) || "root"}-${key}`);
}

/** Where a home mode puts CODEX_HOME (for isolated: the folder its fresh homes are made in), known
 *  before anything is created, so its location can be judged first. */
export function plannedHomePath(value: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const env = options.env ?? process.env;
  const parsed = parseHomeMode(value, options.cwd, env);
  switch (parsed.mode) {
    case "ambient":
      return ambientCodexHome(env);
    case "repo":
      return repoHomePath(options.cwd, env);
    case "path":
      return parsed.path!;
    case "isolated":
      return path.join(stateDir(env), "homes");
  }
}

const OWNED_PREFIX = "home-";
/** A temporary home, or one being removed (renamed from `home-` to `gone-`): its owner's pid and
 *  start time are in its name. */
const OWNED = /^(?:home|gone)-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;
let swept = false;

/** Removals of homes renamed aside (see releaseAsync), still under way in this process. */
const removingAside = new Set<Promise<void>>();
/** The folders of those removals: what is left of them when the process exits is removed then. */
const asideFolders = new Set<string>();
let exitHookInstalled = false;

/** A process that exits (process.exit included) while homes are being removed in the background
 *  finishes removing them first, synchronously: a home holds copied credentials and the run's
 *  conversation. Only SIGKILL or a crash leaves one, for a later run's sweep, as before. */
function finishRemovalsOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const folder of asideFolders) removeTree(folder);
  });
}

/** Resolves once every home this process renamed aside is gone (or left for a later run's sweep). */
export async function homesRemoved(): Promise<void> {
  while (removingAside.size > 0) await Promise.all(removingAside);
}

/** Removes `dir` without blocking the event loop; rejects when it could not. */
function removeFolder(dir: string): Promise<void> {
  // fs.promises.rm removes sibling folders in parallel on libuv's threads; what it cannot remove
  // (past PATH_MAX, a folder of mode 000) the walk by descriptors does (core/tree.ts).
  return rm(dir, { recursive: true, force: true }).catch(() => removeTree(dir));
}

/** Removes, once per process, the temporary homes under ROOT whose owner is gone: a run killed with
 *  SIGKILL, or crashed, cannot remove its own. The owner is the pid and start time in the name; a
 *  live pid that started at another time is a reused pid, so its home is swept too. Homes without an
 *  owner in their name (kept homes, older names) are never touched. */
export function sweepLeakedHomes(root: string): string[] {
  if (swept) return [];
  swept = true;
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = OWNED.exec(name);
    if (!owner) continue;
    const pid = Number(owner[1]);
    if (pid === process.pid || (isAlive(pid) && [owner[2], "0"].includes(startTimeOf(pid)))) continue;
    try {
      removeTree(path.join(root, name));
      removed.push(name);
    } catch {
      // Left for a later sweep: a leaked home must not stop this run (red team, issue 27: one that
      // could not be removed ended every later isolated run "internal error").
    }
  }
  return removed;
}

export function prepareHome(value: string, options: { cwd: string; env?: NodeJS.ProcessEnv; keep?: boolean }): PreparedHome {
  const env = options.env ?? process.env;
  const parsed = parseHomeMode(value, options.cwd, env);
  const keepAlways = (dir: string, mode: HomeMode, notices: string[] = []): PreparedHome => ({ path: dir, mode, temporary: false, release: () => undefined, releaseAsync: async () => undefined, notices });
  switch (parsed.mode) {
    case "ambient": {
      const dir = ambientCodexHome(env);
      // We always pass CODEX_HOME, and Codex refuses one that does not exist ("Error finding codex
      // home", measured on 0.169.0), where without it Codex creates ~/.codex on first use: create it
      // as Codex would, unless the user's own CODEX_HOME names it (then Codex's refusal stands).
      if (!env.CODEX_HOME) ensureDirectory(dir, "ambient home");
      return keepAlways(dir, "ambient");
    }
    case "repo": {
      const dir = repoHomePath(options.cwd, env);
      ensureDirectory(dir, optionName("home", "repo"));
      const legacy = path.join(gitTopLevel(options.cwd) ?? path.resolve(options.cwd), ".codex-home");
      const notices = existsSync(legacy) ? [`${legacy} is no longer used: the sandbox could write it; the repository's home is ${dir}`] : [];
      return keepAlways(dir, "repo", notices);
    }
    case "path": {
      const dir = parsed.path!;
      ensureDirectory(dir, optionName("home"));
      return keepAlways(dir, "path");
    }
    case "isolated": {
      const root = path.join(stateDir(env), "homes");
      if (isUnderTempDir(root, env)) {
        throw new CodexHeadlessError("environment", `isolated homes would live under the temp dir (${root}); Codex refuses helper binaries there. Set CODEX_HEADLESS_STATE_DIR elsewhere.`);
      }
      ensureDirectory(root, "isolated home root");
      sweepLeakedHomes(root);
      let dir: string;
      try {
        // The owner is in the name, so a home a killed run left behind can be told from a live one;
        // a home to keep gets another prefix and is never swept.
        dir = mkdtempSync(path.join(root, options.keep ? "kept-" : `${OWNED_PREFIX}${process.pid}-${startTimeOf(process.pid)}-`));
      } catch (cause) {
        throw new CodexHeadlessError("environment", `cannot create an isolated home under ${root} (${errnoCode(cause)}); set CODEX_HEADLESS_STATE_DIR to a writable place`, { cause, data: { path: root } });
      }
      let released = false;
      let removing: Promise<string | undefined> | undefined;
      return {
        path: dir,
        mode: "isolated",
        temporary: true,
        release(keep) {
          if (released) return keep ? dir : undefined;
          released = true;
          if (keep) return dir;
          removeTree(dir); // a jailed run may leave a tree deeper than a path can name
          return undefined;
        },
        releaseAsync(keep) {
          if (removing) return removing;
          if (released) return (removing = Promise.resolve(keep ? dir : undefined));
          released = true;
          if (keep) return (removing = Promise.resolve(dir));
          // A used home holds ~110 entries in ~40 folders (Codex's skills tree), and on this machine's
          // disk (ext4 mounted with discard) each rmdir or unlink of a file with blocks took ~2 ms:
          // removing a home took tens of ms after Codex exited even with fs.promises.rm, whose folders
          // go in parallel (rmSync, one by one on the event loop: median 379 ms against 51). So the
          // home is first renamed aside, at once (one rename in the same folder): nothing is left at
          // its path, which is never used again, and the run is over; the tree goes in the
          // background, keeping its owner in its name: a process that exits first removes what is left
          // on its way out (finishRemovalsOnExit), and one killed leaves it to a later run's sweep, as
          // a leaked home.
          const aside = path.join(root, path.basename(dir).replace(/^home-/, "gone-"));
          // The copied credentials go first, before the run is over (one unlink, ~2 ms here), so no
          // credential outlives the run even for the few ms the tree takes.
          rmSync(path.join(dir, "auth.json"), { force: true });
          let renamed = false;
          if (aside !== dir) {
            try {
              renameSync(dir, aside);
              renamed = true;
            } catch {
              // removed where it is, below
            }
          }
          if (!renamed) return (removing = removeFolder(dir).then(() => undefined));
          finishRemovalsOnExit();
          asideFolders.add(aside);
          const background: Promise<void> = removeFolder(aside)
            .catch(() => undefined) // left for a later run's sweep
            .finally(() => {
              removingAside.delete(background);
              asideFolders.delete(aside);
            });
          removingAside.add(background);
          return (removing = Promise.resolve(undefined));
        },
      };
    }
  }
}
