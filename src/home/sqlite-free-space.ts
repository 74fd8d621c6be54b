// Zeroes what a SQLite database keeps of deleted rows, as SQLite's own `secure_delete` does when the
// rows are deleted, for the home template (home/template.ts): Codex only creates its thread-history
// database for a thread, so the template builder makes one and deletes it through Codex, and a
// deletion leaves the row's bytes (the thread's id) in the file's free space. Node 20 has no SQLite;
// the file format is small and stable (https://www.sqlite.org/fileformat2.html): free space is the
// free-list pages, and on each b-tree page its freeblocks and the gap between the cell pointer array
// and the cell content area. Live cells, the b-tree structure and the header are left as they are.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";

const DB_MAGIC = "SQLite format 3\0";
const BTREE_PAGE_TYPES = new Set([2, 5, 10, 13]);
const INTERIOR_PAGE_TYPES = new Set([2, 5]);

/** Zeroes the free space of the whole database in `bytes` (changed in place); returns whether any
 *  byte changed, or undefined when `bytes` is no SQLite database this reader trusts (nothing is
 *  changed then). */
export function zeroFreeSpaceOf(bytes: Buffer): boolean | undefined {
  if (bytes.length < 100 || bytes.toString("latin1", 0, 16) !== DB_MAGIC) return undefined;
  const sizeField = bytes.readUInt16BE(16);
  const pageSize = sizeField === 1 ? 65536 : sizeField;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0 || bytes.length % pageSize !== 0) return undefined;
  const usable = pageSize - bytes[20]!;
  const pageCount = bytes.length / pageSize;
  // An overflow page begins with the next one's number: below 2^24 pages its first byte is 0, never
  // a b-tree page's type byte.
  if (pageCount >= 2 ** 24) return undefined;
  const start = (page: number) => (page - 1) * pageSize;
  let changed = false;
  const zero = (from: number, to: number) => {
    if (to <= from) return;
    const region = bytes.subarray(from, to);
    if (region.some((byte) => byte !== 0)) {
      region.fill(0);
      changed = true;
    }
  };

  // The free list: trunk pages name leaf pages; a leaf page holds nothing, a trunk page nothing past
  // its list. A list that points outside the file or loops is one this reader does not trust.
  const free = new Set<number>();
  let trunk = bytes.readUInt32BE(32);
  const plan: Array<[number, number]> = [];
  while (trunk !== 0) {
    if (trunk > pageCount || free.has(trunk)) return undefined;
    free.add(trunk);
    const base = start(trunk);
    const leaves = bytes.readUInt32BE(base + 4);
    if (8 + 4 * leaves > usable) return undefined;
    for (let i = 0; i < leaves; i++) {
      const leaf = bytes.readUInt32BE(base + 8 + 4 * i);
      if (leaf === 0 || leaf > pageCount || free.has(leaf)) return undefined;
      free.add(leaf);
      plan.push([start(leaf), start(leaf) + pageSize]);
    }
    plan.push([base + 8 + 4 * leaves, base + usable]);
    trunk = bytes.readUInt32BE(base);
  }

  // Pages that are neither b-tree nor free but may begin with a b-tree page's type byte: the
  // pointer-map pages of an auto-vacuum database (Codex 0.171.0 opens every database with incremental
  // auto-vacuum: page 2, then every usable/5 + 1 pages; an entry's type 2 or 5 would read as an
  // interior page), and the lock-byte page at 1 GiB.
  const notBtree = new Set<number>([Math.floor(1_073_741_824 / pageSize) + 1]);
  if (bytes.readUInt32BE(52) !== 0) for (let page = 2; page <= pageCount; page += Math.floor(usable / 5) + 1) notBtree.add(page);

  // Each b-tree page: the gap between its cell pointers and its cells, and each freeblock's body
  // (its first four bytes link the chain and say its size, as SQLite leaves them).
  for (let page = 1; page <= pageCount; page++) {
    if (free.has(page) || notBtree.has(page)) continue;
    const base = start(page);
    const header = base + (page === 1 ? 100 : 0);
    const type = bytes[header]!;
    if (!BTREE_PAGE_TYPES.has(type)) continue; // an overflow page (first byte 0): no free space of its own
    const headerSize = INTERIOR_PAGE_TYPES.has(type) ? 12 : 8;
    const cells = bytes.readUInt16BE(header + 3);
    const contentStart = bytes.readUInt16BE(header + 5) || 65536;
    const pointersEnd = header + headerSize + 2 * cells;
    if (pointersEnd > base + contentStart || contentStart > usable) return undefined;
    plan.push([pointersEnd, base + contentStart]);
    let block = bytes.readUInt16BE(header + 1);
    while (block !== 0) {
      const size = bytes.readUInt16BE(base + block + 2);
      if (block < contentStart || size < 4 || block + size > usable) return undefined;
      plan.push([base + block + 4, base + block + size]);
      const next = bytes.readUInt16BE(base + block);
      if (next !== 0 && next <= block + size) return undefined; // SQLite keeps the chain in ascending order
      block = next;
    }
  }
  for (const [from, to] of plan) zero(from, to);
  return changed;
}

/**
 * Zeroes the free space of the database file `database` in place. Only for a database no process
 * has open and whose log is folded in (a template being built): with a `-wal` beside it nothing is
 * changed. Returns false when the file was left as it was because it is not a database this reader
 * trusts (or has a log); true otherwise.
 */
export function zeroFreeSpace(database: string): boolean {
  if (existsSync(`${database}-wal`)) return false;
  const bytes = readFileSync(database);
  const changed = zeroFreeSpaceOf(bytes);
  if (changed === undefined) return false;
  if (!changed) return true;
  const fd = openSync(database, "r+");
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}
