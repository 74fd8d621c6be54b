// What a commit holds, kept in a folder of the state directory so that the next process need not ask
// git again: a `codex-headless run` is a new process each time, and the git it spawned to read the
// committed policy was the largest part of its own work before Codex started (a CPU profile of the
// CLI, 20 of 88 profiled ms between the command line and Codex's spawn; ~13 ms of wall time).
// An answer is keyed by the repository's common directory, the commit id and the question, as the
// in-process CommitMemo (core/git-head.ts) is: what a commit holds never changes. The folder is as
// trusted as the rest of the state directory (parsed start-up files, probe verdicts, the history of
// writable roots): callers use it only when that directory lies out of every sandbox's reach.
import { createHash } from "node:crypto";
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readFileNoFollow, writeFileReplacing } from "./safe-fs.js";

/** Answers kept at most; the oldest (by modification time) leave first when one more is written. */
const KEPT = 256;
// An answer is a small file (a policy is at most 1 MB); anything larger is not one of ours.
const ANSWER_MAX_BYTES = 2 * 1024 * 1024;

const storedSchema = z.object({ key: z.string(), value: z.unknown() });

const fileOf = (dir: string, key: string): string => path.join(dir, `${createHash("sha256").update(key).digest("hex")}.json`);

/** The answer kept for `key` in `dir`, parsed by `schema`, or undefined when none is kept (or what is
 *  kept is not an answer for exactly this key). Never throws. */
export function readCommitAnswer<T>(dir: string, key: string, schema: z.ZodType<T>): { value: T } | undefined {
  try {
    const bytes = readFileNoFollow(fileOf(dir, key));
    if (!bytes || bytes.length > ANSWER_MAX_BYTES) return undefined;
    const stored = storedSchema.safeParse(JSON.parse(bytes.toString("utf8")));
    if (!stored.success || stored.data.key !== key) return undefined;
    const value = schema.safeParse(stored.data.value);
    return value.success ? { value: value.data } : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `value` as the answer for `key` in `dir` (created when missing). A folder that cannot be
 *  written only means the next process asks git again. Never throws. */
export function writeCommitAnswer(dir: string, key: string, value: unknown): void {
  try {
    writeFileReplacing(fileOf(dir, key), `${JSON.stringify({ key, value })}\n`);
    const names = readdirSync(dir).filter((name) => name.endsWith(".json"));
    if (names.length <= KEPT) return;
    const byAge = names.map((name) => ({ name, mtimeMs: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { name } of byAge.slice(0, names.length - KEPT)) rmSync(path.join(dir, name), { force: true });
  } catch {
    // not kept: asked again next time
  }
}
