// The scripted model behaviours (stable names, see DESIGN.md). A scenario looks at the conversation
// Codex sent and answers with one action: a stream of Responses events, an error status, or a fault.
// The action is transport-neutral: sse.ts and websocket.ts encode it for the wire Codex chose.
import { z } from "zod";
import type { Conversation } from "./conversation.js";
import { assistantMessage, functionCall, messageAdded, responseCompleted, responseCreated, textDelta, type ResponseEvent } from "./events.js";

export const SCENARIO_NAMES = [
  "hello",
  "shell",
  "env",
  "write-canary",
  "multi-turn",
  "slow",
  "fault-500",
  "fault-401",
  "fault-429",
  "fault-malformed",
  "fault-cut",
  "fault-no-headers",
  "fault-refuse",
] as const;

export const scenarioNameSchema = z.enum(SCENARIO_NAMES, {
  error: (issue) => `unknown scenario ${JSON.stringify(issue.input)}; expected one of ${SCENARIO_NAMES.join(", ")}`,
});
export type ScenarioName = z.infer<typeof scenarioNameSchema>;

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Options a scenario takes (`--scenario-option key=value`); each scenario reads only its own. */
export const scenarioOptionsSchema = z
  .object({
    /** write-canary: the file to create in the run's working directory. */
    file: z.string().min(1).regex(/^[^/\0]+$/, "must be a plain file name").default("canary.txt"),
    /** shell: the command to run instead of the probe. */
    command: z.string().min(1).optional(),
    /** shell: several commands, asked for one after another in one turn, as a JSON array of strings
     *  (the red-team suite batches its corpus this way); the answer gives every output in order. */
    commands: z
      .string()
      .transform((text, ctx) => {
        const parsed = z.array(z.string().min(1)).min(1).safeParse(jsonOrUndefined(text));
        if (parsed.success) return parsed.data;
        ctx.addIssue({ code: "custom", message: "expected a JSON array of command strings" });
        return z.NEVER;
      })
      .optional(),
    /** Every answer: stream its text in deltas of this many characters before the whole message, as
     *  a real model streams its tokens (Codex's app-server passes each on as an agent message delta). */
    deltas: z.coerce.number().int().min(1).max(100_000).optional(),
    /** slow: delay between streamed chunks, and how many chunks. */
    delayMs: z.coerce.number().int().min(0).max(60_000).default(250),
    chunks: z.coerce.number().int().min(1).max(1000).default(12),
    /** slow: "true" streams the chunks as response.in_progress events before the whole answer (a model
     *  thinking: its bytes arrive, and Codex reports nothing until the answer comes). */
    thinking: z.enum(["true", "false"]).default("false"),
    /** fault-cut: how many attempts to cut before answering normally (default: every attempt). */
    cuts: z.coerce.number().int().min(0).optional(),
    /** env: how many times to run `env` in the one turn before answering (shell snapshot effects). */
    envRuns: z.coerce.number().int().min(1).max(5).default(1),
    /** env: how long the model "thinks" before asking for each later `env` (a real model takes
     *  seconds between tool calls; Codex's shell snapshot may become ready in between). */
    envGapMs: z.coerce.number().int().min(0).max(30_000).default(0),
    /** shell, env: the `login` argument of the command call — true (default, what models send),
     *  false, or omit (left out: Codex's default; with allow_login_shell=false Codex refuses true). */
    login: z.enum(["true", "false", "omit"]).default("true"),
  })
  .strict();
export type ScenarioOptions = z.infer<typeof scenarioOptionsSchema>;

export type MockAction =
  | { kind: "stream"; events: ResponseEvent[]; delayMs?: number; cutAfter?: number }
  | { kind: "status"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "malformed" }
  | { kind: "no-headers" };

export interface ScenarioContext {
  conversation: Conversation;
  options: ScenarioOptions;
  /** 1-based count of requests this mock has served for the scenario (attempts included). */
  attempt: number;
  responseId: string;
}

// Texts the scenarios answer with; tests import these instead of repeating them.
export const HELLO_REPLY = "Hello from the codex-headless mock provider.";
/** The shell probe computes a value (the literal never appears in the command) and asks the OS. */
export const SHELL_PROBE_COMMAND = 'echo "probe:$((6 * 7))"; uname -s';
export const SLOW_CHUNK = "slow ";
/** The text fault-cut streams before it cuts the connection. */
export const CUT_PARTIAL_TEXT = "partial answer, then the stream is cut";

function reply(ctx: ScenarioContext, text: string): MockAction {
  const id = `msg_${ctx.responseId}`;
  const size = ctx.options.deltas;
  const pieces = size ? Array.from({ length: Math.ceil(text.length / size) }, (_, i) => textDelta(id, text.slice(i * size, (i + 1) * size))) : [];
  return {
    kind: "stream",
    events: [responseCreated(ctx.responseId), ...(size ? [messageAdded(id)] : []), ...pieces, assistantMessage(id, text), responseCompleted(ctx.responseId, usageFor(ctx, text))],
  };
}

function runCommand(ctx: ScenarioContext, cmd: string): MockAction {
  const callId = `call_${ctx.responseId}`;
  const login = ctx.options.login === "omit" ? {} : { login: ctx.options.login === "true" };
  return {
    kind: "stream",
    events: [
      responseCreated(ctx.responseId),
      functionCall(`fc_${ctx.responseId}`, callId, "exec_command", { cmd, ...login }),
      responseCompleted(ctx.responseId, usageFor(ctx, cmd)),
    ],
  };
}

// Rough but deterministic token counts so usage reporting can be checked end to end.
function usageFor(ctx: ScenarioContext, output: string) {
  return { input_tokens: 100 + ctx.conversation.latestPrompt.length, output_tokens: Math.max(1, Math.ceil(output.length / 4)) };
}

function afterCommand(ctx: ScenarioContext, cmd: string, answer: (output: string) => string): MockAction {
  const done = ctx.conversation.toolOutputs[0];
  return done ? reply(ctx, answer(done.commandOutput)) : runCommand(ctx, cmd);
}

/** Spreads `gapMs` over the action's events, so the whole response takes about that long. */
function withGap(action: MockAction, gapMs: number): MockAction {
  return action.kind === "stream" && gapMs > 0 ? { ...action, delayMs: Math.ceil(gapMs / action.events.length) } : action;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const scenarios: Record<ScenarioName, (ctx: ScenarioContext) => MockAction> = {
  hello: (ctx) => reply(ctx, HELLO_REPLY),
  shell: (ctx) => {
    const list = ctx.options.commands;
    if (!list) return afterCommand(ctx, ctx.options.command ?? SHELL_PROBE_COMMAND, (out) => `The command printed:\n${out.trimEnd()}`);
    const done = ctx.conversation.toolOutputs;
    if (done.length < list.length) return runCommand(ctx, list[done.length]!);
    return reply(ctx, done.map((output, i) => `[${i}] ${output.commandOutput.trimEnd()}`).join("\n"));
  },
  env: (ctx) =>
    ctx.conversation.toolOutputs.length < ctx.options.envRuns
      ? withGap(runCommand(ctx, "env"), ctx.conversation.toolOutputs.length > 0 ? ctx.options.envGapMs : 0)
      : afterCommand(ctx, "env", (out) => `Captured the tool environment: ${out.split("\n").filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l)).length} variables.`),
  "write-canary": (ctx) =>
    afterCommand(ctx, `printf 'codex-headless canary\\n' > ${shellQuote(ctx.options.file)} && echo wrote`, (out) =>
      out.includes("wrote") ? `Created ${ctx.options.file}.` : `Could not create ${ctx.options.file}: ${out.trim()}`,
    ),
  "multi-turn": (ctx) => reply(ctx, `Turn ${ctx.conversation.prompts.length}: you said ${JSON.stringify(ctx.conversation.latestPrompt)}`),
  slow: (ctx) => {
    const id = `msg_${ctx.responseId}`;
    const chunks = Array.from({ length: ctx.options.chunks }, () => SLOW_CHUNK);
    return {
      kind: "stream",
      delayMs: ctx.options.delayMs,
      events: [
        responseCreated(ctx.responseId),
        ...(ctx.options.thinking === "true" ? chunks.map(() => ({ type: "response.in_progress", response: { id: ctx.responseId } })) : []),
        messageAdded(id),
        ...(ctx.options.thinking === "true" ? [textDelta(id, chunks.join(""))] : chunks.map((chunk) => textDelta(id, chunk))),
        assistantMessage(id, chunks.join("").trimEnd()),
        responseCompleted(ctx.responseId, usageFor(ctx, chunks.join(""))),
      ],
    };
  },
  "fault-500": () => ({ kind: "status", status: 500, body: { error: { message: "mock: internal server error", type: "server_error" } } }),
  "fault-401": () => ({
    kind: "status",
    status: 401,
    body: { error: { message: "mock: incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } },
  }),
  "fault-429": () => ({
    kind: "status",
    status: 429,
    headers: { "retry-after": "0" },
    body: { error: { message: "mock: rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
  }),
  "fault-malformed": () => ({ kind: "malformed" }),
  "fault-cut": (ctx) => {
    if (ctx.options.cuts !== undefined && ctx.attempt > ctx.options.cuts) return reply(ctx, `Answer after ${ctx.options.cuts} cut stream(s).`);
    const id = `msg_${ctx.responseId}`;
    return { kind: "stream", events: [responseCreated(ctx.responseId), messageAdded(id), textDelta(id, CUT_PARTIAL_TEXT)], cutAfter: 3 };
  },
  "fault-no-headers": () => ({ kind: "no-headers" }),
  // Never reached: for fault-refuse the provider URL points at a port nobody listens on.
  "fault-refuse": () => ({ kind: "no-headers" }),
};

export function actFor(name: ScenarioName, ctx: ScenarioContext): MockAction {
  return scenarios[name](ctx);
}

type StreamAction = Extract<MockAction, { kind: "stream" }>;

/** The events of a stream action that are sent (all, or those before the cut). */
export function eventsSent(action: StreamAction): ResponseEvent[] {
  return action.cutAfter === undefined ? action.events : action.events.slice(0, action.cutAfter);
}

/** Plays a stream action through `send`, at once or one event per `delayMs`, then calls `finish`
 *  (the encoding ends or cuts its connection there). Returns a stop function for a closed peer. */
export function streamedEvents(action: StreamAction, send: (event: ResponseEvent) => void, finish: () => void, closed: () => boolean): () => void {
  const events = eventsSent(action);
  if (!action.delayMs) {
    for (const event of events) send(event);
    finish();
    return () => {};
  }
  let index = 0;
  const timer = setInterval(() => {
    if (closed() || index >= events.length) {
      clearInterval(timer);
      if (!closed()) finish();
      return;
    }
    send(events[index++]!);
  }, action.delayMs);
  return () => clearInterval(timer);
}
