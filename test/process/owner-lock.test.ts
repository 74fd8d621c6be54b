// The lock that names its owner process (process/owner-lock.ts), behind the lab's report-folder lock
// and the per-binary cache: held by a live process, taken over from a gone one (a reused pid
// included), reentrant in its own process, and a lock being written is not taken from its maker.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tryOwnerLock } from "../../src/process/owner-lock.js";
import { startTimeOf } from "../../src/process/process-tree.js";
import { scratchDir } from "../helpers/paths.js";

describe("tryOwnerLock", () => {
  it("a live owner holds it; a gone owner, a reused pid and an old unnamed lock are taken over; its own process takes it again", async () => {
    const dir = scratchDir("owner-lock");
    const file = path.join(dir, "x.lock");
    const live = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      writeFileSync(file, JSON.stringify({ pid: live.pid, start: startTimeOf(live.pid!) }));
      expect(tryOwnerLock(file)).toEqual({ holder: { owner: { pid: live.pid, start: startTimeOf(live.pid!) } } });
      // The same pid with another start time: a reused pid, not the owner.
      writeFileSync(file, JSON.stringify({ pid: live.pid, start: String(Number(startTimeOf(live.pid!)) + 1) }));
      const taken = tryOwnerLock(file);
      expect("release" in taken).toBe(true);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ pid: process.pid, start: startTimeOf(process.pid) });
      // Reentrant: a release that leaves the first one's lock in place.
      const again = tryOwnerLock(file);
      expect("release" in again && (again.release(), existsSync(file))).toBe(true);
      if ("release" in taken) taken.release();
      expect(existsSync(file)).toBe(false);
    } finally {
      live.kill("SIGKILL");
    }
    // A gone owner.
    const gone = spawnSync("true").pid;
    writeFileSync(file, JSON.stringify({ pid: gone, start: "1" }));
    expect("release" in tryOwnerLock(file)).toBe(true);
    // A lock being written (no owner yet) is held; one left unnamed for over a minute, or an older
    // version's lock folder, is taken over.
    const unnamed = path.join(dir, "unnamed.lock");
    writeFileSync(unnamed, "");
    expect(tryOwnerLock(unnamed)).toEqual({ holder: { owner: undefined } });
    const old = new Date(Date.now() - 120_000);
    utimesSync(unnamed, old, old);
    expect("release" in tryOwnerLock(unnamed)).toBe(true);
    const folder = path.join(dir, "folder.lock");
    mkdirSync(path.join(folder, "inner"), { recursive: true });
    utimesSync(folder, old, old);
    expect("release" in tryOwnerLock(folder)).toBe(true);
    // No such folder: the file system's error.
    expect(() => tryOwnerLock(path.join(dir, "missing", "x.lock"))).toThrow(/ENOENT/);
  });
});
