// Maps app-server notifications onto the normalized event model (the shapes of `codex exec --json`),
// so records, judging and callers do not care which transport ran. The protocol's types are generated
// from the installed binary at build time; the zod schemas below check at runtime the few fields we
// read, and the compile-time checks make a Codex upgrade that renames one of them fail the build.
import { z } from "zod";
import type { ThreadItem as V2ThreadItem } from "../codex/generated/v2/ThreadItem.js";
import type { TokenUsageBreakdown } from "../codex/generated/v2/TokenUsageBreakdown.js";
import type { TurnCompletedNotification } from "../codex/generated/v2/TurnCompletedNotification.js";
import type { ErrorNotification } from "../codex/generated/v2/ErrorNotification.js";
import type { AgentMessageDeltaNotification } from "../codex/generated/v2/AgentMessageDeltaNotification.js";
import { SERVER_NOTIFICATION_METHODS } from "../codex/generated/methods.js";
import { normalizeEvent, subtractUsage, type NormalizedEvent, type Usage } from "./events.js";
import { reconnectMessage } from "../observe/output-rules.js";

/** Fails to compile when A is not assignable to B. */
type Assert<T extends true> = T;
type Fits<A, B> = [A] extends [B] ? true : false;

const itemSchema = z.object({ type: z.string(), id: z.string() }).loose();
const itemNotificationSchema = z.object({ item: itemSchema, threadId: z.string(), turnId: z.string() }).loose();
const turnSchema = z.object({ id: z.string(), status: z.string(), error: z.object({ message: z.string() }).loose().nullable() }).loose();
const turnNotificationSchema = z.object({ threadId: z.string(), turn: turnSchema }).loose();
const threadStartedSchema = z.object({ thread: z.object({ id: z.string() }).loose() }).loose();
const errorNotificationSchema = z.object({ error: z.object({ message: z.string() }).loose(), willRetry: z.boolean() }).loose();
const breakdownSchema = z.object({ inputTokens: z.number(), cachedInputTokens: z.number(), cacheWriteInputTokens: z.number(), outputTokens: z.number(), reasoningOutputTokens: z.number() }).loose();
const tokenUsageSchema = z.object({ threadId: z.string(), turnId: z.string(), tokenUsage: z.object({ total: breakdownSchema }).loose() }).loose();
const warningSchema = z.object({ message: z.string() }).loose();
// configWarning and deprecationNotice say it as a summary with optional details, not as a message.
const summarySchema = z.object({ summary: z.string(), details: z.string().nullish() }).loose();
const agentDeltaSchema = z.object({ itemId: z.string(), delta: z.string() }).loose();

export type _TurnFits = Assert<Fits<TurnCompletedNotification, z.infer<typeof turnNotificationSchema>>>;
export type _ErrorFits = Assert<Fits<ErrorNotification, z.infer<typeof errorNotificationSchema>>>;
export type _AgentDeltaFits = Assert<Fits<AgentMessageDeltaNotification, z.infer<typeof agentDeltaSchema>>>;
export type _BreakdownFits = Assert<Fits<TokenUsageBreakdown, z.infer<typeof breakdownSchema>>>;

/** What our transports read from the app-server protocol: the methods whose payloads they parse or
 *  send, and those payloads' types by their schema names. A Codex release that changes one of these
 *  breaks a parser (`lab --compare` ranks it first). Kept beside the parsers it describes. */
export const PARSED_PROTOCOL = {
  methods: ["initialize", "thread/start", "thread/resume", "turn/start", "turn/interrupt", "thread/started", "turn/started", "item/started", "item/completed", "thread/tokenUsage/updated", "turn/completed", "error", "warning", "configWarning", "deprecationNotice", "item/agentMessage/delta", "item/commandExecution/requestApproval", "item/fileChange/requestApproval", "applyPatchApproval", "execCommandApproval"],
  types: ["InitializeParams", "InitializeResponse", "ThreadStartParams", "ThreadStartResponse", "ThreadResumeParams", "ThreadResumeResponse", "TurnStartParams", "TurnStartResponse", "TurnInterruptParams", "ThreadStartedNotification", "Thread", "TurnStartedNotification", "ItemStartedNotification", "ItemCompletedNotification", "ThreadItem", "ThreadTokenUsageUpdatedNotification", "ThreadTokenUsage", "TokenUsageBreakdown", "TurnCompletedNotification", "Turn", "TurnError", "ErrorNotification", "WarningNotification", "ConfigWarningNotification", "DeprecationNoticeNotification", "AgentMessageDeltaNotification", "CommandExecutionRequestApprovalParams", "CommandExecutionRequestApprovalResponse", "FileChangeRequestApprovalParams", "FileChangeRequestApprovalResponse"],
} as const;

const KNOWN_NOTIFICATIONS: ReadonlySet<string> = new Set(SERVER_NOTIFICATION_METHODS);

function snakeStatus(status: string): string {
  return status.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** One v2 thread item in exec's shape; undefined for items exec never reports (the user's message). */
export function execItemOf(item: V2ThreadItem): Record<string, unknown> | undefined {
  switch (item.type) {
    case "userMessage":
      return undefined;
    case "agentMessage":
      return { id: item.id, type: "agent_message", text: item.text };
    case "reasoning":
      return { id: item.id, type: "reasoning", text: (item.summary.length > 0 ? item.summary : item.content).join("\n\n") };
    case "commandExecution":
      return {
        id: item.id,
        type: "command_execution",
        command: item.command,
        aggregated_output: item.aggregatedOutput ?? "",
        exit_code: item.exitCode,
        status: snakeStatus(item.status),
      };
    case "fileChange":
      return { id: item.id, type: "file_change", changes: item.changes.map((change) => ({ path: change.path, kind: change.kind.type })), status: snakeStatus(item.status) };
    case "mcpToolCall":
      return { id: item.id, type: "mcp_tool_call", server: item.server, tool: item.tool, status: snakeStatus(item.status) };
    case "webSearch":
      return { id: item.id, type: "web_search", query: item.query };
    case "plan":
      return { id: item.id, type: "plan", text: item.text };
    case "imageView":
      return { id: item.id, type: "image_view", path: item.path };
    case "collabAgentToolCall":
      return { id: item.id, type: "collab_tool_call" };
    default:
      // An item type exec has no equivalent for: kept whole as drift to report.
      return { id: item.id, type: `app-server:${item.type}` };
  }
}

function toUsage(breakdown: z.infer<typeof breakdownSchema>): Usage {
  return {
    input_tokens: breakdown.inputTokens,
    cached_input_tokens: breakdown.cachedInputTokens,
    cache_write_input_tokens: breakdown.cacheWriteInputTokens,
    output_tokens: breakdown.outputTokens,
    reasoning_output_tokens: breakdown.reasoningOutputTokens,
  };
}

export type MappedNotification =
  /** Normalized events for the caller (may be empty: a known notification with nothing to report). */
  | { kind: "events"; events: NormalizedEvent[]; progress: boolean }
  /** A method this Codex version's schema does not list: protocol drift. */
  | { kind: "drift"; event: NormalizedEvent };

function drift(method: string, params: unknown, reason: string): MappedNotification {
  return { kind: "drift", event: { type: "unknown", raw: { method, params }, reason } };
}

function parsed<T>(schema: z.ZodType<T>, method: string, params: unknown): T | MappedNotification {
  const result = schema.safeParse(params);
  return result.success ? result.data : drift(method, params, `app-server ${method}: ${result.error.issues[0]?.message ?? "unexpected shape"}`);
}

/** True when parsing failed and the value is the drift report instead of the params. */
const isDrift = (value: unknown): value is MappedNotification => typeof value === "object" && value !== null && "kind" in value && (value as { kind: unknown }).kind === "drift";

/**
 * Turns a thread's notification stream into normalized events. Stateful: usage per turn is the
 * thread's running total at turn end minus the total when the turn began (the protocol reports
 * per-request `last` and cumulative `total`, not per-turn figures).
 */
export class NotificationMapper {
  private totalAtTurnStart: Usage | undefined;
  private total: Usage | undefined;
  private warnings = 0;

  /** The thread's running token total, as Codex last reported it (undefined before any report). */
  get threadTotal(): Usage | undefined {
    return this.total;
  }

  map(method: string, params: unknown): MappedNotification {
    const events = (list: NormalizedEvent[], progress = true): MappedNotification => ({ kind: "events", events: list, progress });
    switch (method) {
      case "thread/started": {
        const p = parsed(threadStartedSchema, method, params);
        return isDrift(p) ? p : events([normalizeEvent({ type: "thread.started", thread_id: p.thread.id })]);
      }
      case "turn/started":
        this.totalAtTurnStart = this.total;
        return events([normalizeEvent({ type: "turn.started" })]);
      case "item/started":
      case "item/completed": {
        const p = parsed(itemNotificationSchema, method, params);
        if (isDrift(p)) return p;
        const item = execItemOf(p.item as V2ThreadItem);
        if (!item) return events([]);
        // exec reports messages and reasoning only once complete (measured on 0.169.0); so do we.
        if (method === "item/started" && (item.type === "agent_message" || item.type === "reasoning")) return events([]);
        return events([normalizeEvent({ type: method === "item/started" ? "item.started" : "item.completed", item })]);
      }
      case "thread/tokenUsage/updated": {
        const p = parsed(tokenUsageSchema, method, params);
        if (isDrift(p)) return p;
        this.total = toUsage(p.tokenUsage.total);
        return events([]);
      }
      case "turn/completed": {
        const p = parsed(turnNotificationSchema, method, params);
        if (isDrift(p)) return p;
        if (p.turn.status === "completed") {
          return events([normalizeEvent({ type: "turn.completed", usage: subtractUsage(this.total ?? { input_tokens: 0, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 }, this.totalAtTurnStart) })]);
        }
        const message = p.turn.error?.message ?? `turn ${p.turn.status}`;
        return events([normalizeEvent({ type: "turn.failed", error: { message } })]);
      }
      case "error": {
        const p = parsed(errorNotificationSchema, method, params);
        if (isDrift(p)) return p;
        // exec reports a retry as "Reconnecting... N/M (reason)"; willRetry says the same here, and a
        // retry is waiting, not progress.
        return events([normalizeEvent({ type: "error", message: p.willRetry ? reconnectMessage(p.error.message) : p.error.message })], !p.willRetry);
      }
      case "warning":
      case "configWarning":
      case "deprecationNotice": {
        // exec turns these into error items; so do we, so both transports show the same noise.
        const p = warningSchema.safeParse(params);
        const q = summarySchema.safeParse(params);
        const message = p.success ? p.data.message : q.success ? [q.data.summary, q.data.details].filter(Boolean).join(" ") : JSON.stringify(params);
        this.warnings += 1;
        return events([normalizeEvent({ type: "item.completed", item: { id: `app-server-${method}-${this.warnings}`, type: "error", message } })], false);
      }
      case "item/agentMessage/delta": {
        const p = parsed(agentDeltaSchema, method, params);
        if (isDrift(p)) return p;
        return events([normalizeEvent({ type: "item.delta", item_id: p.itemId, delta: p.delta })]);
      }
      case "item/reasoning/textDelta":
      case "item/reasoning/summaryTextDelta":
      case "item/commandExecution/outputDelta":
      case "item/fileChange/outputDelta":
        return events([]);
      default:
        if (KNOWN_NOTIFICATIONS.has(method)) return events([], false);
        return drift(method, params, `app-server notification ${method} is not in this Codex version's schema`);
    }
  }
}
