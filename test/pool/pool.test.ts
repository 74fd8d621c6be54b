// CodexPool end to end (real Codex app-servers, mock model): each task's thread, cwd and environment
// are its own; a budget stops a task with its reason in the record; a crashed lane is replaced and
// its task fails cleanly; closing the pool mid-task leaves no process. Bad input: usage, nothing spawned.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { CodexPool } from "../../src/pool/pool.js";
import { HELLO_REPLY } from "../../src/mock/scenarios.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { processesWithEnv, waitFor } from "../helpers/processes.js";

const MARK = "CODEX_HEADLESS_TEST_RUN";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

function usageError(run: () => unknown): CodexHeadlessError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("usage");
    expect((error as Error).message).not.toContain("\n");
    return error as CodexHeadlessError;
  }
  throw new Error("expected a usage error");
}

describe("CodexPool", () => {
  it("bad input is a usage error, one line, before anything starts", async () => {
    expect(usageError(() => new CodexPool({ concurrency: 0 })).message).toMatch(/concurrency: expected a whole number from 1 to 64/);
    expect(usageError(() => new CodexPool({ concurency: 2 } as never)).message).toMatch(/unknown option "concurency"; did you mean "concurrency"\?/);
    expect(usageError(() => new CodexPool({ budget: { maxTokens: -1 } })).message).toMatch(/maxTokens/);
    const pool = new CodexPool({ env: fixtureHome("pool-bad").env });
    for (const [task, message] of [
      [{ prompt: [] }, /prompt: expected a string or a non-empty array/],
      [{ prompt: "x", transport: "exec" }, /transport/],
      [{ prompt: "x", budget: { maxTurns: 0 } }, /maxTurns/],
      [{ prompt: "x", sandbx: "read-only" }, /sandbx/],
      [{ prompt: "x", cwd: "/no/such/folder" }, /no such folder/],
    ] as const) {
      const error = await pool.run(task as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(task)).toBeInstanceOf(CodexHeadlessError);
      expect((error as CodexHeadlessError).code).toBe("usage");
      expect((error as Error).message).toMatch(message);
    }
    expect(pool.lanesNow()).toEqual([]);
    await pool.close();
  });

  it("each task gets its own thread, cwd and environment; a lane's next task reuses its warm server", async () => {
    const f = fixtureHome("pool-own");
    const dirs = ["a", "b", "c"].map((name) => path.join(f.cwd, name));
    for (const dir of dirs) mkdirSync(dir);
    // With an idle limit each launch gets a provider tap: a lane's next task must still reuse its
    // server (the tap's URL in the launch key relaunched it, then without a tap).
    const pool = new CodexPool({ concurrency: 2, env: f.env, defaults: { provider: "mock", idleTimeoutMs: 60_000, scenario: "shell", scenarioOptions: { command: 'pwd; echo "mark=$POOL_MARK"' } } });
    try {
      const one = { ...f.env, POOL_MARK: "one" };
      const [a, c] = await Promise.all([pool.run({ prompt: "where am I", cwd: dirs[0]!, env: one }), pool.run({ prompt: "where am I", cwd: dirs[2]!, env: { ...f.env, POOL_MARK: "two" } })]);
      const b = await pool.run({ prompt: "where am I", cwd: dirs[1]!, env: one });
      for (const [result, dir, mark] of [
        [a, dirs[0]!, "one"],
        [b, dirs[1]!, "one"],
        [c, dirs[2]!, "two"],
      ] as const) {
        expect(result.outcome, result.reason).toBe("ok");
        expect(result.finalResponse).toContain(`${dir}\nmark=${mark}`);
        expect(result.records[0]!.cwd).toBe(dir);
        // Its own model requests only (the lane's mock served the lane's earlier task too).
        expect(result.records[0]!.provider.requests).toHaveLength(2);
      }
      expect(new Set([a.threadId, b.threadId, c.threadId]).size).toBe(3);
      // Same environment: one lane, its server still warm; another environment: another lane.
      expect(b.lane).toEqual(a.lane);
      expect(c.lane.pid).not.toBe(a.lane.pid);
      // b's usage is its own thread's, not a's added to it (same prompt, same-length answer).
      expect(b.tokens).toBe(a.tokens);
      expect(b.records[0]!.usage).toEqual(a.records[0]!.usage);
      expect(b.tokens).toBeGreaterThan(0);
      expect(pool.usage).toEqual({ turns: 3, tokens: a.tokens + b.tokens + c.tokens });
      // A task that asks for an isolated home gets a lane of its own (its own home), closed after it.
      const d = await pool.run({ prompt: "where am I", cwd: dirs[0]!, env: one, home: "isolated" });
      expect(d.outcome, d.reason).toBe("ok");
      expect([a.lane.id, c.lane.id]).not.toContain(d.lane.id);
      expect(d.records[0]!.home.path).not.toBe(a.records[0]!.home.path);
      expect(pool.lanesNow().map((lane) => lane.id)).not.toContain(d.lane.id);
    } finally {
      await pool.close();
    }
  });

  it("budgets stop tasks with the reason in the record: task turns, task tokens mid-turn, pool turns", async () => {
    const f = fixtureHome("pool-budget");
    const pool = new CodexPool({ concurrency: 2, env: f.env, defaults: { provider: "mock", cwd: f.cwd }, budget: { maxTurns: 3 } });
    try {
      const turns = await pool.run({ prompt: ["one", "two", "three"], budget: { maxTurns: 2 } });
      expect(turns.outcome).toBe("refused");
      expect(turns.exitCode).toBe(4);
      expect(turns.records.map((r) => r.finalResponse)).toEqual([HELLO_REPLY, HELLO_REPLY]);
      expect(turns.reason).toMatch(/^budget: the task's turn limit reached \(2 of 2 turns used\); no further turn was started$/);
      expect(turns.records.at(-1)!.budget).toEqual({ limits: { taskTurns: 2, poolTurns: 3 }, used: { turns: 2, tokens: turns.tokens }, stopped: { by: "task-turns", limit: 2, used: 2 } });

      // The first model response (a command call) reports more tokens than allowed: the turn is
      // interrupted before the second model request, and the server stays up. (Codex 0.169.0 sends
      // the usage update once the response's command has finished: the command itself still runs.)
      const tokens = await pool.run({ prompt: "run it", scenario: "shell", scenarioOptions: { command: "echo ran" }, budget: { maxTokens: 50 } });
      const record = tokens.records[0]!;
      expect(tokens.outcome).toBe("interrupted");
      expect(record.outcome).toBe("interrupted");
      expect(record.reason).toMatch(/^budget: the task's token limit reached \(\d+ of 50 tokens used\); the running turn was interrupted$/);
      expect(record.budget!.stopped).toEqual({ by: "task-tokens", limit: 50, used: tokens.tokens });
      expect(record.provider.requests).toHaveLength(1);
      expect(record.events).toContainEqual({ type: "turn.failed", error: { message: "turn interrupted" } });
      expect(pool.lanesNow().find((lane) => lane.pid === tokens.lane.pid)?.alive).toBe(true);

      // 2 + 1 turns used: the pool's limit lets no turn of a new task start.
      const refused = await pool.run({ prompt: "one more" });
      expect(refused.outcome).toBe("refused");
      expect(refused.records).toEqual([]);
      expect(refused.reason).toBe("budget: the pool's turn limit reached (3 of 3 turns used); no further turn was started");
      expect(pool.usage.turns).toBe(3);
    } finally {
      await pool.close();
    }
  });

  // Codex reports a turn's tokens as the turn ends: a one-turn task can end past its token limit
  // before anything could stop it. Its answer stands, and its record says the limit was reached (a
  // newcomer's task ended `ok` at 224 of 150 tokens with no word of it in the record).
  it("a token limit the last turn crossed as it ended stops nothing and is marked reached in the record", async () => {
    const f = fixtureHome("pool-budget-reached");
    const pool = new CodexPool({ concurrency: 1, env: f.env, defaults: { provider: "mock", cwd: f.cwd } });
    try {
      const task = await pool.run({ prompt: "hi", budget: { maxTokens: 1 } });
      expect(task.outcome).toBe("ok");
      expect(task.finalResponse).toBe(HELLO_REPLY);
      expect(task.tokens).toBeGreaterThan(1);
      expect(task.budget).toEqual({ limits: { taskTokens: 1 }, used: { turns: 1, tokens: task.tokens }, reached: { by: "task-tokens", limit: 1, used: task.tokens } });
      expect(task.records[0]!.budget).toEqual(task.budget);
    } finally {
      await pool.close();
    }
  });

  it("a crashed lane fails its task cleanly and is replaced; closing the pool mid-task leaves no process", async () => {
    const f = fixtureHome("pool-crash");
    const mark = randomUUID();
    const env = { ...f.env, [MARK]: mark };
    const pool = new CodexPool({ concurrency: 2, env, defaults: { provider: "mock", cwd: f.cwd, scenario: "slow", scenarioOptions: { delayMs: "200", chunks: "8" } } });
    let closed = false;
    try {
      let killed: number | undefined;
      const crashed = await pool.run({
        prompt: "talk slowly",
        onEvent: () => {
          const pid = pool.lanesNow()[0]?.pid;
          if (killed === undefined && pid) process.kill((killed = pid), "SIGKILL");
        },
      });
      expect(killed).toBeDefined();
      expect(crashed.outcome).toBe("codex-failed");
      expect(crashed.exitCode).toBe(1);
      expect(crashed.reason).toMatch(/app-server|exited|signal|SIGKILL/i);
      const next = await pool.run({ prompt: "talk slowly" });
      expect(next.outcome, next.reason).toBe("ok");
      expect(next.lane.id).toBe(crashed.lane.id);
      expect(next.lane.pid).not.toBe(killed);

      // Two tasks streaming slowly; the pool is closed under them.
      const slow = { prompt: "talk slowly", scenarioOptions: { delayMs: "500", chunks: "40" } };
      const running = [pool.run(slow), pool.run(slow)];
      expect(await waitFor(() => pool.lanesNow().filter((lane) => lane.busy && lane.alive && lane.pid).length === 2, 20_000)).toBe(true);
      await sleep(500);
      const pids = pool.lanesNow().map((lane) => lane.pid!);
      const started = Date.now();
      await pool.close();
      closed = true;
      expect(Date.now() - started).toBeLessThan(10_000);
      const results = await Promise.all(running);
      expect(results.map((r) => r.outcome)).toEqual(["interrupted", "interrupted"]);
      // SIGKILLed with their groups; the last ones are reaped by init a moment later.
      await waitFor(() => pids.filter(groupAlive).length === 0, 3000);
      expect(pids.filter(groupAlive)).toEqual([]);
      expect(processesWithEnv(MARK, mark)).toEqual([]);
      expect(pool.lanesNow()).toEqual([]);
      await expect(pool.run({ prompt: "after close" })).rejects.toThrow(/closed/);
    } finally {
      if (!closed) await pool.close();
    }
  });
});
