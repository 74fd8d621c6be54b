// Why a run ended, in one word, and the exit code the CLI gives it.
import { optionName } from "../core/option-names.js";
import type { NormalizedEvent } from "../transport/events.js";
import type { ExecResult } from "../transport/exec-jsonl.js";
import { isBacktraceLine, isReconnectMessage, isStdinNotice, reconnectDetail } from "../observe/output-rules.js";

export const OUTCOMES = ["ok", "codex-failed", "timeout", "stalled", "refused", "usage", "interrupted"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const EXIT_CODES: Record<Outcome, number> = {
  ok: 0,
  "codex-failed": 1,
  usage: 2,
  timeout: 3,
  stalled: 3,
  refused: 4,
  interrupted: 130,
};

/** The CLI's exit status for a run that happened (DESIGN, "Command line"): its outcome's, except a
 *  configuration Codex refused after starting, which is a configuration error (2) although Codex
 *  reported it as a failure. */
export function exitCodeFor(verdict: { outcome: Outcome; failure?: { kind: FailureKind } | undefined }): number {
  return verdict.failure?.kind === "config" ? EXIT_CODES.usage : EXIT_CODES[verdict.outcome];
}

export const FAILURE_KINDS = [
  "auth",
  "rate-limit",
  "server-error",
  "stream-cut",
  "malformed-response",
  "unreachable",
  "no-response",
  "spawn",
  "sandbox",
  "storage",
  "config",
  "other",
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface Failure {
  kind: FailureKind;
  message: string;
}

const FAILURE_PATTERNS: Array<[FailureKind, RegExp]> = [
  // Codex cannot write its home (sqlite state, sessions): full disk, read-only mount, no permission.
  // app-server names only what sqlite said: "disk I/O error" (full) or "unable to open database file".
  ["storage", /no space left on device|read-only file system|os error (28|30)\b|permission denied \(os error 13\)|disk I\/O error|unable to open database file/i],
  // Codex refused its configuration: a bad config.toml, a legacy profile table, a retired setting.
  // app-server says "thread/start: failed to load configuration: ..."; a value its parser refuses
  // ends in the key, which stderrFailure joins as "(in `key`)".
  ["config", /error loading config|invalid configuration|failed to load configuration|is no longer supported; remove this setting|\(in `[^`]+`\)$/im],
  ["auth", /\b401\b|unauthori[sz]ed|invalid_api_key|incorrect api key|not logged in|missing.*(api key|credentials)|authentication|token could not be refreshed|sign in again|log in again/i],
  ["rate-limit", /\b429\b|rate.?limit|too many requests|quota|usage limit/i],
  // Codex rewrites a 5xx from the provider as "We're currently experiencing high demand".
  ["server-error", /\b5\d\d\b|internal server error|server_error|service unavailable|bad gateway|high demand/i],
  // The server ended the stream cleanly but never sent a valid response.completed: what Codex sees of
  // an answer it could not parse.
  ["malformed-response", /closed before response\.completed|malformed|deserializ|invalid json|expected value|unexpected character/i],
  ["stream-cut", /stream (disconnected|closed|ended)|connection (reset|closed)|before completion|unexpected eof|incomplete/i],
  ["unreachable", /connection failed|error sending request|connection refused|dns|waiting for network/i],
];

export function classifyFailure(message: string): FailureKind {
  return FAILURE_PATTERNS.find(([, pattern]) => pattern.test(message))?.[0] ?? "other";
}

/** The messages Codex gave about a failure: turn.failed first, then error events (not reconnects). */
function failureMessages(events: NormalizedEvent[]): string[] {
  const failed = events.flatMap((event) => (event.type === "turn.failed" ? [event.error.message] : []));
  const errors = events.flatMap((event) => (event.type === "error" && !isReconnectMessage(event.message) ? [event.message] : []));
  return [...failed, ...errors];
}

function lastReconnect(events: NormalizedEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (event.type === "error" && isReconnectMessage(event.message)) return event.message;
  }
  return undefined;
}

function meaningfulStderr(lines: string[]): string[] {
  return lines.filter((line) => line.trim() && !isBacktraceLine(line) && !isStdinNotice(line));
}

// Codex prints a fatal error as "Error: ..." (then a backtrace when RUST_BACKTRACE is set). A config
// error is a heading and its reason on the next line, then a source excerpt ending in a caret line
// (measured on 0.169.0: "Error loading config.toml:" / "<file>:2:8: unclosed array, expected `]`"
// / "  |" / "2 | foo = [" / "  |        ^"): the heading and the reason make the one line, never the caret.
// A value Codex's parser refuses (a `-c` override or a config.toml key) is the reason, then the key
// on a line of its own (measured on 0.169.0: "Error loading config.toml: unknown variant `bogus`,
// expected one of `low`, `medium`, `high`" / "in `model_verbosity`"): the key joins the one line.
function stderrFailure(lines: string[]): string | undefined {
  const meaningful = meaningfulStderr(lines);
  const at = meaningful.findIndex((line) => /^Error\b/.test(line));
  if (at < 0) return meaningful.at(-1);
  let line = meaningful[at]!.trimEnd();
  let next = at + 1;
  if (line.endsWith(":") && meaningful[next]) line = `${line} ${meaningful[next++]!.trim()}`;
  const key = /^\s*in `[^`]+`\s*$/.exec(meaningful[next] ?? "");
  return key ? `${line} (${key[0].trim()})` : line;
}

export interface Verdict {
  outcome: Outcome;
  failure?: Failure;
  /** One line for stderr when the run did not succeed. */
  reason?: string;
}

export function judge(result: ExecResult, limits: { timeoutMs: number; idleMs?: number; firstEventMs?: number }): Verdict {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;
  const waiting = lastReconnect(result.events);
  const waitingNote = waiting ? ` (Codex was retrying: ${reconnectDetail(waiting)})` : "";
  switch (result.termination) {
    case "timeout":
      return {
        outcome: "timeout",
        failure: { kind: waiting ? "unreachable" : "no-response", message: waiting ?? "no answer in time" },
        reason: `timeout: no answer within ${seconds(limits.timeoutMs)}${waitingNote}; Codex's process group was killed`,
      };
    case "first-event-timeout":
      // The limit's length and name are said: "the first-event limit" alone named neither.
      return { outcome: "stalled", failure: { kind: "no-response", message: "no event from Codex" }, reason: `stalled: no event from Codex${limits.firstEventMs ? ` within ${seconds(limits.firstEventMs)}` : ""} (the first-event limit, \`firstEventTimeoutMs\`); Codex's process group was killed` };
    case "idle-timeout":
      return {
        outcome: "stalled",
        failure: { kind: waiting ? "unreachable" : "no-response", message: waiting ?? "no progress" },
        reason: `stalled: no progress from Codex${limits.idleMs ? ` for ${seconds(limits.idleMs)}` : ""} (the idle limit, ${optionName("idleTimeoutMs")})${waitingNote}; Codex's process group was killed`,
      };
    case "aborted":
      return { outcome: "interrupted", reason: "interrupted: the run was cancelled; Codex's process group was killed" };
    case "exit":
      break;
  }
  if (result.exit.spawnError) {
    const message = result.exit.spawnError.message;
    return { outcome: "codex-failed", failure: { kind: "spawn", message }, reason: `codex-failed: could not start Codex: ${message}` };
  }
  const completed = result.events.some((event) => event.type === "turn.completed");
  const messages = failureMessages(result.events);
  // A thread's app-server outlives its turns: no exit code yet, and none needed.
  const exitedWell = result.exit.code === 0 || result.processAlive === true;
  if (exitedWell && completed && !result.events.some((event) => event.type === "turn.failed")) return { outcome: "ok" };
  const message = messages.at(-1) ?? stderrFailure(result.stderrLines) ?? `Codex exited with ${result.exit.signal ?? `code ${String(result.exit.code)}`}`;
  // Without a message from Codex, every line it printed may hold the cause (an earlier warning can
  // name the os error that the final "Error:" line leaves out).
  const kind = classifyFailure(messages.join("\n") || [message, ...meaningfulStderr(result.stderrLines)].join("\n"));
  return { outcome: "codex-failed", failure: { kind, message }, reason: `codex-failed (${kind}): ${message.split("\n")[0]}` };
}
