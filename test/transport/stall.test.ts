// Issue 20, case 1: "stalled" means no sign of life from the model, on both transports and both wires
// Codex speaks to it, as seen from Codex's side of the wire (the provider tap), never from our mock.
// `codex exec --json` prints nothing while an answer streams, so a slow healthy answer used to be
// declared stalled at the idle limit; a model that really says nothing must still be. Real pinned
// Codex, mock model; delays and limits kept small so each run takes seconds.
import { describe, expect, it } from "vitest";
import { MOCK_PROVIDER_ID } from "../../src/mock/provider-config.js";
import { SLOW_CHUNK } from "../../src/mock/scenarios.js";
import type { RunRecord } from "../../src/run/record.js";
import { runOnce } from "../../src/run/runner.js";
import { expectAllClassified } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

type Wire = "sse" | "websocket";
const WEBSOCKET = [`model_providers.${MOCK_PROVIDER_ID}.supports_websockets=true`];

/** The first model request that asked for an answer (a WebSocket warm-up does not). */
const modelRequest = (record: RunRecord) =>
  record.provider.requests.find((r) => (r.transport === "sse" ? r.method === "POST" && r.path.endsWith("/responses") : r.websocket?.message === "response.create" && r.websocket.generate !== false));

async function slowRun(transport: "exec" | "app-server", wire: Wire, options: { delayMs: number; chunks: number; idleMs: number }): Promise<RunRecord> {
  const f = fixtureHome(`stall-${transport}-${wire}`);
  const record = await runOnce(
    {
      prompt: "talk slowly",
      provider: "mock",
      scenario: "slow",
      scenarioOptions: { delayMs: String(options.delayMs), chunks: String(options.chunks) },
      transport,
      idleTimeoutMs: options.idleMs,
      timeoutMs: 60_000,
      cwd: f.cwd,
      config: wire === "websocket" ? WEBSOCKET : [],
    },
    { env: f.env },
  );
  expectAllClassified(record);
  // The wire the test is about is the wire the run took.
  expect(record.provider.requests.some((r) => r.transport === wire), `${record.outcome}: ${record.reason ?? ""}`).toBe(true);
  return record;
}

describe("the idle limit counts the model's bytes, not only Codex's events", () => {
  // 14 events 700 ms apart: the answer streams for about 10 s, longer than the idle limit, while exec
  // prints no event between turn.started and the completed message. The idle limit runs from the
  // spawn, so it must also cover Codex's start-up, which took 6 s on a 2-core machine at load 22.
  it.each([
    ["exec", "sse"],
    ["app-server", "websocket"],
  ] as const)("a healthy slow answer over %s (%s) completes", async (transport, wire) => {
    const idleMs = 8000;
    const record = await slowRun(transport, wire, { delayMs: 700, chunks: 10, idleMs });
    expect(record.outcome, record.reason).toBe("ok");
    expect(record.finalResponse).toBe(SLOW_CHUNK.repeat(10).trimEnd());
    // It could have failed: the answer took longer than the idle limit.
    expect(record.timings.endMs - modelRequest(record)!.receivedAtMs).toBeGreaterThan(idleMs);
  });

  // The model is asked, then says nothing for 20 s: stalled at the idle limit, long before its first byte.
  it.each([
    ["exec", "websocket"],
    ["app-server", "sse"],
  ] as const)("a silent model over %s (%s) is still declared stalled at the idle limit", async (transport, wire) => {
    const record = await slowRun(transport, wire, { delayMs: 20_000, chunks: 1, idleMs: 8000 });
    expect(record.outcome).toBe("stalled");
    expect(record.reason).toMatch(/^stalled: no progress/);
    const asked = modelRequest(record);
    expect(asked, "the model was never asked: Codex itself stalled").toBeDefined();
    expect(record.timings.endMs - asked!.receivedAtMs).toBeLessThan(20_000);
  });
});
