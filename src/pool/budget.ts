// Budgets: turns and tokens, per task and per pool. One ledger per pool counts what every task has
// used (a running task's tokens as its thread's latest total), says what stops a task, and gives
// the record's `budget` entry.
import type { RunRecord } from "../run/record.js";
import type { Usage } from "../transport/events.js";
import type { Budget } from "./options.js";

export type BudgetKind = "task-turns" | "task-tokens" | "pool-turns" | "pool-tokens";

export interface BudgetStop {
  by: BudgetKind;
  limit: number;
  used: number;
}

/** What one task has used: turns started, and its thread's token total. */
export interface TaskUsage {
  budget: Budget;
  turns: number;
  tokens: number;
  usage: Usage | undefined;
}

/** Tokens as budgets count them: input + output (cached input is part of input; reasoning of output). */
export function tokensOf(usage: Usage | undefined): number {
  return usage ? usage.input_tokens + usage.output_tokens : 0;
}

export class BudgetLedger {
  private finishedTurns = 0;
  private finishedTokens = 0;
  private readonly live = new Set<TaskUsage>();

  constructor(private readonly pool: Budget) {}

  /** Turns started and tokens used by every task so far, running ones included. */
  get totals(): { turns: number; tokens: number } {
    let turns = this.finishedTurns;
    let tokens = this.finishedTokens;
    for (const task of this.live) {
      turns += task.turns;
      tokens += task.tokens;
    }
    return { turns, tokens };
  }

  open(budget: Budget): TaskUsage {
    const task: TaskUsage = { budget, turns: 0, tokens: 0, usage: undefined };
    this.live.add(task);
    return task;
  }

  close(task: TaskUsage): void {
    if (!this.live.delete(task)) return;
    this.finishedTurns += task.turns;
    this.finishedTokens += task.tokens;
  }

  /** Before a turn starts: the limit that forbids it, if any; otherwise the turn is counted. */
  startTurn(task: TaskUsage): BudgetStop | undefined {
    const totals = this.totals;
    const stop =
      over("task-turns", task.budget.maxTurns, task.turns) ??
      over("task-tokens", task.budget.maxTokens, task.tokens) ??
      over("pool-turns", this.pool.maxTurns, totals.turns) ??
      over("pool-tokens", this.pool.maxTokens, totals.tokens);
    if (!stop) task.turns += 1;
    return stop;
  }

  /** A usage update during a turn (the thread's running total): the token limit it reached, if any. */
  update(task: TaskUsage, threadTotal: Usage): BudgetStop | undefined {
    task.usage = threadTotal;
    task.tokens = tokensOf(threadTotal);
    return over("task-tokens", task.budget.maxTokens, task.tokens) ?? over("pool-tokens", this.pool.maxTokens, this.totals.tokens);
  }

  /** The record's `budget` entry for this task now. */
  entry(task: TaskUsage, stopped: BudgetStop | undefined, reached?: BudgetStop): NonNullable<RunRecord["budget"]> {
    const limits = {
      ...(task.budget.maxTurns !== undefined ? { taskTurns: task.budget.maxTurns } : {}),
      ...(task.budget.maxTokens !== undefined ? { taskTokens: task.budget.maxTokens } : {}),
      ...(this.pool.maxTurns !== undefined ? { poolTurns: this.pool.maxTurns } : {}),
      ...(this.pool.maxTokens !== undefined ? { poolTokens: this.pool.maxTokens } : {}),
    };
    return { limits, used: { turns: task.turns, tokens: task.tokens }, ...(stopped ? { stopped } : {}), ...(reached ? { reached } : {}) };
  }
}

/** Turns and tokens stop at the limit: the limit-th turn may run, the next may not; tokens at or
 *  past the limit stop the work. */
function over(by: BudgetKind, limit: number | undefined, used: number): BudgetStop | undefined {
  return limit !== undefined && used >= limit ? { by, limit, used } : undefined;
}

const WHAT: Record<BudgetKind, string> = {
  "task-turns": "the task's turn limit",
  "task-tokens": "the task's token limit",
  "pool-turns": "the pool's turn limit",
  "pool-tokens": "the pool's token limit",
};

/** One line saying what stopped the task. */
export function budgetReason(stop: BudgetStop, midTurn: boolean): string {
  const unit = stop.by.endsWith("turns") ? "turns" : "tokens";
  return `budget: ${WHAT[stop.by]} reached (${stop.used} of ${stop.limit} ${unit} used); ${midTurn ? "the running turn was interrupted" : "no further turn was started"}`;
}
