// One error class for everything that is not a Codex run's own outcome. The code decides the CLI
// exit status; `data` carries the context a caller needs to act on it.
// The run errors at the end name the RunRecord's type: a type-only import, erased at runtime, so core
// still loads nothing of ours (their public import path is this file).
import type { RunRecord } from "../run/record.js";
import type { Outcome } from "../run/outcome.js";

export const ERROR_CODES = {
  /** Bad input from the caller: option, argument, file, value. Exit 2. */
  usage: 2,
  /** The environment cannot do what was asked (missing binary, shell, package). Exit 2. */
  environment: 2,
  /** The safety policy refused the run before anything was spawned. Exit 4. */
  refused: 4,
  /** The time limit passed before Codex started (a prompt on stdin that never ended). Exit 3, as a
   *  run's timeout. */
  timeout: 3,
  /** Interrupted (SIGINT/SIGTERM, an aborted signal) before Codex itself started. Exit 130. */
  interrupted: 130,
  /** Our own invariant broke; a bug. Exit 1. */
  internal: 1,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class CodexHeadlessError extends Error {
  override readonly name = "CodexHeadlessError";
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options.data ?? {};
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

export function usageError(message: string, data?: Record<string, unknown>): CodexHeadlessError {
  return new CodexHeadlessError("usage", message, data ? { data } : {});
}

/** The errno name of a failed fs call ("EROFS", "ENOENT", ...), for one-line messages. */
export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "error";
}

/** "expected X, got Y (type)" — the shape every validator message takes. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)} (string)`;
  if (typeof value === "number" || typeof value === "boolean") return `${String(value)} (${typeof value})`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}

/** A run that happened but did not succeed (Codex failed, timed out, stalled, was interrupted). The
 *  record says everything observed; `outcome` is why in one word. `record` is undefined only for an
 *  AbortError whose signal fired before Codex started. */
export class CodexRunError extends Error {
  override readonly name: string = "CodexRunError";
  constructor(
    message: string,
    readonly outcome: Outcome,
    readonly record: RunRecord | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** A turn ended by the caller's AbortSignal. Named "AbortError" as the platform's (and the Codex
 *  SDK's) aborts are, so `error.name === "AbortError"` checks keep working after switching; still a
 *  CodexRunError with outcome "interrupted". `record` is the turn's RunRecord, or undefined when the
 *  signal fired before Codex started; `cause` is the signal's reason. */
export class AbortError extends CodexRunError {
  override readonly name = "AbortError";
  constructor(message: string, record: RunRecord | undefined, options: { cause?: unknown } = {}) {
    super(message, "interrupted", record, options);
  }
}
