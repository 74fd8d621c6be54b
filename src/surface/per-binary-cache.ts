// An answer that depends on one Codex binary alone (what its config parser knows, what its help
// texts say), kept in our cache so the next inventory of the same file reads it instead of asking the
// binary again. The caller names the file after the binary's version and identity
// (codex/binary-identity.ts), so a replaced binary misses. Nothing read here decides a safety verdict:
// any file on disk may have been written by a danger-full-access run.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { writeFileReplacing } from "../core/safe-fs.js";
import { tryOwnerLock } from "../process/owner-lock.js";

/**
 * The cached answer in `file` when it parses with `schema`, else `compute()`'s, written for the next
 * caller. One process computes at a time: another one (a second inventory, the lab) waits for its
 * answer instead of doubling the load; a lock whose owner died is taken over. An answer `keep` turns
 * down is returned but not written.
 */
export async function cachedPerBinary<T>(file: string, schema: z.ZodType<T>, compute: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<{ value: T; cached: boolean }> {
  // The lock file is this process's for every caller in it: callers here wait for the one computing.
  const computing = inProcess.get(file) as Promise<{ value: T; cached: boolean }> | undefined;
  if (computing) {
    const done = await computing.catch(() => undefined); // failed: this caller tries itself
    if (done) return { value: done.value, cached: true };
  }
  const answer = answerOnce(file, schema, compute, keep);
  inProcess.set(file, answer);
  try {
    return await answer;
  } finally {
    inProcess.delete(file);
  }
}

/** The answers being computed or read in this process, by cache file. */
const inProcess = new Map<string, Promise<{ value: unknown; cached: boolean }>>();

async function answerOnce<T>(file: string, schema: z.ZodType<T>, compute: () => Promise<T>, keep: (value: T) => boolean): Promise<{ value: T; cached: boolean }> {
  const read = (): T | undefined => {
    try {
      return schema.parse(JSON.parse(readFileSync(file, "utf8")));
    } catch {
      return undefined; // no entry yet, or one we cannot read: compute again
    }
  };
  mkdirSync(path.dirname(file), { recursive: true });
  let release: () => void;
  for (;;) {
    const hit = read();
    if (hit !== undefined) return { value: hit, cached: true };
    const lock = tryOwnerLock(`${file}.lock`);
    if ("release" in lock) {
      release = lock.release;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    const value = await compute();
    // Written whole, then renamed: a concurrent reader sees no entry or the whole entry, never half.
    if (keep(value)) writeFileReplacing(file, `${JSON.stringify(value)}\n`);
    return { value, cached: false };
  } finally {
    release();
  }
}

