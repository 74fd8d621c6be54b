// How the CLI talks: one-line messages on stderr, NO_COLOR honoured, and the one place that turns
// an error into an exit code.
import { randomBytes } from "node:crypto";
import { accessSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { resolvedPath, systemFolderOf } from "../core/paths.js";
import { stripAnsi, terminalSafe } from "../observe/output-rules.js";
import { makeDirs, readFileNoFollow } from "../core/safe-fs.js";

export const PROGRAM = "codex-headless";

export function notice(message: string): void {
  process.stderr.write(`${PROGRAM}: ${forStderr(message)}\n`);
}

/** Terminal escapes (Codex's coloured log lines among them) reach only a terminal that wants colour:
 *  stderr a TTY and NO_COLOR unset or empty (no-color.org); anywhere else they are stripped, with
 *  Node's own util.stripVTControlCharacters. */
export function forStderr(text: string, stream: { isTTY?: boolean } = process.stderr, env: NodeJS.ProcessEnv = process.env): string {
  // Even a colour terminal gets colours only: notices quote commands the model chose.
  return stream.isTTY && !env.NO_COLOR ? terminalSafe(text) : stripAnsi(text);
}

export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** Prints what went wrong as one line and gives the exit code; never a stack trace unless asked. */
export function reportError(error: unknown): number {
  if (error instanceof ExitRequest) return error.exitCode;
  if (error instanceof CodexHeadlessError) {
    notice(error.message.split("\n")[0] ?? error.message);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  notice(`internal error: ${message.split("\n")[0]}`);
  if (process.env.CODEX_HEADLESS_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** Node's timers overflow past 2^31-1 ms (about 24.8 days) and fire at once: a longer limit is no limit. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function parseSeconds(flag: string, value: string): number {
  const seconds = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new CodexHeadlessError("usage", `${flag}: expected a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  const ms = Math.max(1, Math.round(seconds * 1000));
  if (ms > MAX_TIMEOUT_MS) throw new CodexHeadlessError("usage", `${flag}: at most ${Math.floor(MAX_TIMEOUT_MS / 1000)} seconds (about 24 days), got ${value}`);
  return ms;
}

export function parseKeyValue(flag: string, value: string): [string, string] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new CodexHeadlessError("usage", `${flag}: expected KEY=VALUE, got ${JSON.stringify(value)}`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** Repeated `KEY=VALUE` options as one object; a key given twice is bad input, not the last one winning. */
export function keyValues(flag: string, pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const [key, value] = parseKeyValue(flag, pair);
    if (Object.hasOwn(out, key)) throw new CodexHeadlessError("usage", `${flag}: ${key} given twice; give it once`);
    out[key] = value;
  }
  return out;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Reads stdin to EOF as UTF-8 text; binary input is refused rather than passed to Codex mangled. */
export async function readAllStdin(what = "stdin", maxBytes = Infinity, why = "", deadline?: { ms: number; flag: string }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // A stdin held open and never ended (a tool that spawns us with a pipe it never closes) would wait
  // for ever: the run's time limit covers the wait for its prompt too.
  let timedOut = false;
  const timer = deadline
    ? setTimeout(() => {
        timedOut = true;
        process.stdin.destroy();
      }, deadline.ms)
    : undefined;
  try {
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      // An endless source (`< /dev/zero`) would otherwise fill memory before anything is said.
      if (size > maxBytes) throw new CodexHeadlessError("usage", `${what}: more than ${maxBytes} bytes${why}`);
    }
  } catch (error) {
    if (!timedOut) throw error;
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) throw new CodexHeadlessError("timeout", `${what}: no end of input within ${deadline!.ms / 1000} s (${deadline!.flag}); stdin is held open: give the prompt as an argument, or close stdin`);
  return decodeText(Buffer.concat(chunks), what);
}

export function decodeText(bytes: Buffer, what: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CodexHeadlessError("usage", `${what} is not UTF-8 text (binary input?)`);
  }
  if (text.includes("\0")) throw new CodexHeadlessError("usage", `${what} contains NUL bytes (binary input?)`);
  return text;
}

/** Checks, before any work starts, that DIR (for --record) can be made and written, and that each of
 *  `files` can be put in it: the nearest existing folder on its path takes a new file (tried with a
 *  probe file, created exclusively and removed: a permission check alone passes for root on /proc
 *  or a read-only mount), and none of `files` is already a folder or other non-file. Where DIR lies
 *  is judged later, against the run's sandbox, before anything is created. */
export function checkWritableDir(flag: string, dir: string, files: string[] = []): void {
  const target = path.resolve(dir);
  let existing = target;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  try {
    if (!statSync(existing).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(existing, constants.W_OK);
    const probe = path.join(existing, `.codex-headless-probe-${process.pid}-${randomBytes(6).toString("hex")}`);
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
    rmSync(probe, { force: true });
  } catch (error) {
    throw new CodexHeadlessError("usage", `${flag}: cannot write to ${target} (${errnoCode(error)})`);
  }
  if (existing !== target) return;
  for (const name of files) {
    const stat = lstatSync(path.join(target, name), { throwIfNoEntry: false });
    // A link is replaced, never followed (core/safe-fs.ts); a folder or a device cannot be replaced.
    if (stat && !stat.isFile() && !stat.isSymbolicLink()) throw new CodexHeadlessError("usage", `${flag}: ${path.join(target, name)} exists and is not a file; the run's ${name} could not be written there`);
  }
}

/** Refuses an output (a folder we write into, or a file we write) that is a system folder or the
 *  home folder itself, or lies in a system tree (core/paths.ts systemFolderOf), before anything is
 *  created or run. Errors: usage (exit 2), one line. */
export function refuseSystemFolder(flag: string, target: string): void {
  const found = systemFolderOf(target);
  if (!found) return;
  const what = found.home ? `${found.folder} is your home folder itself` : found.folder === path.resolve(target) || found.folder === resolvedPath(target) ? `${found.folder} is a system folder` : `it lies in the system folder ${found.folder}`;
  throw new CodexHeadlessError("usage", `${flag} ${target}: ${what}, no place for codex-headless's output (it would write among ${found.home ? "your files" : "the system's files"}); choose a folder of your own`, { data: { path: target, folder: found.folder } });
}

/** An existing `--record` folder takes a record only if it holds nothing but an earlier record's
 *  files (`ours`: record.json, replaced; audit.jsonl, appended to). Anything else there, or a
 *  record.json that is no RunRecord, is someone else's: refused before the run, nothing written
 *  (the record was written into any folder, `--record .` or `--record ~` too, replacing a record.json
 *  that was not ours). */
export function checkRecordDir(flag: string, dir: string, ours: { record: string; others: string[] }): void {
  const target = path.resolve(dir);
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch {
    return; // missing: made for the record; unreadable: checkWritableDir said why
  }
  const foreign = entries.find((name) => name !== ours.record && !ours.others.includes(name));
  const why = foreign !== undefined ? `it holds ${foreign}, which no earlier record wrote` : entries.includes(ours.record) && !isEarlierRecord(path.join(target, ours.record)) ? `its ${ours.record} is not a record codex-headless wrote` : undefined;
  if (why) throw new CodexHeadlessError("usage", `${flag} ${target}: ${why}; choose an empty or new folder`, { data: { path: target } });
}

/** A RunRecord's look: a JSON object with a spec and an outcome. A link (replaced, never followed,
 *  when the record is written) loses nothing and passes. */
function isEarlierRecord(file: string): boolean {
  try {
    if (lstatSync(file).isSymbolicLink()) return true;
    const text = readFileNoFollow(file)?.toString("utf8");
    const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && "spec" in parsed && "outcome" in parsed;
  } catch {
    return false;
  }
}

/** Creates DIR (for --out) before any work starts, so a bad path loses nothing. */
export function ensureWritableDir(flag: string, dir: string): void {
  try {
    makeDirs(dir);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new CodexHeadlessError("usage", `${flag}: cannot write to ${path.resolve(dir)} (${errnoCode(error)})`);
  }
}

/** Checks, before any work starts, that FILE (an --out file) can be written, so a bad path loses no
 *  work: its folder is made if missing and takes a new file (checkWritableDir's probe), and FILE is
 *  not a folder or another non-file. */
export function checkWritableFile(flag: string, file: string): void {
  const target = path.resolve(file);
  ensureWritableDir(flag, path.dirname(target));
  checkWritableDir(flag, path.dirname(target));
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat && !stat.isFile() && !stat.isSymbolicLink()) throw new CodexHeadlessError("usage", `${flag}: ${target} exists and is not a file`);
}

/** The signals that end a run as "interrupted" (exit 130, record written, home removed): Ctrl-C,
 *  a kill, and a closed terminal or SSH session (SIGHUP, which used to end us with nothing written). */
export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Aborts `controller` on any interrupt signal; returns the function that stops listening. */
export function abortOnInterrupt(controller: AbortController): () => void {
  const interrupt = () => controller.abort();
  // `on`, not `once`: the listener must still be there when the child registry looks at who else
  // handles the signal, or it re-raises it and we die before writing the record.
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, interrupt);
  return () => {
    for (const signal of INTERRUPT_SIGNALS) process.removeListener(signal, interrupt);
  };
}
