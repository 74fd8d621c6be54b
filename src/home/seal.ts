// A home that outlives a run (repo, a path) holds configuration the next run executes outside the
// sandbox: config.toml (notify, MCP servers, providers), profiles, execpolicy rules, hooks,
// instructions. After each run we keep a fingerprint of those files in our state directory, out of
// the sandbox's reach; before the next run a difference we did not see happen is reported and the
// run refused. Codex's own changes during a run (e.g. a trusted project) are reported as they happen.
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { listTree } from "../core/tree.js";
import path from "node:path";
import { z } from "zod";
import { readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";
import { resolvedPath, stateDir } from "../core/paths.js";

/** Relative path -> "sha256:<hex>" for a file, "link:<target>" for a symbolic link. */
export type ControlFiles = Record<string, string>;

const TOP_LEVEL = /^(.*\.toml|(?!auth\.json$).*\.json|AGENTS(\.override)?\.md)$/;
const CONTROL_DIRS = ["rules", "hooks"];

/** A control file's kind: a symbolic link or a regular file (what the fingerprint covers), else none. */
function kindOf(file: string): "link" | "file" | undefined {
  let stat;
  try {
    stat = lstatSync(file, { throwIfNoEntry: false });
  } catch {
    // Past PATH_MAX (ENAMETOOLONG): Codex, which reads by path, cannot read it either.
    return undefined;
  }
  if (stat?.isSymbolicLink()) return "link";
  return stat?.isFile() ? "file" : undefined;
}

function entryOf(file: string): string | undefined {
  const kind = kindOf(file);
  if (kind === "link") return `link:${readlinkSync(file)}`;
  if (kind === "file") return `sha256:${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
  return undefined;
}

/** Every control file's place in `home` (relative, full path), files and links alike, unread. */
function controlPlaces(home: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let names: string[] = [];
  try {
    names = readdirSync(home);
  } catch {
    return out;
  }
  for (const name of names.sort()) if (TOP_LEVEL.test(name)) out.push([name, path.join(home, name)]);
  for (const dir of CONTROL_DIRS) {
    // A link (or a file) where the folder belongs is fingerprinted as itself, and a linked folder's
    // files too: Codex reads them through the link.
    out.push([dir, path.join(home, dir)]);
    for (const entry of listTree(path.join(home, dir))) if (!entry.stat.isDirectory()) out.push([path.join(dir, entry.relative), entry.full]);
  }
  return out;
}

/** The files of a Codex home that decide what runs outside the sandbox, fingerprinted. */
export function controlFiles(home: string): ControlFiles {
  const out: ControlFiles = {};
  for (const [relative, full] of controlPlaces(home)) {
    const entry = entryOf(full);
    if (entry) out[relative] = entry;
  }
  return out;
}

/** The control files of `home` (relative paths, as controlFiles names them), without reading them:
 *  for checks that need only where they are. */
export function controlFilePaths(home: string): string[] {
  return controlPlaces(home)
    .filter(([, full]) => kindOf(full) !== undefined)
    .map(([relative]) => relative);
}

/** The text of config.toml (what the notices quote), or "" when there is none or it is a link. */
export function configText(home: string): string {
  try {
    return readFileNoFollow(path.join(home, "config.toml"))?.toString("utf8") ?? "";
  } catch {
    return "";
  }
}

/** Lines of `after` that `before` lacks, quoted briefly: what a run added to config.toml. */
function addedLines(before: string, after: string): string {
  const old = new Set(before.split("\n").map((l) => l.trim()));
  const added = after.split("\n").map((l) => l.trim()).filter((l) => l && !old.has(l));
  if (added.length === 0) return "";
  const shown = added.slice(0, 4).map((l) => (l.length > 100 ? `${l.slice(0, 97)}...` : l));
  return ` (+ ${shown.join(" ")}${added.length > shown.length ? ` ... ${added.length - shown.length} more` : ""})`;
}

/** Human lines for what differs: "config.toml changed (+ ...)", "rules/x.rules added", ... The
 *  config texts, when given, let a config.toml line quote what was added (e.g. a trusted project). */
export function describeChanges(before: ControlFiles, after: ControlFiles, texts?: { before: string; after: string }): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(after)) {
    const quote = name === "config.toml" && texts ? addedLines(texts.before, texts.after) : "";
    if (!(name in before)) lines.push(`${name} added${quote}`);
    else if (before[name] !== value) lines.push(`${name} changed${quote}`);
  }
  for (const name of Object.keys(before)) if (!(name in after)) lines.push(`${name} removed`);
  return lines;
}

const sealSchema = z.object({ home: z.string(), files: z.record(z.string(), z.string()) });

function sealPath(home: string, env: NodeJS.ProcessEnv): string {
  const key = createHash("sha256").update(resolvedPath(home)).digest("hex").slice(0, 24);
  return path.join(stateDir(env), "home-seals", `${key}.json`);
}

/** What was sealed for this home after our last run in it, if any. */
export function readSeal(home: string, env: NodeJS.ProcessEnv): ControlFiles | undefined {
  try {
    const text = readFileNoFollow(sealPath(home, env));
    return text ? sealSchema.parse(JSON.parse(text.toString("utf8"))).files : undefined;
  } catch {
    return undefined; // unreadable: treated as never sealed
  }
}

export function writeSeal(home: string, env: NodeJS.ProcessEnv, files: ControlFiles = controlFiles(home)): void {
  writeFileReplacing(sealPath(home, env), `${JSON.stringify({ home: resolvedPath(home), files }, null, 2)}\n`, { mode: 0o600 });
}

/** Lines naming each control file changed since our last run in the home (empty when none). A home
 *  we never ran in counts as unchanged, unless `ours` says only we make it (a repo home lives in our
 *  state directory): then whatever it already holds came from elsewhere — a run using another state
 *  directory can write this one (a red-team finding). */
export function changesSinceSeal(home: string, env: NodeJS.ProcessEnv, options: { ours?: boolean } = {}): string[] {
  const sealed = readSeal(home, env);
  if (sealed) return describeChanges(sealed, controlFiles(home));
  return options.ours ? describeChanges({}, controlFiles(home)) : [];
}
