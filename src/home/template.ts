// Warm isolated homes (issue 25). A fresh CODEX_HOME costs Codex its first-use set-up on every run:
// creating and migrating its sqlite databases (measured on 0.171.0, 6 interleaved runs each: bare
// `codex exec` took ~1.05 s in an empty home, ~0.90 s in a used one, ~0.93 s in an empty home given a
// copy of what `codex app-server` writes when it is only initialized).
// So once per Codex binary we let `codex app-server` initialize an empty home of ours (no thread, no
// model request), keep only the databases' files that set-up made (schema and migrations; no thread,
// session or log) and give every fresh isolated home a copy of them. The thread-history database,
// which initialize does not make, comes from a second server that makes it for a thread and deletes
// the thread again (home/thread-history.ts); what the deletion leaves in the file's free space is
// zeroed (home/sqlite-free-space.ts), so no byte of that thread reaches a home.
//
// The template is never given to Codex: each run gets copies (a reflink where the filesystem can,
// else bytes; never a hard link), so what Codex rewrites in place in its databases stays in that run's
// home. Per-home identity is not copied (`installation_id` is written fresh by each run, as in an empty
// home), nor anything from a user's home: the template is built with HOME and CODEX_HOME both set to
// a folder of ours, in our cache directory, which no sandboxed run can write (the safety rule).
import { createHash, randomBytes } from "node:crypto";
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { binaryIdentity } from "../codex/binary-identity.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { cacheDir } from "../core/paths.js";
import { listTree } from "../core/tree.js";
import { zeroFreeSpace } from "./sqlite-free-space.js";
import { checkpointWal } from "./sqlite-wal.js";
import { builderServer, letCodexCreateThreadHistory } from "./thread-history.js";
import type { PreparedHome } from "./prepare.js";

/** What a template may hold, relative to the home: the databases Codex creates on initialize, their
 *  write-ahead logs folded in (a log that cannot be read is kept beside its database, which then
 *  needs it). Shared-memory index files (`-shm`) are rebuilt by sqlite from the log, so they are left
 *  out. Codex's bundled skills (`skills/.system`,
 *  ~50 files) are not kept: a copy of them saved Codex nothing measurable (6 interleaved runs, 0.169.0)
 *  and copying them was the largest part of our own work per run in a CPU profile (8 runs, 0.171.0). */
const KEPT = [/^[a-z_]+_\d+\.sqlite(-wal)?$/];
const DATABASE = /^[a-z_]+_\d+\.sqlite$/;
const DONE_MARK = "template.json";
/** Bumped when what a template holds changes, so templates built before are built again. */
const FORMAT = 3;
/** Templates of binaries used before are dropped beyond this many. */
const KEEP_TEMPLATES = 4;

const kept = (relative: string) => KEPT.some((pattern) => pattern.test(relative.split(path.sep).join("/")));

// In our cache directory (the state directory unless CODEX_HEADLESS_CACHE_DIR names another), which a
// run refuses to start with in a sandbox's reach (run/runner.ts): a database planted in the template
// (a memory, a thread) would reach every later isolated run.
export function templatesRoot(env: NodeJS.ProcessEnv): string {
  return path.join(cacheDir(env), "home-templates");
}

/** Builds the template for `codexPath` in a folder of its own, then moves it into place. */
async function buildTemplate(codexPath: string, target: string, root: string): Promise<void> {
  const building = path.join(root, `building-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(building, { recursive: true, mode: 0o700 });
  try {
    // Initialized only: the server answers initialize, sees its stdin closed and exits.
    if (!(await builderServer(codexPath, building, async () => undefined))) return;
    // The app-server exits without checkpointing: its databases' schema is still in their logs. Folded
    // into the database files here, once, a run's Codex neither replays nor checkpoints them (a log
    // that cannot be read is kept, as before).
    for (const name of readdirSync(building)) if (DATABASE.test(name)) checkpointWal(path.join(building, name));
    for (const entry of listTree(building).reverse()) {
      if (!kept(entry.relative) || !(entry.stat.isFile() || entry.stat.isDirectory())) rmSync(entry.full, { recursive: true, force: true });
    }
    await addThreadHistory(codexPath, building);
    if (!readdirSync(building).some((name) => DATABASE.test(name))) return; // nothing worth copying
    writeFileReplacing(path.join(building, DONE_MARK), JSON.stringify({ codex: codexPath, built: new Date().toISOString() }));
    try {
      renameSync(building, target);
    } catch {
      // another process built the same template first: theirs is as good as ours
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** Adds the databases a second server makes for a thread it then deletes (the thread-history
 *  database) to the template being built in `building`: only databases initialize did not make, only
 *  when Codex deleted the thread, each with its log folded in and its free space zeroed. */
async function addThreadHistory(codexPath: string, building: string): Promise<void> {
  const history = `${building}-history`;
  mkdirSync(history, { mode: 0o700 });
  try {
    if (!(await letCodexCreateThreadHistory(codexPath, history))) return;
    for (const name of readdirSync(history)) {
      const database = path.join(history, name);
      if (!DATABASE.test(name) || existsSync(path.join(building, name))) continue;
      if (checkpointWal(database) && zeroFreeSpace(database)) renameSync(database, path.join(building, name));
    }
  } finally {
    rmSync(history, { recursive: true, force: true });
  }
}

function dropOldTemplates(root: string, keep: string): void {
  const others = readdirSync(root)
    .filter((name) => /^[0-9a-f]{16}$/.test(name) && path.join(root, name) !== keep)
    .map((name) => ({ dir: path.join(root, name), used: statSync(path.join(root, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const old of others.slice(KEEP_TEMPLATES - 1)) rmSync(old.dir, { recursive: true, force: true });
}

const building = new Map<string, Promise<string | undefined>>();

/** The home template for the binary at `codexPath` (a folder in our cache directory), built on first
 *  use (one `codex app-server` initialize, ~0.5 s) and kept per binary identity, so a replaced binary
 *  gets its own. undefined when it cannot be built (the run then starts from an empty home, as before).
 *  Never throws. */
export function homeTemplate(codexPath: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  let identity: string;
  try {
    identity = binaryIdentity(codexPath);
  } catch {
    return Promise.resolve(undefined);
  }
  const root = templatesRoot(env);
  const target = path.join(root, createHash("sha256").update(`${identity}|${FORMAT}`).digest("hex").slice(0, 16));
  if (existsSync(path.join(target, DONE_MARK))) return Promise.resolve(target);
  let pending = building.get(target);
  if (!pending) {
    pending = (async () => {
      try {
        mkdirSync(root, { recursive: true, mode: 0o700 });
        await buildTemplate(codexPath, target, root);
        if (!existsSync(path.join(target, DONE_MARK))) return undefined;
        dropOldTemplates(root, target);
        return target;
      } catch {
        return undefined;
      } finally {
        building.delete(target);
      }
    })();
    building.set(target, pending);
  }
  return pending;
}

/** Copies the template's files into the fresh, empty home `home`: a reflink where the filesystem
 *  offers one, else a byte copy, never a hard link, so no file of the home shares an inode with the
 *  template or another home. Returns how many files were copied (0 when `template` is undefined). */
export function copyTemplate(template: string | undefined, home: string): number {
  if (!template) return 0;
  let copied = 0;
  for (const entry of listTree(template)) {
    // Only what a template may hold, whatever else the folder came to contain.
    if (!kept(entry.relative)) continue;
    const target = path.join(home, entry.relative);
    if (entry.stat.isDirectory()) mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (entry.stat.isFile()) {
      copyFileSync(entry.full, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      copied += 1;
    }
  }
  return copied;
}

/** Gives a fresh isolated home (made for this run, still empty) the template of the binary at
 *  `codexPath`; any other home is left as it is. Returns the number of files copied. */
export async function warmHome(home: PreparedHome, codexPath: string, env: NodeJS.ProcessEnv): Promise<number> {
  if (home.mode !== "isolated" || !home.temporary || readdirSync(home.path).length > 0) return 0;
  return copyTemplate(await homeTemplate(codexPath, env), home.path);
}
