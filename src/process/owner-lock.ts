// A lock file that names the process holding it (pid and start time, so a reused pid is not taken for
// its owner): a lock whose owner is gone is taken over. One mechanism for the lab's report folder
// (lab/out-lock.ts) and the per-binary cache (surface/per-binary-cache.ts).
import { closeSync, constants, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { errnoCode } from "../core/errors.js";
import { isAlive, startTimeOf } from "./process-tree.js";

export interface LockOwner {
  pid: number;
  start: string;
}

/** A lock file whose owner cannot be read yet is taken for one being written this long: its maker
 *  creates it and names itself in two steps. */
const UNNAMED_GRACE_MS = 60_000;

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.start === "string" ? { pid: owner.pid, start: owner.start } : undefined;
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Takes the lock at `file` for this process: `{ release }` (which removes it only while it is still
 * ours; taking it again from this process gives a release that does nothing), or `{ holder }` while
 * another live process holds it (`holder.owner` undefined: one is naming itself in it now). Throws the
 * file system's error when the file cannot be made (no such folder, no permission).
 */
export function tryOwnerLock(file: string): { release: () => void } | { holder: { owner: LockOwner | undefined } } {
  const me: LockOwner = { pid: process.pid, start: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (error) {
      if (errnoCode(error) !== "EEXIST") throw error;
      const owner = readOwner(file);
      if (owner && owner.pid === me.pid && owner.start === me.start) return { release: () => {} };
      if (owner && isAlive(owner.pid) && [owner.start, "0"].includes(startTimeOf(owner.pid))) return { holder: { owner } };
      if (!owner && ageMs(file) < UNNAMED_GRACE_MS) return { holder: { owner: undefined } };
      // Its owner is gone (a folder: an older version's lock).
      rmSync(file, { recursive: true, force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return {
      release: () => {
        const owner = readOwner(file);
        if (owner?.pid === me.pid && owner.start === me.start) rmSync(file, { force: true });
      },
    };
  }
  // Another process took it over as this one did.
  return { holder: { owner: readOwner(file) } };
}
