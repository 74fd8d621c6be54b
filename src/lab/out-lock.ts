// One lab per report folder: two labs writing one `--out` used to finish silently, the last one's
// report replacing the other's. The folder is locked by a file naming its owner (pid and start time,
// so a reused pid is not mistaken for the owner); a lock whose owner is gone is taken over.
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { tryOwnerLock } from "../process/owner-lock.js";

export const LAB_LOCK_FILE = ".codex-headless-lab.lock";

/** Locks OUTDIR (which exists) for this process; returns the release. Locking it again from the same
 *  process is a no-op. Error: usage, one line, when another live lab holds it. */
export function lockOutDir(outDir: string, flag = "--out"): () => void {
  let lock: ReturnType<typeof tryOwnerLock>;
  try {
    lock = tryOwnerLock(path.join(outDir, LAB_LOCK_FILE));
  } catch (error) {
    throw new CodexHeadlessError("usage", `${flag} ${outDir}: cannot lock it (${errnoCode(error)})`);
  }
  if ("release" in lock) return lock.release;
  const { owner } = lock.holder;
  if (owner) throw new CodexHeadlessError("usage", `${flag} ${outDir} is in use by another lab (pid ${owner.pid}); wait for it or choose another folder`, { data: { path: outDir, pid: owner.pid } });
  throw new CodexHeadlessError("usage", `${flag} ${outDir}: another lab took the lock as this one did; try again`);
}
