// boundedTurn over an in-memory transport: the time limits, the abort signal, signs of life and what
// the record keeps, without a process. The real transports are tested end to end on the real Codex
// beside this file (app-server.test.ts, stall.test.ts) and in test/faults and test/cli.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import type { NormalizedEvent } from "../../src/transport/events.js";
import { transportEntries, transportFor } from "../../src/transport/registry.js";
import { boundedTurn, type SignsOfLife, type Transport, type TurnBounds, type TurnResult, type TurnTail } from "../../src/transport/turn.js";

type Step = { after: number } & ({ event: NormalizedEvent } | { stderr: string } | { alive: true } | { progress: true } | { end: true });

const started: NormalizedEvent = { type: "turn.started" };
const delta: NormalizedEvent = { type: "item.delta", item_id: "m", delta: "hel" };
const completed: NormalizedEvent = { type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0 } };
const reconnect: NormalizedEvent = { type: "error", message: "Reconnecting... 1/5 (stream disconnected before completion)" };

/** Signs of life the test gives by hand, as a provider tap would. */
class HandLife implements SignsOfLife {
  readonly listeners = new Set<() => void>();
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  give(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A Codex that is a script: each step `after` ms after the previous one. */
class ScriptedTransport implements Transport {
  onevent?: Transport["onevent"];
  onprogress?: Transport["onprogress"];
  onstderr?: Transport["onstderr"];
  onclose?: Transport["onclose"];
  startedAt?: number;
  killedAt?: number;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly script: Step[],
    private readonly life = new HandLife(),
  ) {}

  async start(): Promise<void> {
    this.startedAt = Date.now();
    let at = 0;
    for (const step of this.script) {
      at += step.after;
      this.timers.push(setTimeout(() => this.play(step), at));
    }
  }

  async close(): Promise<void> {
    this.killedAt ??= Date.now();
    for (const timer of this.timers) clearTimeout(timer);
  }

  async finish(): Promise<TurnTail> {
    return { exit: this.killedAt === undefined ? { code: 0, signal: null } : { code: null, signal: "SIGTERM" }, stdoutNoise: [], pid: 4242 };
  }

  private play(step: Step): void {
    if ("event" in step) this.onevent?.(step.event);
    else if ("stderr" in step) this.onstderr?.(step.stderr);
    else if ("alive" in step) this.life.give();
    else if ("progress" in step) this.onprogress?.();
    else this.onclose?.();
  }
}

const every = (ms: number, times: number, step: Omit<Step, "after">): Step[] => Array.from({ length: times }, () => ({ after: ms, ...step }) as Step);

async function turn(transport: Transport, bounds: TurnBounds, runMs = 60_000): Promise<TurnResult> {
  const result = boundedTurn(transport, bounds);
  await vi.advanceTimersByTimeAsync(runMs);
  return result;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("boundedTurn", () => {
  it("keeps Codex's events in order, streams deltas without keeping them, and adds the transport's tail", async () => {
    const streamed: string[] = [];
    const stderr: string[] = [];
    const t = new ScriptedTransport([{ after: 10, event: started }, { after: 10, stderr: "warning: x" }, { after: 10, event: delta }, { after: 10, event: completed }, { after: 10, end: true }]);
    const result = await turn(t, { limits: { totalMs: 10_000, idleMs: 1000 }, onEvent: (e) => streamed.push(e.type), onStderrLine: (line) => stderr.push(line) });
    expect(result.termination).toBe("exit");
    expect(result.events.map((e) => e.type)).toEqual(["turn.started", "turn.completed"]);
    expect(streamed).toEqual(["turn.started", "item.delta", "turn.completed"]);
    expect(result.stderrLines).toEqual(["warning: x"]);
    expect(stderr).toEqual(["warning: x"]);
    expect(result.exit).toEqual({ code: 0, signal: null });
    expect(result.pid).toBe(4242);
    expect(result.timings.firstEventMs! - result.timings.startMs).toBe(10);
    expect(result.timings.endMs - result.timings.startMs).toBe(50);
  });

  it("stops a turn that goes quiet at the idle limit, the reason recorded before the kill", async () => {
    const t = new ScriptedTransport([{ after: 10, event: started }, { after: 5000, event: completed }, { after: 10, end: true }]);
    const result = await turn(t, { limits: { totalMs: 60_000, idleMs: 100 } });
    expect(result.termination).toBe("idle-timeout");
    expect(t.killedAt! - t.startedAt!).toBe(110);
    expect(result.exit.signal).toBe("SIGTERM");
    expect(result.events.map((e) => e.type)).toEqual(["turn.started"]);
  });

  it("does not count a reconnect notice as progress: Codex waiting is not Codex working", async () => {
    const t = new ScriptedTransport([{ after: 10, event: started }, ...every(30, 20, { event: reconnect })]);
    const result = await turn(t, { limits: { totalMs: 60_000, idleMs: 100 } });
    expect(result.termination).toBe("idle-timeout");
    expect(t.killedAt! - t.startedAt!).toBe(110);
  });

  it("counts signs of life from the provider as long as they come, and only those", async () => {
    const life = new HandLife();
    // exec's shape of a slow answer: turn.started, then nothing from Codex while the model streams.
    const healthy = new ScriptedTransport([{ after: 10, event: started }, ...every(50, 20, { alive: true }), { after: 50, event: completed }, { after: 1, end: true }], life);
    const ok = await turn(healthy, { limits: { totalMs: 60_000, idleMs: 120 }, signsOfLife: life });
    expect(ok.termination).toBe("exit");
    expect(ok.events.map((e) => e.type)).toEqual(["turn.started", "turn.completed"]);
    expect(life.listeners.size).toBe(0);

    const silent = new ScriptedTransport([{ after: 10, event: started }, ...every(50, 4, { alive: true }), { after: 5000, event: completed }], life);
    const stalled = await turn(silent, { limits: { totalMs: 60_000, idleMs: 120 }, signsOfLife: life });
    expect(stalled.termination).toBe("idle-timeout");
    expect(silent.killedAt! - silent.startedAt!).toBe(10 + 4 * 50 + 120);
  });

  it("never lets signs of life stand in for Codex's first event", async () => {
    const life = new HandLife();
    const t = new ScriptedTransport(every(20, 50, { alive: true }), life);
    const result = await turn(t, { limits: { totalMs: 60_000, firstEventMs: 100, idleMs: 1000 }, signsOfLife: life });
    expect(result.termination).toBe("first-event-timeout");
    expect(t.killedAt! - t.startedAt!).toBe(100);
  });

  it("takes progress without an event (an approval answered) as progress", async () => {
    const t = new ScriptedTransport([{ after: 10, event: started }, ...every(80, 5, { progress: true }), { after: 80, end: true }]);
    const result = await turn(t, { limits: { totalMs: 60_000, idleMs: 100 } });
    expect(result.termination).toBe("exit");
  });

  it("ends at the overall limit even while events flow", async () => {
    const t = new ScriptedTransport(every(50, 100, { event: started }));
    const result = await turn(t, { limits: { totalMs: 300, idleMs: 100 } });
    expect(result.termination).toBe("timeout");
    expect(t.killedAt! - t.startedAt!).toBe(300);
  });

  it("stops at the caller's abort, and at once when the signal was aborted before", async () => {
    const controller = new AbortController();
    const t = new ScriptedTransport([{ after: 10, event: started }, { after: 5000, end: true }]);
    const pending = boundedTurn(t, { limits: { totalMs: 60_000 }, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(40);
    controller.abort();
    await vi.advanceTimersByTimeAsync(10);
    const result = await pending;
    expect(result.termination).toBe("aborted");
    expect(t.killedAt! - t.startedAt!).toBe(40);

    const early = new ScriptedTransport([{ after: 10, event: started }, { after: 10, end: true }]);
    const aborted = await turn(early, { limits: { totalMs: 60_000 }, signal: AbortSignal.abort() });
    expect(aborted.termination).toBe("aborted");
    expect(aborted.events).toEqual([]);
  });
});

describe("the transport registry", () => {
  it("finds the one transport for a --transport name and the launch plan's stdio", () => {
    expect(transportFor("exec").kind).toBe("exec-jsonl");
    expect(transportFor("exec", "pty").kind).toBe("exec-pty");
    expect(transportFor("app-server").kind).toBe("app-server");
    expect(transportEntries().map((entry) => entry.kind)).toEqual(["exec-jsonl", "exec-pty", "app-server"]);
  });

  it("refuses a name and stdio no transport speaks, as a usage error", () => {
    let caught: unknown;
    try {
      transportFor("app-server", "pty");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CodexHeadlessError);
    expect((caught as CodexHeadlessError).code).toBe("usage");
  });
});
