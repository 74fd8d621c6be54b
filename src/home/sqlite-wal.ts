// Folds a SQLite write-ahead log into its database file, as SQLite's own checkpoint does, for the
// home template (home/template.ts). `codex app-server` exits without checkpointing, so the databases
// it creates keep their schema in `-wal` files; copied into a fresh home as they are, every run made
// SQLite rebuild its index from them when Codex opened them and checkpoint them (three fsyncs a
// database, ~2 ms each on this machine's disk) when Codex closed them, work a used home never does
// (strace, one `codex exec` each on 0.171.0: 26 fsyncs in a home from such a template, 19 from a
// checkpointed one, 7 in a used home). Node 20 has no SQLite, and the log's format is small and
// stable (https://www.sqlite.org/fileformat2.html#the_write_ahead_log); the result is byte for byte
// what SQLite's own checkpoint leaves (test/home/sqlite-wal.test.ts).
import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, rmSync, writeSync } from "node:fs";

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const WAL_VERSION = 3007000;
const DB_MAGIC = "SQLite format 3\0";

/** SQLite's log checksum over `data` (a multiple of 8 bytes), continuing from `[s0, s1]`: 32-bit
 *  words in big-endian order when the log's magic number says so, else little-endian. */
function walChecksum(data: Buffer, bigEndian: boolean, [s0, s1]: [number, number]): [number, number] {
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

interface Frame {
  page: number;
  offset: number;
}

/** The frames of the log that belong to committed transactions, and the database's size in pages
 *  after the last of them; undefined when the log is not one SQLite would read. */
export function committedFrames(wal: Buffer): { pageSize: number; frames: Frame[]; pages: number } | undefined {
  if (wal.length < WAL_HEADER) return undefined;
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return undefined;
  const bigEndian = (magic & 1) === 1;
  const pageSize = wal.readUInt32BE(8);
  if (wal.readUInt32BE(4) !== WAL_VERSION || pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  let sum = walChecksum(wal.subarray(0, 24), bigEndian, [0, 0]);
  if (sum[0] !== wal.readUInt32BE(24) || sum[1] !== wal.readUInt32BE(28)) return undefined;
  const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  const frames: Frame[] = [];
  let committed: { count: number; pages: number } = { count: 0, pages: 0 };
  // Frames are read as SQLite reads them: up to the first whose salt or running checksum does not
  // match (a frame of an earlier log generation, or one half written); what follows the last commit
  // frame is a transaction that never committed.
  for (let offset = WAL_HEADER; offset + FRAME_HEADER + pageSize <= wal.length; offset += FRAME_HEADER + pageSize) {
    const page = wal.readUInt32BE(offset);
    if (page === 0 || wal.readUInt32BE(offset + 8) !== salt1 || wal.readUInt32BE(offset + 12) !== salt2) break;
    sum = walChecksum(wal.subarray(offset, offset + 8), bigEndian, sum);
    sum = walChecksum(wal.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + pageSize), bigEndian, sum);
    if (sum[0] !== wal.readUInt32BE(offset + 16) || sum[1] !== wal.readUInt32BE(offset + 20)) break;
    frames.push({ page, offset: offset + FRAME_HEADER });
    const pagesAfterCommit = wal.readUInt32BE(offset + 4);
    if (pagesAfterCommit > 0) committed = { count: frames.length, pages: pagesAfterCommit };
  }
  return { pageSize, frames: frames.slice(0, committed.count), pages: committed.pages };
}

/** The page size a database file's header names, or undefined when it is no SQLite database. */
function headerPageSize(header: Buffer): number | undefined {
  if (header.length < 100 || header.toString("latin1", 0, 16) !== DB_MAGIC) return undefined;
  const size = header.readUInt16BE(16);
  return size === 1 ? 65536 : size;
}

/**
 * Writes the committed content of `<database>-wal` into `database`, truncates it to its committed
 * size, and removes the log and its index (`-shm`): what SQLite leaves after a full checkpoint. Only
 * for databases no process has open (a template being built). Returns false, changing nothing, when
 * the log is not one SQLite would read or does not match the database; true when the database holds
 * everything (no log, or an empty one, counts).
 */
export function checkpointWal(database: string): boolean {
  const walFile = `${database}-wal`;
  let wal: Buffer;
  try {
    wal = readFileSync(walFile);
  } catch {
    rmSync(`${database}-shm`, { force: true });
    return true; // no log: the database file is complete
  }
  const log = wal.length === 0 ? { pageSize: 0, frames: [], pages: 0 } : committedFrames(wal);
  if (!log) return false;
  const fd = openSync(database, "r+");
  try {
    if (log.frames.length > 0) {
      const header = Buffer.alloc(100);
      readSync(fd, header, 0, 100, 0);
      // A database of one empty page has no header yet; its first page comes from the log.
      const firstPage = log.frames.findLast((frame) => frame.page === 1);
      const pageSize = headerPageSize(firstPage ? wal.subarray(firstPage.offset, firstPage.offset + 100) : header);
      if (pageSize !== log.pageSize) return false;
      for (const frame of log.frames) writeSync(fd, wal, frame.offset, log.pageSize, (frame.page - 1) * log.pageSize);
      ftruncateSync(fd, log.pages * log.pageSize);
      fsyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
  rmSync(walFile, { force: true });
  rmSync(`${database}-shm`, { force: true });
  return true;
}
