// The RunRecord is typed by its producers' schemas: events are known events or the unknown variant
// (drift, never a crash), audit entries, usage and the home diff have their own shapes. The shape on
// disk is DESIGN's; these cases read records as another tool (or an older run) would leave them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtRecord, itemOf, runRecordSchema, writeRecord, type RunRecord } from "../../src/run/record.js";
import { scratchDir } from "../helpers/paths.js";

/** The smallest record a run could write: a plain turn on the mock. */
function minimalRecord(): Record<string, unknown> {
  return {
    recordVersion: 1,
    spec: { prompt: "say hi", provider: "mock", cwd: "/work", transport: "exec" },
    codex: { version: "0.0.0", path: "/bin/codex", source: "pinned" },
    context: "direct",
    transport: "exec",
    argv: ["codex", "exec", "--json", "-"],
    cwd: "/work",
    launchEnv: { HOME: "/home/u" },
    events: [
      { type: "thread.started", thread_id: "t-1" },
      { type: "turn.started" },
      { type: "item.completed", item: { id: "i-0", type: "agent_message", text: "hello" } },
      { type: "turn.completed", usage: { input_tokens: 3, output_tokens: 2 } },
    ],
    finalResponse: "hello",
    usage: { input_tokens: 3, output_tokens: 2 },
    stderr: [],
    stdoutNoise: [],
    drift: { unknownEvents: 0, samples: [] },
    exitCode: 0,
    signal: null,
    outcome: "ok",
    timings: { startMs: 1, endMs: 2 },
    home: { path: "/h", mode: "isolated", kept: false },
    provider: { kind: "mock", scenario: "hello", requests: [] },
  };
}

const withEvents = (events: unknown[]) => ({ ...minimalRecord(), events });

describe("RunRecord schema", () => {
  it("reads known events typed, with the SDK's usage defaults filled in", () => {
    const record = runRecordSchema.parse(minimalRecord());
    const message = record.events.map(itemOf).find((item) => item?.type === "agent_message");
    expect(message?.type === "agent_message" && message.text).toBe("hello");
    expect(record.usage).toEqual({ input_tokens: 3, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 2, reasoning_output_tokens: 0 });
    expect(record.spec.provider).toBe("mock");
  });

  it("reads an event of a shape it does not know as the unknown variant, kept whole, never refused", () => {
    const newer = { type: "turn.paused", why: "a newer Codex" };
    const broken = { type: "item.completed", item: { id: "i-1", type: "agent_message" } }; // no text
    const record = runRecordSchema.parse(withEvents([newer, broken, "not even an object"]));
    expect(record.events.map((event) => event.type)).toEqual(["unknown", "unknown", "unknown"]);
    expect(record.events[0]).toMatchObject({ type: "unknown", raw: newer, reason: expect.stringMatching(/^event type turn\.paused/) });
    expect(record.events[1]).toMatchObject({ raw: broken });
  });

  it("keeps an unknown event as it was recorded (reading a record twice changes nothing)", () => {
    const once = runRecordSchema.parse(withEvents([{ type: "turn.paused" }]));
    const twice = runRecordSchema.parse(JSON.parse(JSON.stringify(once)));
    expect(twice.events).toEqual(once.events);
    expect(twice.events[0]).toMatchObject({ type: "unknown", raw: { type: "turn.paused" } });
  });

  it("refuses an audit entry, a home diff or a failure kind of the wrong shape", () => {
    const bad = (patch: Record<string, unknown>) => runRecordSchema.safeParse({ ...minimalRecord(), ...patch }).success;
    expect(bad({ audit: [{ kind: "gate", decision: "refused" }] })).toBe(false); // no `at`
    expect(bad({ audit: [{ at: "2026-01-01T00:00:00Z", kind: "gate", decision: "refused" }] })).toBe(true);
    expect(bad({ home: { path: "/h", mode: "isolated", kept: true, diff: { added: "everything" } } })).toBe(false);
    expect(bad({ home: { path: "/h", mode: "isolated", kept: true, diff: { added: [], removed: [], changed: [], byClass: {} } } })).toBe(true);
    expect(bad({ outcome: "codex-failed", failure: { kind: "gremlins", message: "x" } })).toBe(false);
    expect(bad({ outcome: "codex-failed", failure: { kind: "auth", message: "401" } })).toBe(true);
  });

  it("writes record.json with DESIGN's keys and reads it back equal", () => {
    const dir = scratchDir("record-write");
    const record: RunRecord = runRecordSchema.parse(withEvents([{ type: "thread.started", thread_id: "t" }, { type: "turn.paused" }]));
    const file = writeRecord(dir, record);
    expect(path.basename(file)).toBe("record.json");
    const onDisk = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    for (const key of ["spec", "codex", "argv", "launchEnv", "events", "finalResponse", "stderr", "exitCode", "outcome", "timings", "home", "provider"]) expect(onDisk).toHaveProperty(key);
    expect(onDisk.events).toEqual([{ type: "thread.started", thread_id: "t" }, { type: "unknown", raw: { type: "turn.paused" }, reason: expect.any(String) }]);
    expect(runRecordSchema.parse(onDisk)).toEqual(record);
  });

  it("checks, in the suite, that a record a run built parses unchanged (builtRecord; the runner does not parse its own)", () => {
    expect(process.env.CODEX_HEADLESS_CHECK_RECORDS).toBe("1");
    const good = runRecordSchema.parse(minimalRecord());
    expect(builtRecord(good)).toBe(good);
    // Usage without the SDK's defaults: it parses, but not to itself.
    expect(() => builtRecord(minimalRecord() as RunRecord)).toThrow(/changes when parsed: \./);
    expect(() => builtRecord({ ...good, exitCode: "0" } as unknown as RunRecord)).toThrow(/does not parse: exitCode/);
  });
});
