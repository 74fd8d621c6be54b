// The home template's databases are checkpointed by us (home/sqlite-wal.ts). The fixtures are a
// SQLite database in WAL mode (page size 512) and its log, copied while the connection was still
// open: eight frames of committed transactions, then one transaction of eight frames whose last frame
// commits it. The expected files are what SQLite's own `PRAGMA wal_checkpoint(TRUNCATE)` left of
// that pair, and of the pair with the last (commit) frame cut off.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointWal } from "../../src/home/sqlite-wal.js";
import { REPO_ROOT, scratchDir } from "../helpers/paths.js";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "sqlite-wal");
const FRAME = 24 + 512;
const wal = readFileSync(path.join(FIXTURES, "db.sqlite-wal"));
const expected = (name: string) => readFileSync(path.join(FIXTURES, name));

/** The fixture database with `log` as its write-ahead log (and a stale index beside it). */
function withLog(log: Buffer | undefined): string {
  const db = path.join(scratchDir("sqlite-wal"), "db.sqlite");
  copyFileSync(path.join(FIXTURES, "db.sqlite"), db);
  if (log) writeFileSync(`${db}-wal`, log);
  writeFileSync(`${db}-shm`, Buffer.alloc(32768));
  return db;
}

describe("checkpointWal", () => {
  it("leaves the database SQLite's own full checkpoint leaves, and no log or index", () => {
    const db = withLog(wal);
    expect(checkpointWal(db)).toBe(true);
    expect(readFileSync(db).equals(expected("checkpointed.sqlite"))).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(existsSync(`${db}-shm`)).toBe(false);
  });

  it("leaves out a transaction whose commit frame is missing, as SQLite does", () => {
    const db = withLog(wal.subarray(0, 32 + 15 * FRAME));
    expect(checkpointWal(db)).toBe(true);
    expect(readFileSync(db).equals(expected("checkpointed-without-last-commit.sqlite"))).toBe(true);
  });

  it("stops at the first frame whose checksum does not match (a half-written frame)", () => {
    const torn = Buffer.from(wal);
    torn[32 + 9 * FRAME + 24 + 100]! ^= 0xff; // a byte of the tenth frame's page: it and all after it are not read
    const db = withLog(torn);
    expect(checkpointWal(db)).toBe(true);
    expect(readFileSync(db).equals(expected("checkpointed-without-last-commit.sqlite"))).toBe(true);
  });

  it("stops at a frame of an earlier log generation (another salt)", () => {
    const stale = Buffer.from(wal);
    stale.writeUInt32BE(stale.readUInt32BE(32 + 8 * FRAME + 8) ^ 1, 32 + 8 * FRAME + 8);
    const db = withLog(stale);
    expect(checkpointWal(db)).toBe(true);
    expect(readFileSync(db).equals(expected("checkpointed-without-last-commit.sqlite"))).toBe(true);
  });

  it("changes nothing when the log is not one SQLite would read", () => {
    for (const bad of [Buffer.from("not a write-ahead log, just text of some length"), Buffer.concat([wal.subarray(0, 24), Buffer.alloc(8), wal.subarray(32)])]) {
      const db = withLog(bad);
      expect(checkpointWal(db)).toBe(false);
      expect(readFileSync(db).equals(expected("db.sqlite"))).toBe(true);
      expect(readFileSync(`${db}-wal`).equals(bad)).toBe(true);
    }
  });

  it("counts a database without a log, or with an empty one, as complete", () => {
    for (const log of [undefined, Buffer.alloc(0)]) {
      const db = withLog(log);
      expect(checkpointWal(db)).toBe(true);
      expect(readFileSync(db).equals(expected("db.sqlite"))).toBe(true);
      expect(existsSync(`${db}-wal`)).toBe(false);
      expect(existsSync(`${db}-shm`)).toBe(false);
    }
  });
});
