// Why a run ended and the exit code it gets, judged from what a transport returns: unit tests over
// ExecResults as the transports build them (the end-to-end fault tests run the real binary).
import { describe, expect, it } from "vitest";
import { classifyFailure, EXIT_CODES, exitCodeFor, judge, OUTCOMES, type FailureKind } from "../../src/run/outcome.js";
import type { ExecResult } from "../../src/transport/exec-jsonl.js";
import { normalizeEvent, type NormalizedEvent } from "../../src/transport/events.js";

const TIMEOUT = { timeoutMs: 5_000 };

function result(patch: Partial<ExecResult> & { events?: NormalizedEvent[] } = {}): ExecResult {
  return {
    events: [],
    stdoutNoise: [],
    stderrLines: [],
    exit: { code: 0, signal: null },
    termination: "exit",
    timings: { startMs: 0, endMs: 1 },
    ...patch,
  };
}

const ev = (raw: Record<string, unknown>) => normalizeEvent(raw);
const completedTurn = [ev({ type: "thread.started", thread_id: "t" }), ev({ type: "turn.started" }), ev({ type: "turn.completed", usage: { input_tokens: 1, output_tokens: 1 } })];
const reconnect = ev({ type: "error", message: "Reconnecting... 2/5 (stream disconnected before completion: error sending request)" });

describe("judge", () => {
  it("ok: a completed turn and exit 0, or a thread's app-server still alive", () => {
    expect(judge(result({ events: completedTurn }), TIMEOUT)).toEqual({ outcome: "ok" });
    expect(judge(result({ events: completedTurn, exit: { code: null, signal: null }, processAlive: true }), TIMEOUT)).toEqual({ outcome: "ok" });
  });

  it("codex-failed: exit 0 without a completed turn, a failed turn, a non-zero exit, a spawn error", () => {
    expect(judge(result(), TIMEOUT)).toMatchObject({ outcome: "codex-failed", failure: { kind: "other", message: "Codex exited with code 0" } });
    const failed = judge(result({ events: [...completedTurn, ev({ type: "turn.failed", error: { message: "unexpected status 401 Unauthorized" } })] }), TIMEOUT);
    expect(failed).toMatchObject({ outcome: "codex-failed", failure: { kind: "auth" }, reason: "codex-failed (auth): unexpected status 401 Unauthorized" });
    expect(judge(result({ events: completedTurn, exit: { code: 1, signal: null } }), TIMEOUT).outcome).toBe("codex-failed");
    const spawn = judge(result({ exit: { code: null, signal: null, spawnError: new Error("spawn codex ENOENT") } }), TIMEOUT);
    expect(spawn).toMatchObject({ outcome: "codex-failed", failure: { kind: "spawn", message: "spawn codex ENOENT" }, reason: "codex-failed: could not start Codex: spawn codex ENOENT" });
  });

  it("timeout and stalls name the retrying Codex was doing, if any", () => {
    expect(judge(result({ termination: "timeout" }), TIMEOUT)).toMatchObject({ outcome: "timeout", failure: { kind: "no-response" }, reason: expect.stringMatching(/^timeout: no answer within 5s; /) });
    expect(judge(result({ termination: "timeout", events: [reconnect] }), TIMEOUT)).toMatchObject({ outcome: "timeout", failure: { kind: "unreachable", message: reconnect.type === "error" ? reconnect.message : "" } });
    expect(judge(result({ termination: "idle-timeout" }), TIMEOUT)).toMatchObject({ outcome: "stalled", failure: { kind: "no-response", message: "no progress" } });
    expect(judge(result({ termination: "idle-timeout", events: [reconnect] }), TIMEOUT)).toMatchObject({ outcome: "stalled", failure: { kind: "unreachable" } });
    expect(judge(result({ termination: "first-event-timeout" }), TIMEOUT)).toMatchObject({ outcome: "stalled", failure: { kind: "no-response", message: "no event from Codex" } });
    // The reason names the limit and its length (it said "within the idle limit", and which limit or how
    // long was in no message: a newcomer trial).
    expect(judge(result({ termination: "idle-timeout" }), { ...TIMEOUT, idleMs: 2_500 }).reason).toBe("stalled: no progress from Codex for 2.5s (the idle limit, `idleTimeoutMs`); Codex's process group was killed");
    expect(judge(result({ termination: "first-event-timeout" }), { ...TIMEOUT, firstEventMs: 1_000 }).reason).toBe("stalled: no event from Codex within 1s (the first-event limit, `firstEventTimeoutMs`); Codex's process group was killed");
  });

  it("interrupted when the run was aborted, whatever Codex had done", () => {
    expect(judge(result({ termination: "aborted", events: completedTurn }), TIMEOUT)).toMatchObject({ outcome: "interrupted" });
  });

  it("a reconnect notice is not a failure message; the last real error is", () => {
    const verdict = judge(result({ events: [reconnect, ev({ type: "error", message: "stream disconnected before completion" })], exit: { code: 1, signal: null } }), TIMEOUT);
    expect(verdict.failure).toEqual({ kind: "stream-cut", message: "stream disconnected before completion" });
  });

  it("a config error on stderr: heading and reason make one line, the key joins it, never the caret", () => {
    const stderrLines = ["Reading additional input from stdin...", "Error loading config.toml: unknown variant `bogus`, expected one of `low`, `medium`, `high`", "in `model_verbosity`"];
    expect(judge(result({ stderrLines, exit: { code: 1, signal: null } }), TIMEOUT).failure).toEqual({
      kind: "config",
      message: "Error loading config.toml: unknown variant `bogus`, expected one of `low`, `medium`, `high` (in `model_verbosity`)",
    });
    const toml = ["Error loading config.toml:", "/h/config.toml:2:8: unclosed array, expected `]`", "  |", "2 | foo = [", "  |        ^"];
    expect(judge(result({ stderrLines: toml, exit: { code: 1, signal: null } }), TIMEOUT).failure).toEqual({ kind: "config", message: "Error loading config.toml: /h/config.toml:2:8: unclosed array, expected `]`" });
  });

  it("without a message from Codex, an earlier stderr line may name the cause", () => {
    const stderrLines = ["WARN failed to write: No space left on device (os error 28)", "Error: exiting"];
    expect(judge(result({ stderrLines, exit: { code: 1, signal: null } }), TIMEOUT).failure).toEqual({ kind: "storage", message: "Error: exiting" });
  });
});

describe("classifyFailure", () => {
  const cases: Array<[string, FailureKind]> = [
    ["No space left on device (os error 28)", "storage"],
    ["thread/start: failed to load configuration: bad", "config"],
    ["unexpected status 401 Unauthorized", "auth"],
    ["exceeded retry limit, last status: 429 Too Many Requests", "rate-limit"],
    ["We're currently experiencing high demand", "server-error"],
    ["stream closed before response.completed", "malformed-response"],
    ["stream disconnected before completion", "stream-cut"],
    ["error sending request for url (http://127.0.0.1:9/v1/responses)", "unreachable"],
    ["something else entirely", "other"],
  ];
  it.each(cases)("%s -> %s", (message, kind) => expect(classifyFailure(message)).toBe(kind));
});

describe("exit codes, as DESIGN lists them", () => {
  it("0 ok, 1 Codex failed, 2 usage or config, 3 timeout or stall, 4 refused, 130 interrupted", () => {
    expect(Object.fromEntries(OUTCOMES.map((outcome) => [outcome, exitCodeFor({ outcome })]))).toEqual({ ok: 0, "codex-failed": 1, usage: 2, timeout: 3, stalled: 3, refused: 4, interrupted: 130 });
    expect(EXIT_CODES).toEqual({ ok: 0, "codex-failed": 1, usage: 2, timeout: 3, stalled: 3, refused: 4, interrupted: 130 });
  });

  it("a configuration Codex refused is a configuration error (2), not a failed run (1)", () => {
    expect(exitCodeFor({ outcome: "codex-failed", failure: { kind: "config" } })).toBe(2);
    expect(exitCodeFor({ outcome: "codex-failed", failure: { kind: "auth" } })).toBe(1);
  });
});
