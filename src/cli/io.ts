// How the CLI talks: one-line messages on stderr, NO_COLOR honoured, and the one place that turns
// an error into an exit code.
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { stripAnsi, terminalSafe } from "../observe/output-rules.js";

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

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Reads stdin to EOF as UTF-8 text; binary input is refused rather than passed to Codex mangled. */
export async function readAllStdin(what = "stdin"): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
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

/** Checks, without creating anything, that DIR (for --record) can be made and written: the nearest
 *  existing folder on its path is a writable directory. Where it lies is judged later, against the
 *  run's sandbox, before anything is created. */
export function checkWritableDir(flag: string, dir: string): void {
  let existing = path.resolve(dir);
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  try {
    if (!statSync(existing).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw new CodexHeadlessError("usage", `${flag}: cannot write to ${path.resolve(dir)} (${errnoCode(error)})`);
  }
}

/** Creates DIR (for --out) before any work starts, so a bad path loses nothing. */
export function ensureWritableDir(flag: string, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new CodexHeadlessError("usage", `${flag}: cannot write to ${path.resolve(dir)} (${errnoCode(error)})`);
  }
}
