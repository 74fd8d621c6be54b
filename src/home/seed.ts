// Seeds a fresh home with the user's configuration and none of their state: what the lab measured a
// run depends on (finding `home-carry`: settings, profiles, instructions, skills, MCP servers and
// rules all live in CODEX_HOME, so an empty isolated home drops every one of them), copied from the
// ambient home. Sessions, history, logs, databases, caches and auth.json are never copied (auth is
// carried by --auth, as for any isolated home). Links are never followed: a link in the source is
// skipped and named, so a copy can never reach outside the source home.
import { lstatSync, readdirSync, type Stats } from "node:fs";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { makeDirs, readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";
import { RULES_FILE } from "../safety/exec-rules.js";

/** What a seeded home got: paths relative to the homes, and what was left out and why. */
export interface SeedResult {
  from: string;
  copied: string[];
  skipped: Array<{ path: string; why: string }>;
}

/** Top-level files that are configuration: config.toml, profile layers (`NAME.config.toml`, what
 *  `--profile NAME` reads on the pinned Codex) and the global instructions. */
const CONFIG_FILE = /^(config\.toml|[A-Za-z0-9._-]+\.config\.toml|AGENTS(\.override)?\.md)$/;
/** Folders that are configuration: skills (minus `.system`, Codex's own cache of bundled skills, which
 *  it rewrites) and execpolicy rules (minus ours, which each run installs from its policy). */
const CONFIG_DIRS = new Map<string, (relative: string) => boolean>([
  ["skills", (relative) => relative !== path.join("skills", ".system")],
  ["rules", (relative) => relative !== path.join("rules", RULES_FILE)],
]);
/** Bounds, so a skills folder holding a whole repository cannot stall a run's start. */
const MAX_FILES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

function statOf(file: string): Stats | undefined {
  return lstatSync(file, { throwIfNoEntry: false });
}

/** Copies the configuration of `source` into `target` (an empty home we just made). Files are
 *  written 0600 and folders 0700, as the home itself. Errors: usage when the source is not a folder or
 *  holds more than the bounds allow; the caller removes the half-made home. */
export function seedConfiguration(source: string, target: string): SeedResult {
  const result: SeedResult = { from: source, copied: [], skipped: [] };
  const top = statOf(source);
  if (!top) return result; // no ambient home yet: nothing to carry, as for a first run of Codex
  if (top.isSymbolicLink() || !top.isDirectory()) {
    throw new CodexHeadlessError("usage", `${optionName("seedConfig")}: the ambient home ${source} is ${top.isSymbolicLink() ? "a symbolic link" : "not a folder"}; codex-headless copies only from a real folder`, { data: { path: source } });
  }
  let bytes = 0;
  const copyFile = (relative: string, stat: Stats) => {
    if (result.copied.length >= MAX_FILES || bytes + stat.size > MAX_BYTES) {
      throw new CodexHeadlessError("usage", `${optionName("seedConfig")}: ${source} holds more configuration than ${MAX_FILES} files / ${MAX_BYTES / 1024 / 1024} MiB (at ${relative}); seed a home of your own and give its path as ${optionName("home")}`, { data: { path: source } });
    }
    // Read without following a link (one planted after the lstat is refused by the read itself).
    const data = readFileNoFollow(path.join(source, relative));
    if (!data) return;
    bytes += data.length;
    writeFileReplacing(path.join(target, relative), data, { mode: 0o600 });
    result.copied.push(relative);
  };
  const walk = (relative: string, keep: (relative: string) => boolean) => {
    let names: string[];
    try {
      names = readdirSync(path.join(source, relative)).sort();
    } catch (cause) {
      result.skipped.push({ path: relative, why: `unreadable (${errnoCode(cause)})` });
      return;
    }
    makeDirs(path.join(target, relative), 0o700);
    for (const name of names) {
      const child = path.join(relative, name);
      if (!keep(child)) continue;
      const stat = statOf(path.join(source, child));
      if (!stat) continue;
      if (stat.isSymbolicLink()) result.skipped.push({ path: child, why: "a symbolic link (never followed)" });
      else if (stat.isDirectory()) walk(child, keep);
      else if (stat.isFile()) copyFile(child, stat);
      else result.skipped.push({ path: child, why: "not a regular file" });
    }
  };
  for (const name of readdirSync(source).sort()) {
    const stat = statOf(path.join(source, name));
    if (!stat) continue;
    const isConfig = CONFIG_FILE.test(name) || CONFIG_DIRS.has(name);
    if (!isConfig) continue;
    if (stat.isSymbolicLink()) result.skipped.push({ path: name, why: "a symbolic link (never followed)" });
    else if (stat.isFile() && CONFIG_FILE.test(name)) copyFile(name, stat);
    else if (stat.isDirectory() && CONFIG_DIRS.has(name)) walk(name, CONFIG_DIRS.get(name)!);
    else result.skipped.push({ path: name, why: "not a regular file" });
  }
  return result;
}
