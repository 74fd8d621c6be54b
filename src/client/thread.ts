// A thread: consecutive turns on one Codex conversation. It owns its home and, on the mock, its
// provider across turns; each turn is a normal headless run (gate, watchdog, record) that continues
// the thread with `exec resume`. Result shapes follow @openai/codex-sdk where they overlap.
import { AbortError, CodexHeadlessError, CodexRunError } from "../core/errors.js";
import { prepareHome, type PreparedHome } from "../home/prepare.js";
import { startMockProvider, type MockProvider } from "../mock/server.js";
import type { RunRecord } from "../run/record.js";
import { parseRunOptions, parseRunSpec, runOnce, type AppServerHolder, type RunHooks } from "../run/runner.js";
import { checkTransport, readableImages } from "../run/check-spec.js";
import { terminalAsker } from "../safety/ask-terminal.js";
import { addUsage, subtractUsage, type NormalizedEvent, type ThreadItem, type Usage } from "../transport/events.js";
import { readTurn, type Input, type ResolvedOptions, type TurnOptions } from "./options.js";
import { planAuth } from "../home/auth.js";
import { mockAuthCheck } from "../run/mock-auth.js";

export interface Turn {
  items: ThreadItem[];
  finalResponse: string;
  /** This turn's tokens (all five of the SDK's fields, on both transports); null when the turn
   *  reported none. Differs from the SDK on exec, whose resumed turns report the thread's total. */
  usage: Usage | null;
  /** The thread's running total after this turn: exec's own total (which, after resumeThread,
   *  includes the turns before it), app-server's sum of this Thread's turns. null when no turn
   *  reported usage. */
  usageTotal: Usage | null;
  record: RunRecord;
}

type TurnRequest = ReturnType<typeof readTurn>;

export interface StreamedTurn {
  events: AsyncGenerator<NormalizedEvent>;
}

export class Thread {
  private threadId: string | null;
  private home: PreparedHome | undefined;
  private mock: MockProvider | undefined;
  /** The app-server process serving this thread's turns (app-server transport). */
  private readonly appServer: AppServerHolder = {};
  private busy = false;
  private closed = false;
  /** The usage the previous turn's record reported (exec reports the thread's running total). */
  private lastReportedUsage: Usage | undefined;
  /** The thread's running total (see Turn.usageTotal). */
  private usageTotal: Usage | undefined;

  /** Settles once another Thread of this Codex that served the same thread id has let go of it. */
  private handoff: Promise<void> | undefined;

  /* @internal */
  constructor(
    private readonly options: ResolvedOptions,
    id: string | null = null,
    private readonly hooks: { onThreadId?: (id: string, thread: Thread) => void; handoff?: Promise<void> } = {},
  ) {
    this.threadId = id;
    this.handoff = hooks.handoff;
    // Validate now: bad options are the caller's mistake, reported before any turn.
    checkTransport(parseRunOptions(this.runOptions()), this.approvalHooks());
  }

  /** The thread's id; known after the first turn started (or given to resumeThread). */
  get id(): string | null {
    return this.threadId;
  }

  async run(input: Input, turnOptions: TurnOptions = {}): Promise<Turn> {
    const items: ThreadItem[] = [];
    const record = await this.turn(readTurn(input, turnOptions), (event) => {
      if (event.type === "item.completed") items.push(event.item);
    });
    const reported = record.usage;
    // Measured on codex 0.169.0: `exec resume` reports the thread's running total, not the turn's;
    // the turn's share is the difference from what the previous turn reported. (app-server usage is
    // per turn already.) A thread's first turn after resumeThread() has nothing to subtract.
    const usage = reported && record.transport === "exec" ? subtractUsage(reported, this.lastReportedUsage) : reported;
    this.lastReportedUsage = reported;
    if (reported) this.usageTotal = record.transport === "exec" ? reported : addUsage(this.usageTotal, reported);
    return { items, finalResponse: record.finalResponse, usage: usage ?? null, usageTotal: this.usageTotal ?? null, record };
  }

  async runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    const queue: NormalizedEvent[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    let failure: unknown;
    // Checked here, so a bad input or option rejects runStreamed itself, before anything starts.
    const request = readTurn(input, turnOptions);
    const done = this.turn(request, (event) => {
      queue.push(event);
      wake?.();
    })
      .catch((error: unknown) => (failure = error))
      .finally(() => {
        finished = true;
        wake?.();
      });
    async function* events(): AsyncGenerator<NormalizedEvent> {
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift()!;
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      await done;
      if (failure) throw failure;
    }
    return { events: events() };
  }

  /** Stops this thread's app-server process, if any, so another process can resume the thread
   *  (Codex 0.169.0 refuses a resume while a live server holds it: "already has an active writer").
   *  A later turn here starts a server again and resumes, as after an abort. */
  /* @internal */
  async releaseServer(): Promise<void> {
    if (this.busy) return;
    await this.appServer.session?.close();
    await this.appServer.jail?.close();
    delete this.appServer.jail;
  }

  /** Releases the thread's temporary home (unless kept) and its mock provider. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appServer.session?.close();
    await this.appServer.jail?.close();
    delete this.appServer.jail;
    this.home?.release(Boolean(this.options.keepHome));
    await this.mock?.close();
  }

  /** The thread's options as a run takes them (the environment, API key and an approval callback
   *  travel as hooks). */
  private runOptions() {
    const { env: _env, apiKey: _apiKey, onApproval, ...rest } = this.options;
    return { ...rest, ...(typeof onApproval === "string" ? { onApproval } : {}) };
  }

  private spec(request: Pick<TurnRequest, "prompt" | "images" | "outputSchema">) {
    return {
      ...this.runOptions(),
      prompt: request.prompt,
      images: request.images,
      ...(request.outputSchema !== undefined ? { outputSchema: request.outputSchema } : {}),
      ...(this.threadId ? { resumeThreadId: this.threadId } : {}),
    };
  }

  /** The environment Codex starts from: the caller's (else ours), with the SDK's apiKey as
   *  CODEX_API_KEY (as the SDK passes it; the default policy hides *KEY* names from tools). */
  private env(): NodeJS.ProcessEnv {
    const base = this.options.env ?? process.env;
    return this.options.apiKey === undefined ? base : { ...base, CODEX_API_KEY: this.options.apiKey };
  }

  private approvalHooks(): Pick<RunHooks, "onApproval" | "askApproval"> {
    const { onApproval } = this.options;
    if (typeof onApproval === "function") return { onApproval };
    if (onApproval === "ask") {
      const askApproval = terminalAsker();
      return askApproval ? { askApproval } : {};
    }
    return {};
  }

  private async turn(request: TurnRequest, onEvent: (event: NormalizedEvent) => void): Promise<RunRecord> {
    if (this.closed) throw new CodexHeadlessError("usage", "this thread is closed; start or resume another");
    if (this.busy) throw new CodexHeadlessError("usage", "a turn is already running on this thread; wait for it");
    const { signal } = request;
    if (signal?.aborted) throw new AbortError("the turn was aborted before it started", undefined, { cause: signal.reason });
    this.busy = true;
    try {
      await this.handoff;
      this.handoff = undefined;
      const spec = parseRunSpec(this.spec(request));
      // Before the thread's home and provider are set up (runOnce checks again, for its other callers).
      readableImages(spec);
      const env = this.env();
      this.home ??= prepareHome(spec.home, { cwd: spec.cwd, env, keep: Boolean(this.options.keepHome) });
      if (spec.provider === "mock") this.mock ??= await startMockProvider({ scenario: spec.scenario, options: spec.scenarioOptions, ...mockAuthCheck(spec.auth ? planAuth(spec.auth, env) : undefined) });
      const record = await runOnce(spec, {
        env,
        home: this.home,
        ...this.approvalHooks(),
        ...(spec.transport === "app-server" ? { appServer: this.appServer } : {}),
        ...(this.mock ? { mock: this.mock } : {}),
        ...(signal ? { signal } : {}),
        onEvent: (event) => {
          if (event.type === "thread.started") {
            this.threadId = event.thread_id;
            this.hooks.onThreadId?.(event.thread_id, this);
          }
          onEvent(event);
        },
      }).catch((error: unknown) => {
        // Aborted during the preflight, before Codex started: no record.
        if (signal?.aborted && error instanceof CodexHeadlessError && error.code === "interrupted") throw new AbortError(error.message, undefined, { cause: signal.reason });
        throw error;
      });
      this.threadId ??= record.threadId ?? null;
      // The thread stays usable: the next turn continues it (exec resume; app-server restarts and
      // resumes, as the abort stopped the server).
      if (record.outcome === "interrupted" && signal?.aborted) throw new AbortError(record.reason ?? "interrupted: the turn was aborted", record, { cause: signal.reason });
      if (record.outcome !== "ok") throw new CodexRunError(record.reason ?? record.outcome, record.outcome, record);
      return record;
    } finally {
      this.busy = false;
    }
  }
}
