// The pool's options and a task's shape, checked once at the boundary: pool-only keys here, the run's
// own settings by the RunSpec schema (parseRunSpec), so a task takes the same names and values as
// `runOnce`. Every mistake is a usage error, one line, before anything is spawned.
import { z } from "zod";
import { CodexHeadlessError, describeValue } from "../core/errors.js";
import { nearestName } from "../core/nearest.js";
import { parseRunSpec } from "../run/runner.js";
import { checkSpec } from "../run/check-spec.js";
import { runSpecObject, type RunSpec, type RunSpecInput } from "../run/spec.js";
import type { NormalizedEvent } from "../transport/events.js";

const count = (what: string, max: number) =>
  z
    .number({ error: (issue) => `${what}: expected a whole number from 1 to ${max}, got ${describeValue(issue.input)}` })
    .int(`${what}: expected a whole number from 1 to ${max}`)
    .min(1, `${what}: expected a whole number from 1 to ${max}`)
    .max(max, `${what}: expected a whole number from 1 to ${max}`);

/** Limits on turns (turn/start calls) and tokens (input + output, as Codex reports them in
 *  thread/tokenUsage/updated). A limit reached stops the work: no further turn starts, and a
 *  running turn whose usage crosses a token limit is interrupted. */
const budgetSchema = z.strictObject({ maxTurns: count("maxTurns", 1_000_000).optional(), maxTokens: count("maxTokens", 2 ** 48).optional() });
export type Budget = z.infer<typeof budgetSchema>;
const NESTED_KEYS: Record<string, readonly string[]> = { budget: Object.keys(budgetSchema.shape) };

// `process.env` itself is no plain object, and zod's record refuses it: read as the plain copy of it
// a caller means (`env: process.env` is the natural thing to pass).
const envSchema = z.preprocess(
  (value) => (value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value } : value),
  z.record(z.string(), z.string().optional(), { error: "env: expected an object of NAME: value strings" }),
);

const poolOptionsSchema = z.strictObject({
  /** Lanes (app-server processes) alive at once, and so tasks running at once. Default 2. */
  concurrency: count("concurrency", 64).default(2),
  /** The environment Codex starts from for tasks that give none (default: this process's). */
  env: envSchema.optional(),
  /** Run settings every task starts from (RunSpec names: provider, scenario, sandbox, cwd, ...). */
  defaults: z.record(z.string(), z.unknown(), { error: "defaults: expected an object of run settings" }).optional(),
  /** Limits over all tasks of the pool. */
  budget: budgetSchema.optional(),
});
export type PoolOptions = z.input<typeof poolOptionsSchema>;
export type ResolvedPoolOptions = z.output<typeof poolOptionsSchema>;

/** A task: one new thread, its turns one prompt each, with its own cwd and environment. */
export type PoolTask = Omit<RunSpecInput, "prompt" | "transport" | "resumeThreadId" | "keepHome" | "profile" | "jail"> & {
  /** One prompt, or several: one turn each on the task's thread. */
  prompt: string | string[];
  /** The environment Codex starts from (replaces the pool's; tools see it through Codex's policy). */
  env?: NodeJS.ProcessEnv;
  /** This task's limits, checked besides the pool's. */
  budget?: Budget;
  /** Cancels the task: its lane's server is killed (and replaced for the next task). */
  signal?: AbortSignal;
  /** Each normalized event of the task's turns, as it arrives. */
  onEvent?: (event: NormalizedEvent) => void;
};

const POOL_TASK_KEYS = ["prompt", "env", "budget", "signal", "onEvent"] as const;
/** Every key a task may hold: its own and a run's settings. */
const TASK_KEYS: readonly string[] = [...new Set([...POOL_TASK_KEYS, ...Object.keys(runSpecObject.shape)])];
/** RunSpec settings a pool task cannot take, with why. */
const NOT_FOR_TASKS: Record<string, string> = {
  transport: "a pool task always runs on an app-server lane; transport is not a task option",
  resumeThreadId: "a pool task is a new thread; resume threads with Codex.resumeThread",
  keepHome: "a lane's home outlives its tasks (home: a path keeps one)",
  profile: "codex app-server has no profile flag (use config overrides)",
  jail: "the pool does not run jailed lanes yet; use runOnce or a Thread for jail: true",
};

export interface ParsedTask {
  prompts: string[];
  spec: RunSpec;
  env: NodeJS.ProcessEnv;
  budget: Budget;
  /** The task asked for an isolated home: a lane of its own, closed after it. */
  dedicated: boolean;
  signal?: AbortSignal;
  onEvent?: (event: NormalizedEvent) => void;
}

function usageOf(what: string, error: z.ZodError, known: readonly string[]): CodexHeadlessError {
  const issue = error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    // A key inside a nested object (budget) is named where it sits, against that object's keys.
    const key = issue.keys[0]!;
    const where = issue.path.join(".");
    const near = nearestName(key, where ? (NESTED_KEYS[where] ?? []) : known);
    return new CodexHeadlessError("usage", `${what}: ${where ? `${where}: ` : ""}unknown option ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ""}`, { data: { key } });
  }
  // Messages name their own option ("maxTokens: ..."); the path adds where it sits ("budget.").
  const field = issue.path.join(".");
  const own = String(issue.path.at(-1) ?? "");
  const message = own && issue.message.startsWith(`${own}:`) ? `${field.slice(0, field.length - own.length)}${issue.message}` : `${field ? `${field}: ` : ""}${issue.message}`;
  return new CodexHeadlessError("usage", `${what}: ${message}`, { data: { issues: error.issues } });
}

/** Errors: usage, one line (an unknown option names the nearest known one). */
export function parsePoolOptions(options: unknown): ResolvedPoolOptions {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new CodexHeadlessError("usage", `pool options: expected an object, got ${describeValue(options)}`);
  }
  const parsed = poolOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw usageOf("pool options", parsed.error, Object.keys(poolOptionsSchema.shape));
  return parsed.data;
}

// Built once: a zod schema made per task was ~7 ms of a pool task's ~50 ms of our CPU (profile of 20
// one-turn tasks on one lane).
const taskExtrasSchema = z.strictObject({
  env: envSchema.optional(),
  budget: budgetSchema.optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, "signal: expected an AbortSignal").optional(),
  onEvent: z.custom<(event: NormalizedEvent) => void>((value) => typeof value === "function", "onEvent: expected a function").optional(),
});

/** A task over the pool's defaults → its prompts, its RunSpec (app-server transport, the first
 *  prompt) and its environment. Errors: usage, one line. */
export function parseTask(task: unknown, pool: ResolvedPoolOptions): ParsedTask {
  if (task === null || typeof task !== "object" || Array.isArray(task)) throw new CodexHeadlessError("usage", `task: expected an object, got ${describeValue(task)}`);
  const given = task as Record<string, unknown>;
  for (const [key, why] of Object.entries(NOT_FOR_TASKS)) {
    if (given[key] !== undefined || pool.defaults?.[key] !== undefined) throw new CodexHeadlessError("usage", `task: ${key}: ${why}`, { data: { key } });
  }
  // A misspelt key is the task's (the run's options would name the nearest of theirs alone, no "task:").
  const unknownKey = Object.keys(given).find((key) => !TASK_KEYS.includes(key));
  if (unknownKey !== undefined) {
    const near = nearestName(unknownKey, TASK_KEYS);
    throw new CodexHeadlessError("usage", `task: unknown option ${JSON.stringify(unknownKey)}${near ? `; did you mean ${JSON.stringify(near)}?` : ""}`, { data: { key: unknownKey } });
  }
  const { prompt, env, budget, signal, onEvent, ...settings } = given;
  const prompts = typeof prompt === "string" ? [prompt] : prompt;
  if (!Array.isArray(prompts) || prompts.length === 0 || !prompts.every((p) => typeof p === "string")) {
    throw new CodexHeadlessError("usage", `task: prompt: expected a string or a non-empty array of strings, got ${describeValue(prompt)}`);
  }
  const extras = taskExtrasSchema.safeParse({ env, budget, signal, onEvent });
  if (!extras.success) throw usageOf("task", extras.error, POOL_TASK_KEYS);
  let spec: RunSpec | undefined;
  for (const text of prompts) {
    // Each prompt is checked as a run's (empty, NUL, Codex's length limit) before any turn runs.
    // Ephemeral threads by default: a task's thread is not written to the lane's home (no rollout,
    // not resumable), which made a one-turn task ~2.5x faster (measured on 0.169.0: ~0.4 s against
    // ~1.1 s per hello turn, loaded 2-core machine). `ephemeral: false` keeps it resumable.
    if (spec === undefined) spec = parseRunSpec({ ephemeral: true, ...pool.defaults, ...settings, prompt: text, transport: "app-server" } as RunSpecInput);
    else parseRunSpec({ ...spec, prompt: text } as RunSpecInput);
  }
  const taskEnv = (extras.data.env as NodeJS.ProcessEnv | undefined) ?? (pool.env as NodeJS.ProcessEnv | undefined) ?? process.env;
  // Before a lane is opened for it: the checks every run passes (runOnce checks again).
  checkSpec(spec!, { env: taskEnv });
  return {
    prompts: prompts as string[],
    spec: spec!,
    env: taskEnv,
    budget: extras.data.budget ?? {},
    // The issue's rule: a task that asks for an isolated home gets a lane of its own (tasks that name
    // no home share their lane's, as runs from one shell share ~/.codex).
    dedicated: settings.home === "isolated" || (settings.home === undefined && pool.defaults?.home === "isolated"),
    ...(extras.data.signal ? { signal: extras.data.signal } : {}),
    ...(extras.data.onEvent ? { onEvent: extras.data.onEvent } : {}),
  };
}
