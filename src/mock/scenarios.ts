// The scripted model behaviours (stable names, see DESIGN.md). A scenario looks at the conversation
// Codex sent and answers with one action: a stream of Responses events, an error status, or a fault.
// The action is transport-neutral: sse.ts and websocket.ts encode it for the wire Codex chose.
import { z } from "zod";
import { usageError } from "../core/errors.js";
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

/** A whole-number option, said in one line whatever is wrong with it ("abc", "0", "1.5"): zod's own
 *  words were "Invalid input: expected number, received NaN". */
function wholeNumber(min: number, max?: number) {
  const message = `expected a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`;
  const number = z.coerce.number({ error: message }).int(message).min(min, message);
  return max === undefined ? number : number.max(max, message);
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
    deltas: wholeNumber(1, 100_000).optional(),
    /** slow: delay between streamed chunks, and how many chunks. */
    delayMs: wholeNumber(0, 60_000).default(250),
    chunks: wholeNumber(1, 1000).default(12),
    /** slow: "true" streams the chunks as response.in_progress events before the whole answer (a model
     *  thinking: its bytes arrive, and Codex reports nothing until the answer comes). */
    thinking: z.enum(["true", "false"]).default("false"),
    /** fault-cut: how many attempts to cut before answering normally (default: every attempt). */
    cuts: wholeNumber(0).optional(),
    /** env: how many times to run `env` in the one turn before answering (shell snapshot effects). */
    envRuns: wholeNumber(1, 5).default(1),
    /** env: how long the model "thinks" before asking for each later `env` (a real model takes
     *  seconds between tool calls; Codex's shell snapshot may become ready in between). */
    envGapMs: wholeNumber(0, 30_000).default(0),
    /** shell, env: the `login` argument of the command call — true (default, what models send),
     *  false, or omit (left out: Codex's default; with allow_login_shell=false Codex refuses true, so
     *  there a run defaults to omit and refuses true: run/spec.ts). */
    login: z.enum(["true", "false", "omit"]).default("true"),
  })
  .strict();
export type ScenarioOptions = z.infer<typeof scenarioOptionsSchema>;

export type MockAction =
  | { kind: "stream"; events: ResponseEvent[]; delayMs?: number; cutAfter?: number }
  | { kind: "status"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "malformed" }
  | { kind: "no-headers" };

export type ScenarioOptionName = keyof ScenarioOptions;
export const SCENARIO_OPTION_NAMES = scenarioOptionsSchema.keyof().options;

/** What a scenario sees; `K` names the options it may read, so each definition below declares its
 *  options and the compiler holds it (and the helpers it calls) to them. */
export interface ScenarioContext<K extends ScenarioOptionName = ScenarioOptionName> {
  conversation: Conversation;
  /** Every option it reads is a key here (undefined when not given and without a default), so a
   *  helper's demand for one cannot be met by a definition that did not declare it. */
  options: { readonly [P in K]: ScenarioOptions[P] };
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

function reply(ctx: ScenarioContext<"deltas">, text: string): MockAction {
  const id = `msg_${ctx.responseId}`;
  const size = ctx.options.deltas;
  const pieces = size ? Array.from({ length: Math.ceil(text.length / size) }, (_, i) => textDelta(id, text.slice(i * size, (i + 1) * size))) : [];
  return {
    kind: "stream",
    events: [responseCreated(ctx.responseId), ...(size ? [messageAdded(id)] : []), ...pieces, assistantMessage(id, text), responseCompleted(ctx.responseId, usageFor(ctx, text))],
  };
}

function runCommand(ctx: ScenarioContext<"login">, cmd: string): MockAction {
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
function usageFor(ctx: ScenarioContext<never>, output: string) {
  return { input_tokens: 100 + ctx.conversation.latestPrompt.length, output_tokens: Math.max(1, Math.ceil(output.length / 4)) };
}

function afterCommand(ctx: ScenarioContext<"deltas" | "login">, cmd: string, answer: (output: string) => string): MockAction {
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

interface Scenario {
  /** The options it reads: the only ones `--scenario-option` may give it. */
  reads: readonly ScenarioOptionName[];
  act: (ctx: ScenarioContext) => MockAction;
}

/** A scenario that reads only `reads`: its `act` sees those options and no others. */
function scenario<const K extends ScenarioOptionName>(reads: readonly K[], act: (ctx: ScenarioContext<K>) => MockAction): Scenario {
  return { reads, act };
}

const scenarios: Record<ScenarioName, Scenario> = {
  hello: scenario(["deltas"], (ctx) => reply(ctx, HELLO_REPLY)),
  shell: scenario(["command", "commands", "login", "deltas"], (ctx) => {
    const list = ctx.options.commands;
    if (!list) return afterCommand(ctx, ctx.options.command ?? SHELL_PROBE_COMMAND, (out) => `The command printed:\n${out.trimEnd()}`);
    const done = ctx.conversation.toolOutputs;
    if (done.length < list.length) return runCommand(ctx, list[done.length]!);
    return reply(ctx, done.map((output, i) => `[${i}] ${output.commandOutput.trimEnd()}`).join("\n"));
  }),
  env: scenario(["envRuns", "envGapMs", "login", "deltas"], (ctx) =>
    ctx.conversation.toolOutputs.length < ctx.options.envRuns
      ? withGap(runCommand(ctx, "env"), ctx.conversation.toolOutputs.length > 0 ? ctx.options.envGapMs : 0)
      : afterCommand(ctx, "env", (out) => `Captured the tool environment: ${out.split("\n").filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l)).length} variables.`),
  ),
  "write-canary": scenario(["file", "login", "deltas"], (ctx) =>
    afterCommand(ctx, `printf 'codex-headless canary\\n' > ${shellQuote(ctx.options.file)} && echo wrote`, (out) =>
      out.includes("wrote") ? `Created ${ctx.options.file}.` : `Could not create ${ctx.options.file}: ${out.trim()}`,
    ),
  ),
  "multi-turn": scenario(["deltas"], (ctx) => reply(ctx, `Turn ${ctx.conversation.prompts.length}: you said ${JSON.stringify(ctx.conversation.latestPrompt)}`)),
  slow: scenario(["delayMs", "chunks", "thinking"], (ctx) => {
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
  }),
  "fault-500": scenario([], () => ({ kind: "status", status: 500, body: { error: { message: "mock: internal server error", type: "server_error" } } })),
  "fault-401": scenario([], () => ({
    kind: "status",
    status: 401,
    body: { error: { message: "mock: incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } },
  })),
  "fault-429": scenario([], () => ({
    kind: "status",
    status: 429,
    headers: { "retry-after": "0" },
    body: { error: { message: "mock: rate limit reached", type: "requests", code: "rate_limit_exceeded" } },
  })),
  "fault-malformed": scenario([], () => ({ kind: "malformed" })),
  "fault-cut": scenario(["cuts", "deltas"], (ctx) => {
    if (ctx.options.cuts !== undefined && ctx.attempt > ctx.options.cuts) return reply(ctx, `Answer after ${ctx.options.cuts} cut stream(s).`);
    const id = `msg_${ctx.responseId}`;
    return { kind: "stream", events: [responseCreated(ctx.responseId), messageAdded(id), textDelta(id, CUT_PARTIAL_TEXT)], cutAfter: 3 };
  }),
  "fault-no-headers": scenario([], () => ({ kind: "no-headers" })),
  // Never reached: for fault-refuse the provider URL points at a port nobody listens on.
  "fault-refuse": scenario([], () => ({ kind: "no-headers" })),
};

/** The options each scenario reads, from the definitions above (`--help`, error messages). */
export function scenarioOptionsOf(name: ScenarioName): readonly ScenarioOptionName[] {
  return scenarios[name].reads;
}

/** For `--help`: the options each scenario reads, one scenario a line (those that read none left out). */
export function scenarioOptionsHelp(): string {
  const lines = SCENARIO_NAMES.filter((name) => scenarios[name].reads.length).map((name) => `  ${name}: ${scenarios[name].reads.join(", ")}`);
  return `\nScenario options (--scenario-option KEY=VALUE; another is refused):\n${lines.join("\n")}\n`;
}

/** `given` checked against what scenario `name` reads, then parsed: an option the scenario would
 *  ignore is bad input, as is a value of the wrong kind. */
export function parseScenarioOptions(name: ScenarioName, given: Readonly<Record<string, unknown>>): ScenarioContext["options"] {
  const reads = scenarioOptionsOf(name);
  const known = `scenario ${name} reads ${reads.length ? `only ${reads.join(", ")}` : "none"}`;
  for (const key of Object.keys(given)) {
    if (!(reads as readonly string[]).includes(key)) {
      const what = (SCENARIO_OPTION_NAMES as readonly string[]).includes(key) ? known : `no scenario has it; ${known}`;
      throw usageError(`scenario option ${key}: ${what}`, { scenario: name, option: key, known: [...reads] });
    }
  }
  const parsed = scenarioOptionsSchema.safeParse(given);
  if (parsed.success) return Object.fromEntries(SCENARIO_OPTION_NAMES.map((key) => [key, parsed.data[key]])) as ScenarioContext["options"];
  const issue = parsed.error.issues[0]!;
  throw usageError(`scenario option ${issue.path.join(".")}: ${issue.message}`, { scenario: name, option: issue.path.join(".") });
}

export function actFor(name: ScenarioName, ctx: ScenarioContext): MockAction {
  return scenarios[name].act(ctx);
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
