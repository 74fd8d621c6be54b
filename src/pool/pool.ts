// CodexPool: many short tasks on a few warm `codex app-server` processes ("lanes"). A task runs as a
// new thread on a free lane of its kind (lane.ts), each turn a normal headless run through runOnce
// (gate, watchdog, record), with its own cwd and environment, under turn and token budgets.
import { setMaxListeners } from "node:events";
import { AbortError, CodexHeadlessError } from "../core/errors.js";
import type { RunRecord } from "../run/record.js";
import { runOnce } from "../run/runner.js";
import { EXIT_CODES, type Outcome } from "../run/outcome.js";
import type { Usage } from "../transport/events.js";
import { budgetReason, BudgetLedger, type BudgetStop } from "./budget.js";
import { closeLane, laneKey, openLane, type Lane } from "./lane.js";
import { parsePoolOptions, parseTask, type ParsedTask, type PoolOptions, type PoolTask, type ResolvedPoolOptions } from "./options.js";

/** What became of one task. */
export interface PoolTaskResult {
  /** The last turn's outcome; "refused" when a budget let no turn start, "interrupted" when a budget
   *  interrupted the running turn. */
  outcome: Outcome;
  /** The CLI's exit code for the outcome (0 ok, 1 Codex failed or its lane died, 4 refused, 130 interrupted). */
  exitCode: number;
  reason?: string;
  /** The last turn's final message ("" unless it ended ok). */
  finalResponse: string;
  threadId?: string;
  /** Turns started and the thread's token total (input + output) at the end. */
  turns: number;
  tokens: number;
  usage: Usage | null;
  /** The task's budget entry (also in each record): limits, use, what stopped it, and a limit its last
   *  turn reached as it ended (which stopped nothing). */
  budget: NonNullable<RunRecord["budget"]>;
  lane: { id: number; pid?: number };
  /** One RunRecord per turn that ran. */
  records: RunRecord[];
}

export interface LaneInfo {
  id: number;
  pid?: number;
  alive: boolean;
  busy: boolean;
  dedicated: boolean;
  served: number;
  home: string;
}

export class CodexPool {
  private readonly options: ResolvedPoolOptions;
  private readonly ledger: BudgetLedger;
  private lanes: Lane[] = [];
  private nextLaneId = 1;
  private waiters: Array<() => void> = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();
  private closed: Promise<void> | undefined;

  /** Errors: usage (one line) for an unknown option or a bad value (concurrency 0, a negative limit). */
  constructor(options: PoolOptions = {}) {
    this.options = parsePoolOptions(options);
    this.ledger = new BudgetLedger(this.options.budget ?? {});
    // Every task and turn listens to it while it runs or waits: many listeners are expected.
    setMaxListeners(0, this.closing.signal);
  }

  /** Turns started and tokens used by all tasks so far (running ones included). */
  get usage(): { turns: number; tokens: number } {
    return this.ledger.totals;
  }

  /** The lanes now: their server's pid (once started), whether it lives and is serving a task. */
  lanesNow(): LaneInfo[] {
    // A lane whose first task has not passed the gate yet has no home: it is not listed.
    return this.lanes.flatMap((lane) => {
      const session = lane.holder.session;
      const home = lane.kept.home;
      return home ? [{ id: lane.id, ...(session?.pid ? { pid: session.pid } : {}), alive: Boolean(session?.alive), busy: lane.busy, dedicated: lane.dedicated, served: lane.served, home: home.path }] : [];
    });
  }

  /**
   * Runs a task on a free lane (waiting for one while `concurrency` tasks run). Resolves with the
   * task's result whatever Codex did — a failed turn, a dead lane (outcome "codex-failed"), a
   * budget stop. Errors: usage (bad task, before anything starts), AbortError (its signal fired
   * before it started), interrupted (the pool was closed before it started).
   */
  run(task: PoolTask): Promise<PoolTaskResult> {
    if (this.closed) return Promise.reject(new CodexHeadlessError("interrupted", "the pool is closed"));
    let parsed: ParsedTask;
    try {
      parsed = parseTask(task, this.options);
    } catch (error) {
      return Promise.reject(error);
    }
    const work = this.serve(parsed);
    this.running.add(work);
    void work.catch(() => undefined).finally(() => this.running.delete(work));
    return work;
  }

  /** Stops everything: tasks waiting fail, running turns are stopped (their servers' process groups
   *  killed), idle servers are closed, homes and mock providers released. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing.abort(new Error("the pool was closed"));
      this.wake();
      await Promise.allSettled([...this.running]);
      const lanes = this.lanes.splice(0);
      await Promise.allSettled(lanes.map((lane) => closeLane(lane)));
    })();
    return this.closed;
  }

  private async serve(task: ParsedTask): Promise<PoolTaskResult> {
    const key = laneKey(task.spec, task.env);
    const signal = task.signal ? AbortSignal.any([task.signal, this.closing.signal]) : this.closing.signal;
    const lane = await this.acquire(key, task, signal);
    const usage = this.ledger.open(task.budget);
    const records: RunRecord[] = [];
    let stopped: BudgetStop | undefined;
    let midTurn = false;
    try {
      lane.served += 1;
      // A new thread for this task, on the lane's warm server (a dead one is replaced by runOnce).
      if (lane.holder.session?.alive) lane.holder.session.startNewThread();
      for (const prompt of task.prompts) {
        stopped = this.ledger.startTurn(usage);
        if (stopped) break;
        const interrupt = new AbortController();
        const record = await runOnce(
          { ...task.spec, prompt },
          {
            env: task.env,
            keep: lane.kept,
            // This turn's requests only: the lane's mock served its earlier tasks too.
            mockRequestsFrom: lane.kept.mock?.requests.length ?? 0,
            appServer: lane.holder,
            signal,
            interrupt: interrupt.signal,
            onUsage: (total) => {
              const stop = this.ledger.update(usage, total);
              if (stop && !stopped) {
                stopped = stop;
                midTurn = true;
                interrupt.abort();
              }
            },
            ...(task.onEvent ? { onEvent: task.onEvent } : {}),
          },
        ).catch((error: unknown) => {
          if (signal.aborted && error instanceof CodexHeadlessError && error.code === "interrupted") throw new AbortError(error.message, undefined, { cause: signal.reason });
          throw error;
        });
        if (stopped && midTurn) {
          if (record.outcome === "ok") {
            // The turn finished before the interrupt landed: its answer stands; no further turn starts.
            midTurn = false;
          } else {
            // Codex ends an interrupted turn as failed ("turn interrupted"): the budget is why.
            record.outcome = "interrupted";
            record.reason = budgetReason(stopped, true);
            delete record.failure;
            record.finalResponse = "";
          }
        }
        records.push(record);
        if (record.outcome !== "ok" || stopped) break;
      }
      // A limit reached by the last prompt's turn stopped nothing; the last record says it was reached
      // (a newcomer's pool task ended `ok` at 224 of 150 tokens, and no record said so).
      let reached: BudgetStop | undefined;
      if (stopped && !midTurn && records.length === task.prompts.length) [reached, stopped] = [stopped, undefined];
      const entry = this.ledger.entry(usage, stopped, reached);
      const { stopped: _stop, reached: _reached, ...plain } = entry;
      records.forEach((record, i) => (record.budget = i === records.length - 1 ? entry : plain));
      const last = records.at(-1);
      // A budget that let no further turn start refuses the task; one that interrupted a turn interrupts it.
      const outcome: Outcome = stopped ? (midTurn ? "interrupted" : "refused") : (last?.outcome ?? "refused");
      const reason = stopped ? budgetReason(stopped, midTurn) : last?.reason;
      return {
        outcome,
        exitCode: EXIT_CODES[outcome],
        ...(reason ? { reason } : {}),
        finalResponse: last?.outcome === "ok" ? last.finalResponse : "",
        ...(last?.threadId ? { threadId: last.threadId } : {}),
        turns: usage.turns,
        tokens: usage.tokens,
        usage: usage.usage ?? null,
        budget: entry,
        lane: { id: lane.id, ...(lane.holder.session?.pid ? { pid: lane.holder.session.pid } : {}) },
        records,
      };
    } finally {
      this.ledger.close(usage);
      await this.release(lane);
    }
  }

  /** A free lane for the key: an idle one of its kind, a new one while fewer than `concurrency`
   *  exist, or an idle one of another kind closed to make room; otherwise wait for a release. */
  private async acquire(key: string, task: ParsedTask, signal: AbortSignal): Promise<Lane> {
    for (;;) {
      if (this.closing.signal.aborted) throw new CodexHeadlessError("interrupted", "the pool was closed before the task started");
      if (signal.aborted) throw new AbortError("the task was aborted before it started", undefined, { cause: signal.reason });
      const idle = task.dedicated ? undefined : this.lanes.find((lane) => !lane.busy && !lane.dedicated && lane.key === key);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.lanes.length >= this.options.concurrency) {
        const spare = this.lanes.find((lane) => !lane.busy);
        if (spare) {
          this.lanes.splice(this.lanes.indexOf(spare), 1);
          await closeLane(spare);
          continue; // the checks above again: the task may have been aborted meanwhile
        }
      }
      if (this.lanes.length < this.options.concurrency) {
        // Nothing is made here: the task's run makes the lane's home and mock once its gate passed.
        const lane = openLane(this.nextLaneId++, key, task.dedicated);
        this.lanes.push(lane);
        return lane;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          resolve();
        };
        this.waiters.push(done);
        signal.addEventListener("abort", done, { once: true });
      });
    }
  }

  private async release(lane: Lane): Promise<void> {
    lane.busy = false;
    if (lane.dedicated || this.closing.signal.aborted) {
      const at = this.lanes.indexOf(lane);
      if (at >= 0) this.lanes.splice(at, 1);
      await closeLane(lane);
    }
    this.wake();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
