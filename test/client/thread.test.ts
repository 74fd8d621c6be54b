// The library API on the real Codex and the mock: threads over several turns, streaming, resume by
// id from a fresh Codex instance, and typed errors.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { CodexHeadlessError, CodexRunError } from "../../src/core/errors.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { FEW_RETRIES } from "../../src/mock/provider-config.js";

describe.each(["exec", "app-server"] as const)("Codex / Thread over %s", (transport) => {
  it("three turns on one thread: each reply sees the earlier turns, usage per turn", async () => {
    const f = fixtureHome("thread");
    const thread = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, transport }).startThread();
    try {
      const turns = [];
      for (const prompt of ["one", "two", "three"]) turns.push(await thread.run(prompt));
      expect(turns.map((t) => t.finalResponse)).toEqual(['Turn 1: you said "one"', 'Turn 2: you said "two"', 'Turn 3: you said "three"']);
      for (const turn of turns) expect(turn.usage?.input_tokens).toBeGreaterThan(0);
      expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(turns.map((t) => t.record.threadId)).size).toBe(1);
      expect(turns[2]!.items.at(-1)).toMatchObject({ type: "agent_message" });
      // Usage is per turn, not the thread's running total: each turn sent one request of similar size.
      expect(turns[2]!.usage!.input_tokens).toBeLessThan(2 * turns[0]!.usage!.input_tokens);
      // Every turn has the SDK's five fields (cache_write_input_tokens was lost after exec turn 1 and
      // on app-server), and usageTotal is the running sum of the turns.
      const fields = ["input_tokens", "cached_input_tokens", "cache_write_input_tokens", "output_tokens", "reasoning_output_tokens"] as const;
      for (const turn of turns) for (const field of fields) expect(typeof turn.usage?.[field], `${field} of a ${transport} turn`).toBe("number");
      for (const [i, turn] of turns.entries()) {
        for (const field of fields) expect(turn.usageTotal?.[field], `usageTotal.${field} after turn ${i + 1}`).toBe(turns.slice(0, i + 1).reduce((sum, t) => sum + t.usage![field], 0));
      }
      // Each turn's record holds its own model requests, not the earlier turns' as well (they held
      // every request of the thread, each redacted again: turn N carried N turns' requests).
      for (const [i, turn] of turns.entries()) {
        const requests = turn.record.provider.requests.filter((r) => r.path.endsWith("/responses"));
        expect(requests.length, `model requests in turn ${i + 1}'s record`).toBe(1);
        expect(JSON.stringify((requests[0]!.body as { input: unknown[] }).input.at(-1))).toContain(["one", "two", "three"][i]);
      }
      const pids = new Set(turns.map((t) => t.record.pid));
      // app-server: one process serves every turn; exec: one process per turn.
      expect(pids.size).toBe(transport === "app-server" ? 1 : 3);
    } finally {
      await thread.close();
    }
  });

  it("a streamed turn counts in the thread's usage: the turn after it reports its own tokens, and usageTotal holds all three", async () => {
    // A newcomer trial: only run() kept the thread's accounting, so after a runStreamed turn the next
    // turn on exec reported both turns' tokens as its own, and app-server's usageTotal left the
    // streamed turn out.
    const f = fixtureHome("thread-stream-usage");
    const thread = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, transport }).startThread();
    try {
      const first = await thread.run("one");
      const { events } = await thread.runStreamed("two");
      for await (const _event of events);
      const third = await thread.run("three");
      expect(third.finalResponse).toBe('Turn 3: you said "three"');
      expect(third.usage!.input_tokens, "the third turn's own input tokens").toBeLessThan(2 * first.usage!.input_tokens);
      // What usageTotal grew by, beyond the first and third turns, is the streamed turn's share.
      const streamedShare = third.usageTotal!.input_tokens - first.usage!.input_tokens - third.usage!.input_tokens;
      expect(streamedShare, "the streamed turn's input tokens in usageTotal").toBeGreaterThan(0);
      expect(streamedShare).toBeLessThan(2 * first.usage!.input_tokens);
    } finally {
      await thread.close();
    }
  });

  it("close() during a turn stops it: the turn rejects with an AbortError that says the thread was closed, and its Codex is gone", async () => {
    // A newcomer trial: on exec, close() removed the home and stopped the mock under the running
    // Codex, whose turn then hung (reconnecting to the closed provider) until the 600 s limit; on
    // app-server the turn failed as "codex-failed (other): Codex exited with code 0".
    const f = fixtureHome("thread-close-mid-turn");
    const thread = new Codex({ provider: "mock", scenario: "slow", scenarioOptions: { delayMs: "1000", chunks: "30" }, cwd: f.cwd, env: f.env, transport }).startThread();
    const { events } = await thread.runStreamed("a slow answer");
    const first = await events.next();
    expect(first.value).toMatchObject({ type: "thread.started" });
    const started = Date.now();
    await thread.close();
    // The reader paused after the first event: close() waits for Codex to stop, not for the reader
    // (it waited 5 s, a newcomer trial).
    expect(Date.now() - started, "close() with its reader paused").toBeLessThan(3_000);
    let failure: unknown;
    try {
      for await (const _event of events);
    } catch (error) {
      failure = error;
    }
    expect(Date.now() - started, "close and the turn's end").toBeLessThan(15_000);
    expect(failure).toBeInstanceOf(CodexRunError);
    expect((failure as CodexRunError).name).toBe("AbortError");
    expect((failure as CodexRunError).message).toMatch(/^the thread was closed during the turn/);
    const pid = (failure as CodexRunError).record?.pid;
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid!, 0), "the turn's Codex process").toThrow();
  });

  it("runStreamed yields the normalized events as they come", async () => {
    const f = fixtureHome("thread-stream");
    const thread = new Codex({ provider: "mock", scenario: "shell", cwd: f.cwd, env: f.env, transport }).startThread();
    const { events } = await thread.runStreamed("run it");
    const types: string[] = [];
    for await (const event of events) types.push(event.type === "item.completed" ? `item:${event.item.type}` : event.type);
    await thread.close();
    expect(types[0]).toBe("thread.started");
    expect(types).toContain("item:command_execution");
    expect(types.at(-1)).toBe("turn.completed");
  });

  it("text deltas: app-server streams the agent message as item.delta events that add up to it (trimmed); exec sends none", async () => {
    const f = fixtureHome("thread-deltas");
    const thread = new Codex({ provider: "mock", scenario: "slow", scenarioOptions: { delayMs: "20", chunks: "4" }, cwd: f.cwd, env: f.env, transport }).startThread();
    try {
      const { events } = await thread.runStreamed("talk");
      const deltas: string[] = [];
      let message: { id: string; text: string } | undefined;
      for await (const event of events) {
        if (event.type === "item.delta") deltas.push(event.delta);
        if (event.type === "item.completed" && event.item.type === "agent_message") message = event.item;
        // Every delta comes before its message completes.
        if (event.type === "item.delta") expect(message).toBeUndefined();
      }
      expect(message?.text.length).toBeGreaterThan(0);
      // The deltas are the model's text as sent; Codex trims the completed message (measured on 0.169.0:
      // "slow " four times arrives as "slow slow slow slow").
      if (transport === "app-server") expect(deltas.join("").trim()).toBe(message!.text);
      else expect(deltas).toEqual([]);
      // Records keep the completed item only.
      const turn = await thread.run("again");
      expect(turn.record.events.some((event) => (event as { type?: string }).type === "item.delta")).toBe(false);
    } finally {
      await thread.close();
    }
  });

  it("resumeThread continues a thread from a fresh Codex instance; the model sees the earlier turn", async () => {
    const f = fixtureHome("thread-resume");
    const home = path.join(path.dirname(f.cwd), "codex-home"); // beside the workspace: a sandboxed run could write one inside
    const first = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, home, transport }).startThread();
    await first.run("remember the word teapot");
    const id = first.id!;
    await first.close();
    const resumed = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, home, transport }).resumeThread(id);
    const turn = await resumed.run("what was the word?");
    await resumed.close();
    expect(turn.finalResponse.startsWith("Turn 2:")).toBe(true);
    // The new provider (a fresh mock) received the first turn's prompt as history.
    expect(JSON.stringify(turn.record.provider.requests[0]!.body)).toContain("remember the word teapot");
  });

  it("typed errors: a closed thread, bad options, a failed turn", async () => {
    const f = fixtureHome("thread-errors");
    const codex = new Codex({ provider: "mock", cwd: f.cwd, env: f.env, transport });
    const thread = codex.startThread();
    await thread.close();
    await expect(thread.run("hi")).rejects.toThrow(CodexHeadlessError);
    await expect(thread.run("hi")).rejects.toThrow(/this thread is closed/);
    expect(() => codex.startThread({ transport: "carrier-pigeon" as never })).toThrow(/unknown transport "carrier-pigeon"/);
    const failing = codex.startThread({ scenario: "fault-401", config: FEW_RETRIES });
    const error = await failing.run("hi").catch((e: unknown) => e);
    await failing.close();
    expect(error).toBeInstanceOf(CodexRunError);
    expect((error as CodexRunError).outcome).toBe("codex-failed");
    expect((error as CodexRunError).message).toMatch(/codex-failed \(auth\)/);
  });
});

describe("an ephemeral thread", () => {
  it("on exec: a second turn is a usage error before Codex starts (Codex kept no rollout to resume); on app-server it continues", async () => {
    const f = fixtureHome("thread-ephemeral");
    const exec = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, ephemeral: true }).startThread();
    try {
      expect((await exec.run("one")).finalResponse).toBe('Turn 1: you said "one"');
      // Before: Codex started and failed, "codex-failed (other): ... no rollout found for thread id".
      const second = exec.run("two");
      await expect(second).rejects.toThrow(CodexHeadlessError);
      await expect(second).rejects.toThrow(/^an ephemeral thread on exec cannot take another turn/);
    } finally {
      await exec.close();
    }
    const app = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, ephemeral: true, transport: "app-server" }).startThread();
    try {
      await app.run("one");
      expect((await app.run("two")).finalResponse).toBe('Turn 2: you said "two"');
    } finally {
      await app.close();
    }
  });
});
