// A thread: consecutive turns on one Codex conversation. Each turn is a normal headless run through
// the runner's runStreamed (checks, gate, watchdog, record) that continues the thread (`exec resume`,
// or the kept app-server session); the first turn's run makes the home and, on the mock, the provider
// the thread keeps (once the gate passed), and close() releases them. `run` drains the turn's
// generator as @openai/codex-sdk's Thread does; result shapes follow the SDK where they overlap.
import { AbortError, CodexHeadlessError, CodexRunError } from "../core/errors.js";
import type { RunRecord } from "../run/record.js";
import { parseRunOptions, parseRunSpec, runStreamed, type AppServerHolder, type KeptResources, type RunHooks } from "../run/runner.js";
import { checkTransport } from "../run/check-spec.js";
import { terminalAsker } from "../safety/ask-terminal.js";
import { addUsage, subtractUsage, type NormalizedEvent, type ThreadItem, type Usage } from "../transport/events.js";
import { usageBeforeLatestTurn } from "../home/rollout-usage.js";
import { readTurn, type Input, type ResolvedOptions, type TurnOptions } from "./options.js";

export interface Turn {
  items: ThreadItem[];
  finalResponse: string;
  /** This turn's tokens (all five of the SDK's fields, on both transports); null when the turn
   *  reported none. Differs from the SDK on exec, whose resumed turns report the thread's total. */
  usage: Usage | null;
  /** The thread's running total after this turn, the turns before a resumeThread() included: exec's
   *  own total, app-server's sum of the thread's turns (those before the resume as Codex recorded
   *  them in the thread's rollout). null when no turn reported usage. */
  usageTotal: Usage | null;
  record: RunRecord;
}

type TurnRequest = ReturnType<typeof readTurn>;

export interface StreamedTurn {
  events: AsyncGenerator<NormalizedEvent>;
}

export class Thread {
  private threadId: string | null;
  /** The home and mock provider the first turn's run made (none before a run passed the gate). */
  private readonly kept: KeptResources = {};
  /** The app-server process serving this thread's turns (app-server transport). */
  private readonly appServer: AppServerHolder = {};
  private busy = false;
  private closed = false;
  /** Aborted by close() during a turn: the running turn stops (its Codex process group killed). */
  private closing: AbortController | undefined;
  /** Settles when the running turn has ended. */
  private turnOver: Promise<void> | undefined;
  /** Settles when the running turn's Codex has stopped, read to its end or not (RunHooks.onTurnSettled). */
  private turnSettled: Promise<void> | undefined;
  /** The usage the previous turn's record reported (exec reports the thread's running total). */
  private lastReportedUsage: Usage | undefined;
  /** The thread's running total (see Turn.usageTotal). */
  private usageTotal: Usage | undefined;
  /** Made by resumeThread() and no turn accounted yet: the turns before it are read from Codex's
   *  rollout when the first one is. */
  private unseenHistory: boolean;
  /** The last turn's own usage and the running total after it, as `run` returns them. */
  private accounted: { usage: Usage | undefined; usageTotal: Usage | undefined } | undefined;

  /** This Thread started its conversation with `ephemeral`: Codex kept no rollout of it, so only a
   *  live app-server session can continue it (exec resume, or a restarted server, finds nothing). */
  private readonly startedEphemeral: boolean;

  /** Settles once another Thread of this Codex that served the same thread id has let go of it. */
  private handoff: Promise<void> | undefined;
  /** Folders the caller writes into after each turn (a collaboration's --out): each turn's run refuses
   *  one its sandbox can write or that passes through a planted link (run/guard-locations.ts). */
  private outputs: Array<{ flag: string; path: string }> | undefined;

  /** @internal Folders the caller writes into after each turn, judged by each turn's run. */
  writesAfterTurns(outputs: Array<{ flag: string; path: string }>): this {
    this.outputs = outputs;
    return this;
  }

  /* @internal */
  constructor(
    private readonly options: ResolvedOptions,
    id: string | null = null,
    private readonly hooks: { onThreadId?: (id: string, thread: Thread) => void; handoff?: Promise<void> } = {},
  ) {
    this.threadId = id;
    this.unseenHistory = id !== null;
    this.startedEphemeral = id === null && options.ephemeral === true;
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
    const turn = this.turn(readTurn(input, turnOptions));
    let next = await turn.next();
    for (; !next.done; next = await turn.next()) if (next.value.type === "item.completed") items.push(next.value.item);
    const record = next.value;
    const { usage, usageTotal } = this.accounted ?? { usage: undefined, usageTotal: undefined };
    return { items, finalResponse: record.finalResponse, usage: usage ?? null, usageTotal: usageTotal ?? null, record };
  }

  /** The turn's events as they come; the turn starts when they are first asked for (as the SDK's).
   *  Stopping early (`break`) stops the turn; the thread stays usable. */
  async runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    // Checked here, so a bad input or option rejects runStreamed itself, before anything starts.
    const request = readTurn(input, turnOptions);
    const turn = this.turn(request);
    async function* events(): AsyncGenerator<NormalizedEvent> {
      yield* turn;
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

  /** Adds a successful turn's reported usage to the thread's accounting. Measured on codex 0.169.0:
   *  `exec resume` reports the thread's running total, not the turn's; the turn's share is the
   *  difference from what the previous turn reported. (app-server usage is per turn already.) The
   *  first turn of a Thread made by resumeThread() takes the turns before it from what Codex recorded
   *  (the thread's rollout in the home): exec's turn is then its own share, app-server's total the
   *  thread's. Without a rollout, exec's first resumed turn reports the thread's total as its own. */
  private account(reported: Usage | undefined, transport: RunRecord["transport"], home: string): void {
    if (this.unseenHistory && reported && this.threadId) {
      this.unseenHistory = false;
      const history = usageBeforeLatestTurn(home, this.threadId);
      if (history?.before) {
        this.lastReportedUsage = history.before;
        if (transport !== "exec") this.usageTotal = history.before;
      }
    }
    const usage = reported && transport === "exec" ? subtractUsage(reported, this.lastReportedUsage) : reported;
    this.lastReportedUsage = reported;
    if (reported) this.usageTotal = transport === "exec" ? reported : addUsage(this.usageTotal, reported);
    this.accounted = { usage, usageTotal: this.usageTotal };
  }

  /** Releases the thread's temporary home (unless kept) and its mock provider. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A running turn is stopped first, so its Codex is not left running on a removed home and a
    // stopped provider (on exec it hung, reconnecting, until its time limit). What is awaited is its
    // Codex stopping: a runStreamed consumer that paused ends the turn itself only when it reads on
    // (close() waited 5 s for that, a newcomer trial). The bound stays for a transport that never settles.
    if (this.busy) {
      this.closing?.abort(new Error("the thread was closed"));
      await Promise.race([this.turnOver, this.turnSettled, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    }
    await this.appServer.session?.close();
    await this.appServer.jail?.close();
    delete this.appServer.jail;
    this.kept.home?.release(Boolean(this.options.keepHome));
    await this.kept.mock?.close();
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

  /** One turn through the runner's runStreamed: yields its events, returns its record; throws
   *  AbortError for an aborted turn and CodexRunError for one that did not succeed. */
  private async *turn(request: TurnRequest): AsyncGenerator<NormalizedEvent, RunRecord, undefined> {
    if (this.closed) throw new CodexHeadlessError("usage", "this thread is closed; start or resume another");
    if (this.busy) throw new CodexHeadlessError("usage", "a turn is already running on this thread; wait for it");
    const { signal: callerSignal } = request;
    if (callerSignal?.aborted) throw new AbortError("the turn was aborted before it started", undefined, { cause: callerSignal.reason });
    if (this.threadId && this.startedEphemeral && !this.appServer.session?.alive) {
      throw new CodexHeadlessError(
        "usage",
        (this.options.transport ?? "exec") === "exec"
          ? "an ephemeral thread on exec cannot take another turn: Codex kept no rollout for exec resume to continue (use transport app-server, or ephemeral: false)"
          : "an ephemeral thread whose app-server stopped (an aborted turn) cannot take another turn: Codex kept no rollout to resume (use ephemeral: false)",
      );
    }
    this.busy = true;
    const closing = (this.closing = new AbortController());
    const signal = callerSignal ? AbortSignal.any([callerSignal, closing.signal]) : closing.signal;
    let turnEnded!: () => void;
    this.turnOver = new Promise((resolve) => (turnEnded = resolve));
    let turnSettled!: () => void;
    this.turnSettled = new Promise((resolve) => (turnSettled = resolve));
    const closedMidTurn = "the thread was closed during the turn; Codex's process group was killed";
    try {
      await this.handoff;
      this.handoff = undefined;
      const spec = parseRunSpec(this.spec(request));
      const run = runStreamed(spec, {
        env: this.env(),
        keep: this.kept,
        ...this.approvalHooks(),
        ...(this.outputs ? { outputs: this.outputs } : {}),
        ...(spec.transport === "app-server" ? { appServer: this.appServer } : {}),
        onTurnSettled: turnSettled,
        signal,
      });
      let record: RunRecord;
      try {
        let next = await run.next();
        for (; !next.done; next = await run.next()) {
          const event = next.value;
          if (event.type === "thread.started") {
            this.threadId = event.thread_id;
            this.hooks.onThreadId?.(event.thread_id, this);
          }
          yield event;
        }
        record = next.value;
      } catch (error) {
        // Aborted during the preflight, before Codex started: no record.
        if (signal.aborted && error instanceof CodexHeadlessError && error.code === "interrupted") throw new AbortError(closing.signal.aborted ? closedMidTurn : error.message, undefined, { cause: signal.reason });
        throw error;
      } finally {
        // The consumer stopped reading: the run stops and releases what it holds (a no-op once over).
        await run.return(undefined as never);
      }
      this.threadId ??= record.threadId ?? null;
      // The thread stays usable: the next turn continues it (exec resume; app-server restarts and
      // resumes, as the abort stopped the server).
      if (closing.signal.aborted && record.outcome !== "ok") throw new AbortError(closedMidTurn, record, { cause: closing.signal.reason });
      if (record.outcome === "interrupted" && signal.aborted) throw new AbortError(record.reason ?? "interrupted: the turn was aborted", record, { cause: signal.reason });
      if (record.outcome !== "ok") throw new CodexRunError(record.reason ?? record.outcome, record.outcome, record);
      // Every successful turn counts, run or runStreamed (only run's did: after a streamed turn, the
      // next exec turn reported both as its own, and app-server's total left the streamed one out).
      this.account(record.usage, record.transport, record.home.path);
      return record;
    } finally {
      this.busy = false;
      this.closing = undefined;
      turnEnded();
    }
  }
}
