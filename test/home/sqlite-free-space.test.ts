// The home template's thread-history database is built from a thread Codex made and deleted, and its
// free space is zeroed by us (home/sqlite-free-space.ts). The fixtures are one SQLite database (page
// size 512, rollback journal) made twice by SQLite itself: a table `t` of 40 rows `secret-NNNN-x…`
// with an index on them and a table `big` of one row that spills onto overflow pages; then the rows
// whose id is a multiple of 3 or above 30 and the row of `big` deleted. deleted.sqlite was made with
// `secure_delete` off (SQLite's default, Codex's case), secure-deleted.sqlite with it on. After our
// zeroing SQLite's `integrity_check` said ok and the file took new rows (checked when the fixtures
// were made; Codex reading and writing the template's database is the warm-home test).
// autovacuum-*.sqlite: the same with incremental auto-vacuum (as Codex opens its databases) and one
// table of 1200 rows `secret-NNNN-x…`, those whose id is a multiple of 3 or above 1100 deleted: 126
// pages, so a second pointer-map page (105) exists, and it begins with 5, an interior b-tree page's
// type byte. integrity_check said ok after our zeroing here too.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { zeroFreeSpace, zeroFreeSpaceOf } from "../../src/home/sqlite-free-space.js";
import { REPO_ROOT, scratchDir } from "../helpers/paths.js";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "sqlite-free-space");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const ids = Array.from({ length: 40 }, (_, i) => i + 1);
const marker = (id: number) => `secret-${String(id - 1).padStart(4, "0")}-`;
const deletedIds = ids.filter((id) => id % 3 === 0 || id > 30);
const liveIds = ids.filter((id) => !deletedIds.includes(id));
const count = (bytes: Buffer, text: string) => bytes.toString("latin1").split(text).length - 1;

describe("zeroFreeSpace", () => {
  it("leaves no byte of a deleted row, and every live row as it was", () => {
    const before = fixture("deleted.sqlite");
    const after = Buffer.from(before);
    expect(zeroFreeSpaceOf(after)).toBe(true);
    // Without zeroing, most deleted rows (SQLite's page splits overwrote some) and the overflow row
    // are still in the file.
    expect(deletedIds.filter((id) => count(before, marker(id)) > 0).length).toBeGreaterThan(deletedIds.length / 2);
    expect(before.includes("overflowsecret")).toBe(true);
    for (const id of deletedIds) expect(count(after, marker(id)), marker(id)).toBe(0);
    expect(after.includes("overflowsecret")).toBe(false);
    // A live row is in its table and in its index, once each; stale copies that page splits left are gone.
    for (const id of liveIds) expect(count(after, marker(id)), marker(id)).toBe(2);
    expect(liveIds.some((id) => count(before, marker(id)) > 2)).toBe(true);
    expect(after.length).toBe(before.length);
    expect(after.subarray(0, 100).equals(before.subarray(0, 100))).toBe(true);
  });

  it("zeroes at least every byte SQLite's own secure_delete zeroes, and only turns bytes into zeros", () => {
    const before = fixture("deleted.sqlite");
    const secure = fixture("secure-deleted.sqlite");
    const after = Buffer.from(before);
    zeroFreeSpaceOf(after);
    let zeroedBySqlite = 0;
    for (let i = 0; i < before.length; i++) {
      if (after[i] !== before[i]) expect(after[i], `byte ${i}`).toBe(0);
      if (secure[i] === 0 && before[i] !== 0) {
        zeroedBySqlite += 1;
        expect(after[i], `byte ${i}`).toBe(0);
      }
    }
    expect(zeroedBySqlite).toBeGreaterThan(1000);
  });

  it("leaves an auto-vacuum database's pointer-map pages as they are, though they may begin like a b-tree page", () => {
    const before = fixture("autovacuum-deleted.sqlite");
    const secure = fixture("autovacuum-secure-deleted.sqlite");
    const after = Buffer.from(before);
    expect(zeroFreeSpaceOf(after)).toBe(true);
    const page = (bytes: Buffer, n: number) => bytes.subarray((n - 1) * 512, n * 512);
    expect(page(before, 105)[0]).toBe(5);
    for (const n of [2, 105]) expect(page(after, n).equals(page(before, n)), `pointer-map page ${n}`).toBe(true);
    const ids = Array.from({ length: 1200 }, (_, i) => i + 1);
    const gone = ids.filter((id) => id % 3 === 0 || id > 1100);
    for (const id of gone) expect(count(after, marker(id)), marker(id)).toBe(0);
    for (const id of ids.filter((id) => !gone.includes(id))) expect(count(after, marker(id)), marker(id)).toBe(1);
    for (let i = 0; i < before.length; i++) if (secure[i] === 0 && before[i] !== 0) expect(after[i], `byte ${i}`).toBe(0);
  });

  it("changes nothing in a file it does not trust, nor in a database with a log beside it", () => {
    const notDb = Buffer.from("SQLite format 2\0".padEnd(1024, "x"));
    expect(zeroFreeSpaceOf(Buffer.from(notDb))).toBeUndefined();
    // A free list that loops back on itself.
    const looping = Buffer.from(fixture("deleted.sqlite"));
    const trunk = looping.readUInt32BE(32);
    expect(trunk).toBeGreaterThan(0);
    looping.writeUInt32BE(trunk, (trunk - 1) * 512);
    const copy = Buffer.from(looping);
    expect(zeroFreeSpaceOf(looping)).toBeUndefined();
    expect(looping.equals(copy)).toBe(true);

    const db = path.join(scratchDir("sqlite-free-space"), "db.sqlite");
    copyFileSync(path.join(FIXTURES, "deleted.sqlite"), db);
    writeFileSync(`${db}-wal`, "");
    expect(zeroFreeSpace(db)).toBe(false);
    expect(readFileSync(db).equals(fixture("deleted.sqlite"))).toBe(true);
  });

  it("zeroes a database file in place, and a second pass finds nothing left", () => {
    const db = path.join(scratchDir("sqlite-free-space"), "db.sqlite");
    copyFileSync(path.join(FIXTURES, "deleted.sqlite"), db);
    expect(zeroFreeSpace(db)).toBe(true);
    const once = readFileSync(db);
    expect(once.includes("overflowsecret")).toBe(false);
    expect(zeroFreeSpaceOf(Buffer.from(once))).toBe(false);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });
});
