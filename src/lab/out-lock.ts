// One lab per report folder: two labs writing one `--out` used to finish silently, the last one's
// report replacing the other's. The folder is locked by a file naming its owner (pid and start time,
// so a reused pid is not mistaken for the owner); a lock whose owner is gone is taken over.
import { closeSync, constants, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { isAlive, startTimeOf } from "../process/process-tree.js";

export const LAB_LOCK_FILE = ".codex-headless-lab.lock";

interface Owner {
  pid: number;
  start: string;
}

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as Partial<Owner>;
    return typeof owner.pid === "number" && typeof owner.start === "string" ? { pid: owner.pid, start: owner.start } : undefined;
  } catch {
    return undefined;
  }
}

/** Locks OUTDIR (which exists) for this process; returns the release. Locking it again from the same
 *  process is a no-op. Error: usage, one line, when another live lab holds it. */
export function lockOutDir(outDir: string, flag = "--out"): () => void {
  const file = path.join(outDir, LAB_LOCK_FILE);
  const me: Owner = { pid: process.pid, start: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (error) {
      if (errnoCode(error) !== "EEXIST") throw new CodexHeadlessError("usage", `${flag} ${outDir}: cannot lock it (${errnoCode(error)})`);
      const owner = readOwner(file);
      if (owner && owner.pid === me.pid && owner.start === me.start) return () => {};
      if (owner && isAlive(owner.pid) && [owner.start, "0"].includes(startTimeOf(owner.pid))) {
        throw new CodexHeadlessError("usage", `${flag} ${outDir} is in use by another lab (pid ${owner.pid}); wait for it or choose another folder`, { data: { path: outDir, pid: owner.pid } });
      }
      rmSync(file, { force: true }); // its owner is gone
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return () => {
      const owner = readOwner(file);
      if (owner?.pid === me.pid && owner.start === me.start) rmSync(file, { force: true });
    };
  }
  throw new CodexHeadlessError("usage", `${flag} ${outDir}: another lab took the lock as this one did; try again`);
}
