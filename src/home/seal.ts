// A home that outlives a run (repo, a path) holds configuration the next run executes outside the
// sandbox: config.toml (notify, MCP servers, providers), profiles, execpolicy rules, hooks,
// instructions, the `.env` whose variables Codex takes into its environment. After each run we keep
// a fingerprint of those files in our state directory, out of the sandbox's reach; before the next
// run a difference we did not see happen is reported and the run refused. Codex's own changes during a run (e.g. a trusted project) are reported as they happen.
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from "node:fs";
import { errnoCode } from "../core/errors.js";
import { nameText, walkTree } from "../core/tree.js";
import path from "node:path";
import { z } from "zod";
import { readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";
import { resolvedPath, stateDir } from "../core/paths.js";

/** Relative path -> "sha256:<hex>" for a file, "link:<target>" for a symbolic link; "large:…" or
 *  "unreadable:…" (size, inode, change time) for a file too large to read whole or not readable. */
export type ControlFiles = Record<string, string>;

// `.env` too: Codex loads it into its environment as it starts (red team 27, home/dotenv.ts).
const TOP_LEVEL = /^(.*\.toml|(?!auth\.json$).*\.json|AGENTS(\.override)?\.md|\.env)$/;
const CONTROL_DIRS = ["rules", "hooks"];

/** Files above this are fingerprinted by size, inode and change time, not read: a sparse rules file
 *  of 3 GiB made the whole-file read throw after a jailed run, before the set-ID strip (red team,
 *  issue 27). The change time cannot be set back by a run, unlike the modification time. */
const HASH_WHOLE = 64 * 1024 * 1024;

/** A control file's fingerprint: "link:<target>" for a link, "sha256:<hex>" for a regular file
 *  (large or unreadable ones by their inode's facts), nothing for anything else. Never throws. */
function fingerprintOf(at: string | Buffer, stat: Stats): string | undefined {
  const facts = `${stat.size}:${stat.ino}:${stat.ctimeMs}`;
  try {
    if (stat.isSymbolicLink()) return `link:${nameText(readlinkSync(at, { encoding: "buffer" }))}`;
    if (!stat.isFile()) return undefined;
    if (stat.size > HASH_WHOLE) return `large:${facts}`;
    return `sha256:${createHash("sha256").update(readFileSync(at)).digest("hex")}`;
  } catch (error) {
    return `unreadable:${errnoCode(error)}:${facts}`;
  }
}

interface ControlOptions {
  /** Read each file (controlFiles) or only say where it is (controlFilePaths). */
  read: boolean;
  /** Walk a rules/ or hooks/ that is a link: Codex reads its files through it. Off after a jailed run,
   *  whose link may name a host folder the jail never showed (red team, issue 27: its file names
   *  reached the run's notices and record); the link itself is still fingerprinted. */
  followLinkedFolders: boolean;
}

/** Every control file of `home` (relative, fingerprint or "" when not read), files and links alike;
 *  names as bytes, so a name that is not UTF-8 is fingerprinted too (a rule named 0xff was loaded by
 *  Codex and missed by a string listing: red team, issue 27). */
function controlEntries(home: string, options: ControlOptions): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (relative: string, at: string | Buffer, stat: Stats | undefined) => {
    if (!stat || !(stat.isFile() || stat.isSymbolicLink())) return;
    out.push([relative, options.read ? (fingerprintOf(at, stat) ?? "") : ""]);
  };
  const lstatOf = (at: string | Buffer) => {
    try {
      return lstatSync(at, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  let names: Buffer[] = [];
  try {
    names = readdirSync(home, { encoding: "buffer" }).sort(Buffer.compare);
  } catch {
    return out;
  }
  for (const name of names) {
    const text = nameText(name);
    if (TOP_LEVEL.test(text)) {
      const at = Buffer.concat([Buffer.from(`${home}${path.sep}`), name]);
      add(text, at, lstatOf(at));
    }
  }
  for (const dir of CONTROL_DIRS) {
    // A link (or a file) where the folder belongs is fingerprinted as itself.
    const place = path.join(home, dir);
    const stat = lstatOf(place);
    add(dir, place, stat);
    if (!stat || (stat.isSymbolicLink() && !options.followLinkedFolders)) continue;
    walkTree(place, (entry) => {
      if (!entry.stat.isDirectory()) add(path.join(dir, entry.relative), entry.at, entry.stat);
    });
  }
  return out;
}

/** The files of a Codex home that decide what runs outside the sandbox, fingerprinted. */
export function controlFiles(home: string, options: { followLinkedFolders?: boolean } = {}): ControlFiles {
  return Object.fromEntries(controlEntries(home, { read: true, followLinkedFolders: options.followLinkedFolders ?? true }));
}

/** The control files of `home` (relative paths, as controlFiles names them), without reading them:
 *  for checks that need only where they are. */
export function controlFilePaths(home: string): string[] {
  return controlEntries(home, { read: false, followLinkedFolders: true }).map(([relative]) => relative);
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

/** `jailed`: the home was kept after a jailed run, whose danger-full-access commands could write any
 *  file in it — not only the control files (red team 27: a `.env`; Codex also reads its databases,
 *  skills and helper folders there). A later run with it is refused until `home accept`. */
const sealSchema = z.object({ home: z.string(), files: z.record(z.string(), z.string()), jailed: z.boolean().optional() });

/** What a jailed seal says in a refusal (and `home accept` in what it accepted). */
export const JAILED_SEAL = "kept after a jailed run whose commands could write any file in it (.env, databases, skills, helper folders), not only its configuration";

function sealPath(home: string, env: NodeJS.ProcessEnv): string {
  const key = createHash("sha256").update(resolvedPath(home)).digest("hex").slice(0, 24);
  return path.join(stateDir(env), "home-seals", `${key}.json`);
}

/** What was sealed for this home after our last run in it, if any. */
export function readSeal(home: string, env: NodeJS.ProcessEnv): ControlFiles | undefined {
  return readSealEntry(home, env)?.files;
}

function readSealEntry(home: string, env: NodeJS.ProcessEnv): z.infer<typeof sealSchema> | undefined {
  try {
    const text = readFileNoFollow(sealPath(home, env));
    return text ? sealSchema.parse(JSON.parse(text.toString("utf8"))) : undefined;
  } catch {
    return undefined; // unreadable: treated as never sealed
  }
}

/** `jailed`: see sealSchema; `home accept` (and every run that seals after it) writes it without. */
export function writeSeal(home: string, env: NodeJS.ProcessEnv, files: ControlFiles = controlFiles(home), options: { jailed?: boolean } = {}): void {
  writeFileReplacing(sealPath(home, env), `${JSON.stringify({ home: resolvedPath(home), files, ...(options.jailed ? { jailed: true } : {}) }, null, 2)}\n`, { mode: 0o600 });
}

/** Lines naming each control file changed since our last run in the home (empty when none). A home
 *  we never ran in counts as unchanged, unless `ours` says only we make it (a repo home lives in our
 *  state directory): then whatever it already holds came from elsewhere — a run using another state
 *  directory can write this one (a red-team finding). */
export function changesSinceSeal(home: string, env: NodeJS.ProcessEnv, options: { ours?: boolean } = {}): string[] {
  const sealed = readSealEntry(home, env);
  if (sealed) return [...describeChanges(sealed.files, controlFiles(home)), ...(sealed.jailed ? [JAILED_SEAL] : [])];
  return options.ours ? describeChanges({}, controlFiles(home)) : [];
}
