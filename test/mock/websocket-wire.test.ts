// The mock's WebSocket encoding, spoken to with a real WebSocket client (no Codex: what Codex sends was
// measured in websocket.test.ts; these are the cases a Codex run does not reach cheaply).
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CUT_PARTIAL_TEXT, SLOW_CHUNK } from "../../src/mock/scenarios.js";
import { startMockProvider, type MockProvider } from "../../src/mock/server.js";

type Message = { type: string; [key: string]: unknown };

/** One connection to the mock's Responses WebSocket, its messages queued as they come. */
async function connect(mock: MockProvider) {
  const ws = new WebSocket(`${mock.baseUrl.replace(/^http/, "ws")}/responses`, { headers: { authorization: "Bearer test-token" } });
  const queue: Message[] = [];
  let wake = () => {};
  let closed: number | undefined;
  ws.on("message", (data) => {
    queue.push(JSON.parse(String(data)) as Message);
    wake();
  });
  ws.on("close", (code) => {
    closed = code;
    wake();
  });
  await new Promise<void>((resolve, reject) => ws.once("open", () => resolve()).once("error", reject));
  /** Messages up to and including the one of type `until` (or until the server closes). */
  const read = async (until: string): Promise<Message[]> => {
    const out: Message[] = [];
    for (;;) {
      const next = queue.shift();
      if (next) {
        out.push(next);
        if (next.type === until) return out;
        continue;
      }
      if (closed !== undefined) return out;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const create = (input: unknown[], extra: Record<string, unknown> = {}) => ws.send(JSON.stringify({ type: "response.create", model: "m", input, ...extra }));
  return { ws, read, create, closedWith: () => closed };
}

const user = (text: string) => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });
const answerOf = (messages: Message[]) => messages.filter((m) => m.type === "response.output_item.done").map((m) => (m.item as { content: Array<{ text: string }> }).content[0]!.text);

describe("the mock's WebSocket encoding", () => {
  it("answers a warm-up empty, reads a message after previous_response_id as the conversation it continues, and refuses an unknown one", async () => {
    const mock = await startMockProvider({ scenario: "multi-turn" });
    try {
      const c = await connect(mock);
      c.create([], { generate: false });
      const warm = await c.read("response.completed");
      expect(warm.map((m) => m.type)).toEqual(["response.created", "response.completed"]);
      const warmId = (warm[0]!.response as { id: string }).id;
      c.create([user("one")], { previous_response_id: warmId });
      const first = await c.read("response.completed");
      expect(answerOf(first)).toEqual(['Turn 1: you said "one"']);
      // Only the new prompt is sent; the mock reads both turns.
      c.create([user("two")], { previous_response_id: (first[0]!.response as { id: string }).id });
      expect(answerOf(await c.read("response.completed"))).toEqual(['Turn 2: you said "two"']);
      expect(mock.requests.map((r) => r.websocket?.sentInputItems)).toEqual([0, 1, 1]);
      expect(mock.requests.at(-1)!.body).toMatchObject({ input: [user("one"), { type: "message", role: "assistant" }, user("two")] });
      // The warm-up was not a model turn: the scenario's first response is resp_1.
      expect((first[0]!.response as { id: string }).id).toBe("resp_1");
      c.create([user("three")], { previous_response_id: "resp_unknown" });
      expect(await c.read("error")).toEqual([expect.objectContaining({ type: "error", status: 400, error: expect.objectContaining({ code: "previous_response_not_found" }) })]);
      c.ws.close();
    } finally {
      await mock.close();
    }
  });

  it("streams a slow scenario one message per delay, twice on one connection", async () => {
    const mock = await startMockProvider({ scenario: "slow", options: { delayMs: 5, chunks: 3 } });
    try {
      const c = await connect(mock);
      for (const prompt of ["one", "two"]) {
        c.create([user(prompt)]);
        const messages = await c.read("response.completed");
        expect(messages.filter((m) => m.type === "response.output_text.delta").map((m) => m.delta)).toEqual([SLOW_CHUNK, SLOW_CHUNK, SLOW_CHUNK]);
        expect(messages.at(-1)!.type).toBe("response.completed");
      }
      c.ws.close();
    } finally {
      await mock.close();
    }
  });

  it("sends an error status as an error message, cuts a cut stream, and refuses the upgrade when told to", async () => {
    const failing = await startMockProvider({ scenario: "fault-429" });
    const cut = await startMockProvider({ scenario: "fault-cut" });
    const refusing = await startMockProvider({ scenario: "hello", refuseWebSocket: 404 });
    try {
      const a = await connect(failing);
      a.create([user("hi")]);
      expect(await a.read("error")).toEqual([{ type: "error", status: 429, error: expect.objectContaining({ code: "rate_limit_exceeded" }), headers: { "retry-after": "0" } }]);
      a.ws.close();

      const b = await connect(cut);
      b.create([user("hi")]);
      const partial = await b.read("response.completed");
      expect(partial.map((m) => m.type)).toEqual(["response.created", "response.output_item.added", "response.output_text.delta"]);
      expect(partial.at(-1)!.delta).toBe(CUT_PARTIAL_TEXT);
      expect(b.closedWith()).toBe(1006);

      const status = await new Promise<number | undefined>((resolve) => {
        const ws = new WebSocket(`${refusing.baseUrl.replace(/^http/, "ws")}/responses`);
        ws.on("unexpected-response", (req, res) => {
          resolve(res.statusCode);
          req.destroy();
        });
        ws.on("error", () => resolve(undefined));
      });
      expect(status).toBe(404);
      expect(refusing.requests).toMatchObject([{ method: "GET", transport: "websocket", websocket: { message: "upgrade", refusedWith: 404 } }]);
    } finally {
      await Promise.all([failing.close(), cut.close(), refusing.close()]);
    }
  });
});
