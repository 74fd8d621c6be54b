// Writing files where a sandboxed command may have planted a link. A sandboxed run can write its
// writable roots, and a link it leaves at a path we write later would carry our write anywhere the
// link points (a stand-in ~/.bashrc gained lines that way). So we never open an existing path for
// writing: we write a fresh file beside it (exclusive create, no link followed) and rename it over the
// target; a rename replaces a link itself, never what it points at.
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "./errors.js";

/** Creates `dir` and its missing parents, one level at a time. Node's own `mkdirSync(dir, {recursive:
 *  true})` never returns where a parent refuses new entries with ENOENT (measured on Node 22 with
 *  `/proc/x`: it spins at full CPU), so user-given folders (`--home`, `--out`, `--record`) come here. */
export function makeDirs(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  for (const next of missing) {
    try {
      mkdirSync(next, { mode });
    } catch (error) {
      if (errnoCode(error) !== "EEXIST") throw error;
    }
  }
}

/** Writes `data` to `file` as a new file renamed into place. `mode` defaults to 0644. */
export function writeFileReplacing(file: string, data: string | Buffer, options: { mode?: number } = {}): void {
  const dir = path.dirname(file);
  makeDirs(dir);
  const fresh = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  // O_EXCL fails on anything already there, a link included: the fresh name is ours alone.
  const fd = openSync(fresh, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode ?? 0o644);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(fresh, file);
  } catch (error) {
    rmSync(fresh, { force: true });
    throw error;
  }
}

/** The contents of a regular file, or undefined when there is none; a link at `file` is not followed
 *  (it reads as an error naming the file). */
export function readFileNoFollow(file: string): Buffer | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted where a file should be would block open(2) forever; this way it
    // opens at once and fails the regular-file check below.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    if (errnoCode(error) === "ELOOP") throw new CodexHeadlessError("refused", `${file} is a symbolic link; codex-headless does not follow links where it writes`, { data: { path: file } });
    throw error;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new CodexHeadlessError("refused", `${file} is not a regular file`, { data: { path: file } });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends by rewriting: the existing regular file (never a link) plus `data`, renamed into place. */
export function appendFileReplacing(file: string, data: string): void {
  let before: Buffer | undefined;
  try {
    before = readFileNoFollow(file);
  } catch (error) {
    // A link (or anything but a file) where our log should be is not our log: it is replaced.
    if (!(error instanceof CodexHeadlessError)) throw error;
  }
  writeFileReplacing(file, before ? Buffer.concat([before, Buffer.from(data)]) : data);
}

/** A regular file's bytes, at most `maxBytes` of them, for input files we are given (policy, schema).
 *  Opened without blocking and checked before reading, so a FIFO, a device (`/dev/zero`) or a
 *  directory is refused at once instead of hanging or filling memory. Errors: usage, "<what>: why". */
export function readInputFile(file: string, what: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    throw new CodexHeadlessError("usage", `${what}: cannot read it (${errnoCode(cause)})`, { cause, data: { path: file } });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CodexHeadlessError("usage", `${what}: not a regular file`, { data: { path: file } });
    if (stat.size > maxBytes) throw new CodexHeadlessError("usage", `${what}: ${stat.size} bytes, more than the ${maxBytes} expected of it`, { data: { path: file } });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
