// A pool task's idle limit counts the model's bytes (the provider tap, issue 20) on a lane whose server
// is reused. The tap is started with a server; a lane whose first task had no idle limit was started
// without one, and its later task with --idle-timeout then saw only Codex's events: a model thinking
// longer than the limit (bytes arriving, no event) was declared stalled. Real pinned Codex, mock model.
import { expect, it } from "vitest";
import { SLOW_CHUNK } from "../../src/mock/scenarios.js";
import { CodexPool } from "../../src/pool/pool.js";
import type { RunRecord } from "../../src/run/record.js";
import { fixtureHome } from "../helpers/fixture-home.js";

/** The first model request that asked for an answer. */
const modelRequest = (record: RunRecord) => record.provider.requests.find((r) => r.method === "POST" && r.path.endsWith("/responses"));

it("a reused lane's task with an idle limit counts the provider's bytes, though the lane's first task had none", async () => {
  const f = fixtureHome("pool-idle-tap");
  // The model thinks for 10 × 700 ms (response.in_progress bytes, no Codex event), then answers at
  // once. The idle limit also covers the relaunched server's start-up (seconds on a loaded machine).
  const idleMs = 6000;
  const pool = new CodexPool({ concurrency: 1, env: f.env, defaults: { provider: "mock", scenario: "slow", scenarioOptions: { delayMs: "700", chunks: "10", thinking: "true" }, cwd: f.cwd, timeoutMs: 60_000 } });
  try {
    const first = await pool.run({ prompt: "think, no limit" });
    const limited = await pool.run({ prompt: "think, with an idle limit", idleTimeoutMs: idleMs });
    expect([first.outcome, limited.outcome], limited.reason).toEqual(["ok", "ok"]);
    expect(limited.finalResponse).toBe(SLOW_CHUNK.repeat(10).trimEnd());
    const record = limited.records[0]!;
    // It could have failed: the model said nothing Codex reports for longer than the idle limit.
    expect(record.timings.endMs - modelRequest(record)!.receivedAtMs).toBeGreaterThan(idleMs);
    // The record says the tap counted this task's bytes.
    expect(record.provider.tap?.bytesFromProvider).toBeGreaterThan(0);
    // One lane served both: its server was relaunched once, with a tap its later tasks keep.
    expect(limited.lane.id).toBe(first.lane.id);
    expect(limited.lane.pid).not.toBe(first.lane.pid);
  } finally {
    await pool.close();
  }
}, 120_000);
