// A snapshot of a Codex home — every path with size, mode, mtime, content hash and class — and the
// diff of two snapshots. This is how the lab and `--keep-home` say what an operation persisted.
import { createHash } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { errnoCode } from "../core/errors.js";
import { walkTree } from "../core/tree.js";
import { z } from "zod";
import { classifyHomePath, pathClassSchema } from "./classify-path.js";

export const snapshotEntrySchema = z.object({
  path: z.string(),
  /** other: a FIFO, socket or device (never read). */
  type: z.enum(["file", "dir", "symlink", "other"]),
  size: z.number(),
  mode: z.string(),
  mtimeMs: z.number(),
  sha256: z.string().optional(),
  class: pathClassSchema,
});
export type SnapshotEntry = z.infer<typeof snapshotEntrySchema>;
export const homeSnapshotSchema = z.object({ root: z.string(), takenAt: z.string(), entries: z.array(snapshotEntrySchema) });
export type HomeSnapshot = z.infer<typeof homeSnapshotSchema>;

/** Files over this are hashed by size and mtime only: sqlite files and rollouts can be large. */
const HASH_LIMIT = 8 * 1024 * 1024;

/** A file's SHA-256, or "unreadable:<errno>" (a file of mode 000 for a non-root caller). */
function hashOf(file: string | Buffer): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch (error) {
    return `unreadable:${errnoCode(error)}`;
  }
}

export function snapshotHome(root: string): HomeSnapshot {
  const entries: SnapshotEntry[] = [];
  // Read through the walk's descriptors: a run may leave a tree deeper than a path can name.
  walkTree(root, ({ relative, at, stat }) => {
    const base = { path: relative, size: stat.size, mode: (stat.mode & 0o7777).toString(8), mtimeMs: Math.round(stat.mtimeMs), class: classifyHomePath(stat.isDirectory() ? `${relative}/` : relative) };
    if (stat.isSymbolicLink()) entries.push({ ...base, type: "symlink", sha256: createHash("sha256").update(readlinkSync(at)).digest("hex") });
    else if (stat.isDirectory()) entries.push({ ...base, type: "dir" });
    // Only a regular file is read: a FIFO planted in a kept home (a jailed run can write its home)
    // blocked this read, and the run never ended (red team, issue 27).
    else if (stat.isFile()) entries.push({ ...base, type: "file", ...(stat.size <= HASH_LIMIT ? { sha256: hashOf(at) } : {}) });
    else entries.push({ ...base, type: "other" });
  });
  return { root, takenAt: new Date().toISOString(), entries };
}

/** What a run changed in a home: paths added, removed and changed (with what changed), and the
 *  counts of added+changed paths per class (the one-line answer to "what did it persist"). */
export const homeDiffSchema = z.object({
  added: z.array(snapshotEntrySchema),
  removed: z.array(snapshotEntrySchema),
  changed: z.array(z.object({ path: z.string(), class: pathClassSchema, what: z.array(z.string()) })),
  byClass: z.record(z.string(), z.number()),
});
export type HomeDiff = z.infer<typeof homeDiffSchema>;

export function diffSnapshots(before: HomeSnapshot, after: HomeSnapshot): HomeDiff {
  const old = new Map(before.entries.map((e) => [e.path, e]));
  const now = new Map(after.entries.map((e) => [e.path, e]));
  const added = after.entries.filter((e) => !old.has(e.path));
  const removed = before.entries.filter((e) => !now.has(e.path));
  const changed: HomeDiff["changed"] = [];
  for (const entry of after.entries) {
    const was = old.get(entry.path);
    if (!was || entry.type === "dir") continue;
    const what: string[] = (["size", "mode", "sha256", "type"] as const).filter((key) => was[key] !== entry[key]);
    if (what.length === 0 && was.mtimeMs !== entry.mtimeMs) what.push("mtime");
    if (what.length > 0) changed.push({ path: entry.path, class: entry.class, what });
  }
  const byClass: Record<string, number> = {};
  for (const entry of [...added.filter((e) => e.type !== "dir"), ...changed]) byClass[entry.class] = (byClass[entry.class] ?? 0) + 1;
  return { added, removed, changed, byClass };
}
