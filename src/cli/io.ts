// How the CLI talks: one-line messages on stderr, NO_COLOR honoured, and the one place that turns
// an error into an exit code.
import { CodexHeadlessError } from "../errors.js";

export const PROGRAM = "codex-headless";

export function notice(message: string): void {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
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

export function parseSeconds(flag: string, value: string): number {
  const seconds = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new CodexHeadlessError("usage", `${flag}: expected a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return Math.round(seconds * 1000);
}

export function parseKeyValue(flag: string, value: string): [string, string] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new CodexHeadlessError("usage", `${flag}: expected KEY=VALUE, got ${JSON.stringify(value)}`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
