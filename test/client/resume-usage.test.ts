// Token usage after resumeThread(): a new Thread on an existing thread saw none of its earlier turns.
// Measured on the pinned Codex (mock model, multi-turn scenario, two turns then a resumed one): on exec
// the resumed turn reported the whole thread's total as its own (352 input tokens for a 117-token
// turn); on app-server the running total restarted from zero. Both now read the turns before from
// the thread's rollout in the home, so every transport agrees with an unbroken Thread.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe.each(["exec", "app-server"] as const)("usage after resumeThread (%s)", (transport) => {
  it("the resumed turn's usage is its own and the total counts the turns before", { timeout: 120_000 }, async () => {
    const f = fixtureHome(`resume-usage-${transport}`);
    // A home of its own beside the workspace: resumeThread needs one that persists.
    const home = path.join(path.dirname(f.cwd), "thread-home");
    const codex = new Codex({ provider: "mock", scenario: "multi-turn", transport, home, cwd: f.cwd, env: f.env, timeoutMs: 60_000 });
    const first = codex.startThread();
    const a = await first.run("first turn please");
    const b = await first.run("second turn please");
    await first.close();
    const resumed = codex.resumeThread(first.id!);
    const c = await resumed.run("third turn please");
    const d = await resumed.run("fourth turn please");
    await resumed.close();
    const unbroken = [a, b, c, d].reduce((sum, turn) => sum + (turn.usage?.input_tokens ?? 0), 0);
    // The mock's counts grow with the prompt only: a turn costs ~117 input tokens, never a thread's.
    for (const turn of [a, b, c, d]) expect(turn.usage?.input_tokens).toBeLessThan(200);
    expect(c.usage?.input_tokens).toBe(a.usage?.input_tokens);
    expect(c.usageTotal?.input_tokens).toBe((b.usageTotal?.input_tokens ?? 0) + (c.usage?.input_tokens ?? 0));
    expect(d.usageTotal?.input_tokens).toBe(unbroken);
  });
});
