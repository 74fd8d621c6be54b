// The event schemas, and the mock's request schemas, are built on their first use, not when their
// modules load: every CLI run loads them before it spawns Codex, and none parses an event or a
// request before Codex runs (run/drive.ts builds the event schemas right after the spawn). zod's
// object builder is counted (helpers/counting-zod.ts).
import { describe, expect, it, vi } from "vitest";

const built = vi.hoisted(() => ({ objects: 0 }));
vi.mock("zod", async (importOriginal) => (await import("../helpers/counting-zod.js")).countingZod(await importOriginal(), built));

describe("schemas built on first use", () => {
  it("events.js builds no schema when it loads; the first event parsed builds them, once, and parses as before", async () => {
    vi.resetModules();
    const before = built.objects;
    const { normalizeEvent, parseEventLine } = await import("../../src/transport/events.js");
    expect(built.objects).toBe(before);
    const message = { type: "item.completed", item: { id: "i1", type: "agent_message", text: "hi" } };
    const usage = { type: "turn.completed", usage: { input_tokens: 1, output_tokens: 2 } };
    const usageRead = { type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 2, reasoning_output_tokens: 0 } };
    const strange = '{"type":"item.started","item":{"id":"x","type":"no_such_item"}}';
    expect(normalizeEvent(message)).toEqual(message);
    expect(normalizeEvent(usage)).toEqual(usageRead);
    expect(parseEventLine(strange)).toMatchObject({ type: "unknown", reason: expect.stringContaining("event type item.started") });
    const afterFirst = built.objects;
    expect(afterFirst - before).toBeGreaterThanOrEqual(10);
    // Built once: the same parses again build nothing.
    expect(normalizeEvent(message)).toEqual(message);
    expect(normalizeEvent(usage)).toEqual(usageRead);
    expect(parseEventLine(strange)).toMatchObject({ type: "unknown" });
    expect(built.objects).toBe(afterFirst);
  });

  it("the mock's capture and conversation modules build no schema when they load", async () => {
    vi.resetModules();
    const before = built.objects;
    const { responsesRequestSchema } = await import("../../src/mock/conversation.js");
    const { capturedRequestSchema } = await import("../../src/mock/capture.js");
    expect(built.objects).toBe(before);
    expect(responsesRequestSchema.parse({ input: [{ type: "message", role: "user", content: "hi" }] }).input).toHaveLength(1);
    expect(capturedRequestSchema.safeParse({ method: "POST", path: "/v1/responses", headers: {}, body: null, receivedAtMs: 1 }).success).toBe(true);
    expect(built.objects).toBeGreaterThan(before);
  });
});
