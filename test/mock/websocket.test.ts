// The mock's other wire, on the real pinned Codex: given a base URL, the built-in `openai` provider
// speaks the Responses API over a WebSocket first. Before the mock served that path it answered the
// upgrade 404 and Codex tried 7 times (~8 s, four "Reconnecting..." notices) before it fell back to
// HTTP; now the turn runs on the WebSocket, and a scenario with a tool call (several requests on one
// connection, each carrying only what is new) gives the same answer and events as the SSE path.
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { readConversation, responsesRequestSchema } from "../../src/mock/conversation.js";
import { MOCK_TOKEN } from "../../src/mock/provider-config.js";
import { SHELL_PROBE_COMMAND } from "../../src/mock/scenarios.js";
import { startMockProvider, type CapturedRequest } from "../../src/mock/server.js";
import { fixtureHome } from "../helpers/fixture-home.js";

/** What the model was told in a request: the prompts and the tools' outputs, whatever the wire. */
function heard(request: CapturedRequest) {
  const conversation = readConversation(responsesRequestSchema.parse(request.body));
  return { prompts: conversation.prompts, outputs: conversation.toolOutputs.map((output) => output.commandOutput) };
}

const shape = (items: Array<{ type: string }>) => items.map((item) => item.type).filter((type) => type !== "error");

describe("the mock's Responses WebSocket", () => {
  it("serves the built-in provider's WebSocket turn, tool call included, with the SSE path's answer and events", async () => {
    const ws = fixtureHome("ws-builtin");
    const sse = fixtureHome("ws-sse");
    const told = fixtureHome("ws-426");
    const mock = await startMockProvider({ scenario: "shell" });
    // The remedy the README gives a server without the WebSocket path: answer the upgrade 426.
    const says426 = await startMockProvider({ scenario: "shell", refuseWebSocket: 426 });
    try {
      // All at once: the built-in provider pointed at the mock (the SDK's baseUrl), the mock provider
      // as codex-headless configures it (HTTP only), and the built-in provider told "use HTTP".
      const builtIn = (baseUrl: string, f: typeof ws) => new Codex({ baseUrl, apiKey: MOCK_TOKEN, cwd: f.cwd, env: f.env, home: "isolated", timeoutMs: 90_000 }).startThread().run("run the probe");
      const [viaWs, viaSse, after426] = await Promise.all([
        builtIn(mock.baseUrl, ws),
        new Codex({ provider: "mock", scenario: "shell", cwd: sse.cwd, env: sse.env, timeoutMs: 90_000 }).startThread().run("run the probe"),
        builtIn(says426.baseUrl, told),
      ]);

      // The WebSocket path was taken, and only it: no HTTP request, no refused upgrade.
      expect(mock.requests.map((r) => r.transport)).toEqual(mock.requests.map(() => "websocket"));
      expect(mock.requests.filter((r) => r.websocket?.refusedWith !== undefined)).toEqual([]);
      const creates = mock.requests.filter((r) => r.websocket?.message === "response.create");
      // A warm-up, then the turn's two model requests: the tool call, then the answer.
      expect(creates.map((r) => r.websocket?.generate ?? true)).toEqual([false, true, true]);
      // Each later request carried only what was new; the mock read it as the whole conversation.
      const [, first, second] = creates;
      expect(second!.websocket!.previousResponseId).toBe("resp_1");
      expect(second!.websocket!.sentInputItems).toBe(1);
      expect(heard(second!)).toEqual({ prompts: ["run the probe"], outputs: [expect.stringContaining("probe:42")] });
      expect(first!.bearerSha256).toBe(second!.bearerSha256);

      // Codex did not retry or fall back: no "Reconnecting..." or "Falling back" notice.
      const notices = viaWs.record.events.filter((event) => JSON.stringify(event).match(/Reconnecting|Falling back/));
      expect(notices).toEqual([]);
      expect(viaWs.record.outcome).toBe("ok");

      // Same answer, same items, and the model heard the same thing on both wires.
      expect(viaSse.record.provider.requests.map((r) => r.transport)).toEqual(["sse", "sse"]);
      expect(viaWs.finalResponse).toBe(viaSse.finalResponse);
      expect(viaWs.finalResponse).toContain("probe:42");
      expect(shape(viaWs.items)).toEqual(shape(viaSse.items));
      expect(viaWs.items.find((item) => item.type === "command_execution")).toMatchObject({ command: expect.stringContaining(SHELL_PROBE_COMMAND) });
      expect(heard(second!)).toEqual(heard(viaSse.record.provider.requests.at(-1)!));

      // Told 426, Codex gave up the WebSocket after one attempt, without a notice, and used HTTP.
      expect(says426.requests.map((r) => `${r.transport}:${r.websocket?.refusedWith ?? r.method}`)).toEqual(["websocket:426", "sse:POST", "sse:POST"]);
      expect(after426.record.events.filter((event) => JSON.stringify(event).match(/Reconnecting|Falling back/))).toEqual([]);
      expect(after426.finalResponse).toBe(viaSse.finalResponse);
    } finally {
      await mock.close();
      await says426.close();
    }
  }, 150_000);
});
