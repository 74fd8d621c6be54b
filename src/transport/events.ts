// The normalized event model. Its shapes follow `codex exec --json` (and so @openai/codex-sdk's
// ThreadEvent), validated at runtime. An event we do not know is kept as `unknown` — drift to
// report, never a crash.
import { z } from "zod";
import { isReconnectMessage } from "../observe/output-rules.js";
import type { Outcome } from "../run/outcome.js";

/** `make()`, called once, on first use. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Token counts, in exec's (and @openai/codex-sdk's) field names. Codex 0.169.0 exec reports all
 *  five; older ones may lack the cache and reasoning fields, which count as 0. */
export const usageSchema = z.lazy(() =>
  z
    .object({
      input_tokens: z.number(),
      cached_input_tokens: z.number().default(0),
      cache_write_input_tokens: z.number().default(0),
      output_tokens: z.number(),
      reasoning_output_tokens: z.number().default(0),
    })
    .loose(),
);
export type Usage = z.infer<typeof usageSchema>;

const USAGE_FIELDS = ["input_tokens", "cached_input_tokens", "cache_write_input_tokens", "output_tokens", "reasoning_output_tokens"] as const;

/** after − before, field by field: a turn's share of a running total. */
export function subtractUsage(after: Usage, before: Usage | undefined): Usage {
  if (!before) return after;
  return Object.fromEntries(USAGE_FIELDS.map((field) => [field, (after[field] ?? 0) - (before[field] ?? 0)])) as Usage;
}

/** a + b, field by field: a running total. */
export function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return { ...b };
  return Object.fromEntries(USAGE_FIELDS.map((field) => [field, (a[field] ?? 0) + (b[field] ?? 0)])) as Usage;
}

// The event schemas are built on their first use (z.lazy), as the RunRecord's are (run/record.ts): a
// CLI run first parses an event once Codex runs (drive.ts builds them right after the spawn, while
// Codex starts), and building them when this module loaded was CPU spent before the spawn.
/** The item shapes by type, built once on first use. */
const itemSchemas = once(() => {
  const base = { id: z.string() };
  return [
    z.object({ ...base, type: z.literal("agent_message"), text: z.string() }).loose(),
    z.object({ ...base, type: z.literal("reasoning"), text: z.string() }).loose(),
    z
      .object({
        ...base,
        type: z.literal("command_execution"),
        command: z.string(),
        aggregated_output: z.string(),
        exit_code: z.number().nullable().optional(),
        status: z.string(),
      })
      .loose(),
    z.object({ ...base, type: z.literal("file_change"), changes: z.array(z.object({ path: z.string(), kind: z.string() }).loose()), status: z.string() }).loose(),
    z.object({ ...base, type: z.literal("error"), message: z.string() }).loose(),
    /** Item types we know by name but do not read field by field. */
    z.object({ ...base, type: z.enum(["mcp_tool_call", "web_search", "todo_list", "plan", "collab_tool_call", "image_view"]) }).loose(),
  ] as const;
});

export const threadItemSchema = z.lazy(() => z.discriminatedUnion("type", itemSchemas()));
export type ThreadItem = z.infer<typeof threadItemSchema>;

/** The known events' shapes, one per type (run/record.ts adds the unknown variant to them). */
export const threadEventOptions = once(
  () =>
    [
      z.object({ type: z.literal("thread.started"), thread_id: z.string() }).loose(),
      z.object({ type: z.literal("turn.started") }).loose(),
      z.object({ type: z.literal("turn.completed"), usage: usageSchema }).loose(),
      z.object({ type: z.literal("turn.failed"), error: z.object({ message: z.string() }).loose() }).loose(),
      z.object({ type: z.literal("item.started"), item: threadItemSchema }).loose(),
      z.object({ type: z.literal("item.updated"), item: threadItemSchema }).loose(),
      z.object({ type: z.literal("item.completed"), item: threadItemSchema }).loose(),
      z.object({ type: z.literal("error"), message: z.string() }).loose(),
      /** A piece of an agent message as the model writes it (app-server only: exec sends none). Streamed
       *  to callers, not kept in records: the completed item carries the whole text. Not an SDK event. */
      z.object({ type: z.literal("item.delta"), item_id: z.string(), delta: z.string() }).loose(),
    ] as const,
);

export const threadEventSchema = z.lazy(() => z.discriminatedUnion("type", threadEventOptions()));
export type KnownEvent = z.infer<typeof threadEventSchema>;

/** The version of the normalized event stream's shapes (`run --json`): raised when an event's shape
 *  changes in a way a reader could trip on. */
export const EVENT_SCHEMA_VERSION = 1;

/** The first line of `run --json`: which schema the lines follow and which Codex produced them, so a
 *  reader can tell drift from a bug. Not a Codex event; the library's streams do not carry it. */
export interface StreamHeader {
  type: "stream.header";
  schema: "codex-headless.events";
  schemaVersion: typeof EVENT_SCHEMA_VERSION;
  codexHeadless: string;
  codex: { version: string; source: string };
}

/** The last line of `run --json` once Codex was started, whatever the run's end: a stream cut by our
 *  timeout or a stall ended after `turn.started` with nothing to say so (a newcomer trial). `outcome`
 *  and `exitCode` are the record's and the process's; `reason` says why a run did not end ok
 *  (redacted, as the record's). Not a Codex event; the library's streams do not carry it. */
export interface StreamEnd {
  type: "stream.end";
  outcome: Outcome;
  exitCode: number;
  reason?: string;
}

/** A line that was JSON but not an event we know, kept whole with why it did not fit. */
export interface UnknownEvent {
  type: "unknown";
  raw: unknown;
  reason: string;
}

export type NormalizedEvent = KnownEvent | UnknownEvent;

export function normalizeEvent(raw: unknown): NormalizedEvent {
  const parsed = threadEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const type = typeof raw === "object" && raw && "type" in raw ? String((raw as { type: unknown }).type) : "(none)";
  return { type: "unknown", raw, reason: `event type ${type}: ${parsed.error.issues[0]?.message ?? "does not match"}` };
}

/** Builds the event schemas now (a first parse), so that Codex's first event does not wait for them:
 *  called once Codex is spawned (run/drive.ts). Changes nothing. */
export function warmEventSchemas(): void {
  normalizeEvent({ type: "turn.started" });
}

/** Parses one stdout line. Non-JSON lines are not events; the caller keeps them as noise. */
export function parseEventLine(line: string): NormalizedEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    return normalizeEvent(JSON.parse(trimmed));
  } catch {
    return undefined;
  }
}

/** Codex reports a transient reconnect as an `error` event; it is not progress and not final. */
export function isReconnectNotice(event: NormalizedEvent): boolean {
  return event.type === "error" && isReconnectMessage(event.message);
}
