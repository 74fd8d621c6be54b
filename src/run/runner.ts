// The runner: RunSpec in, RunRecord out. It is the only place that puts a run together, in three
// stages — prepare (run/prepare.ts: checks, gate, home, provider, launch plan, jail), drive
// (run/drive.ts: the transport turn), build-record (run/build-record.ts) — around one streamed core,
// `runStreamed`, which every caller consumes: `runOnce` drains it as the Codex TypeScript SDK's
// `Thread.run` drains `runStreamedInternal` (openai/codex, sdk/typescript/src/thread.ts), and so do
// client/thread.ts, the MCP server, collab, the pool and the lab. It always cleans up after itself.
import { CodexHeadlessError } from "../core/errors.js";
import type { NormalizedEvent } from "../transport/events.js";
import { buildRecord } from "./build-record.js";
import { driveRun } from "./drive.js";
import { streamOf } from "./stream.js";
import type { RunHooks } from "./hooks.js";
import { prepareRun } from "./prepare.js";
import type { RunRecord } from "./record.js";
import { nearestName } from "../core/nearest.js";
import { runOptionsSchema, runSpecObject, runSpecSchema, type RunOptions, type RunOptionsInput, type RunSpec, type RunSpecInput } from "./spec.js";
import type { z } from "zod";

export type { AppServerHolder, KeptResources, RunHooks } from "./hooks.js";

/** The hooks of a streamed run: events come from the generator itself, not a callback. */
export type StreamHooks = Omit<RunHooks, "onEvent">;

/** Input -> a value of `schema`, or a usage error naming the first issue in one line. */
const SPEC_KEYS = Object.keys(runSpecObject.shape);

function parseWith<S extends z.ZodType>(schema: S, input: unknown, known: readonly string[]): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // An unknown top-level key names the nearest known one, as the library's options do ("sandboxMode").
  if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
    const key = issue.keys[0]!;
    const near = nearestName(key, known);
    throw new CodexHeadlessError("usage", `unknown option ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ""}`, { data: { key, issues: parsed.error.issues } });
  }
  // A message that already starts with its field's name is not prefixed again ("prompt: prompt is empty").
  const field = issue.path.join(".");
  const where = issue.path.length && !issue.message.startsWith(field) ? `${field}: ` : "";
  throw new CodexHeadlessError("usage", `${where}${issue.message}`, { data: { issues: parsed.error.issues } });
}

/** A spec, validated and its defaults resolved (run/spec.ts). Error: usage, one line. */
export function parseRunSpec(input: RunSpecInput): RunSpec {
  return parseWith(runSpecSchema, input, SPEC_KEYS);
}

/** A run's options without a prompt (a thread's, before any turn). Error: usage, one line. */
export function parseRunOptions(input: RunOptionsInput): RunOptions {
  return parseWith(runOptionsSchema, input, SPEC_KEYS.filter((key) => key !== "prompt"));
}

/**
 * One run as it happens: yields each normalized event (redacted) as Codex sends it, and returns the
 * RunRecord once the run is over. Bad input and refusals throw from the first `next()` before
 * anything is spawned (usage, refused, interrupted; see DESIGN, "Exit codes"); Codex's own failures
 * are outcomes in the record, not throws. A consumer that stops early (`break`, `return()`) stops
 * Codex: the run is aborted, and everything it acquired is released before the generator finishes.
 */
export async function* runStreamed(input: RunSpecInput, hooks: StreamHooks = {}): AsyncGenerator<NormalizedEvent, RunRecord, undefined> {
  const startedAt = Date.now();
  const spec = parseRunSpec(input);
  const run = await prepareRun(spec, hooks, startedAt);
  let succeeded = false;
  try {
    // A consumer that went away mid-turn stops Codex before the run's home goes.
    const driven = yield* streamOf(
      (push: (event: NormalizedEvent) => void) => driveRun(run, push).finally(() => hooks.onTurnSettled?.()),
      () => run.controller.abort(new Error("the run's consumer stopped reading it")),
    );
    const record = await buildRecord(run, driven);
    succeeded = true;
    return record;
  } finally {
    const failures = await run.controller.release();
    // A failed release is said only when it is the run's one failure (the run's own error wins).
    if (succeeded && failures[0]) throw failures[0];
  }
}

/** One run to its end: drains runStreamed, handing each event to `hooks.onEvent`. Returns the
 *  RunRecord whatever Codex's outcome; throws as runStreamed does. */
export async function runOnce(input: RunSpecInput, hooks: RunHooks = {}): Promise<RunRecord> {
  const { onEvent, ...rest } = hooks;
  const run = runStreamed(input, rest);
  try {
    for (;;) {
      const next = await run.next();
      if (next.done) return next.value;
      onEvent?.(next.value);
    }
  } catch (error) {
    // A callback that threw stops the run as a consumer that went away would (a no-op once it ended).
    await run.return(undefined as never).catch(() => undefined);
    throw error;
  }
}
