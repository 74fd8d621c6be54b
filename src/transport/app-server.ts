// The app-server transport: one `codex app-server` process (JSON-RPC over stdio) serves many turns of
// a thread. Its stdin is the control channel, so it stays open while the session lives and is closed
// on close(); the process has its own group and is killed as one on a timeout, an abort or a crash.
// Each turn is a Transport (turn.ts) driven by the one boundedTurn, as an exec run is, and yields the
// same result shape.
import type { ClientInfo } from "../codex/generated/ClientInfo.js";
import type { InitializeParams } from "../codex/generated/InitializeParams.js";
import type { ThreadResumeParams } from "../codex/generated/v2/ThreadResumeParams.js";
import type { ThreadStartParams } from "../codex/generated/v2/ThreadStartParams.js";
import type { TurnStartParams } from "../codex/generated/v2/TurnStartParams.js";
import type { TurnInterruptParams } from "../codex/generated/v2/TurnInterruptParams.js";
import type { JsonValue } from "../codex/generated/serde_json/JsonValue.js";
import type { CommandExecutionRequestApprovalParams } from "../codex/generated/v2/CommandExecutionRequestApprovalParams.js";
import type { FileChangeRequestApprovalParams } from "../codex/generated/v2/FileChangeRequestApprovalParams.js";
import type { ExecCommandApprovalParams } from "../codex/generated/ExecCommandApprovalParams.js";
import type { ApplyPatchApprovalParams } from "../codex/generated/ApplyPatchApprovalParams.js";
import { SERVER_REQUEST_METHODS } from "../codex/generated/methods.js";
import type { ApprovalQuestion, BrokerDecision } from "../codex/approvals.js";
import { normalizeEvent, type NormalizedEvent, type Usage } from "./events.js";
import type { ApprovalPolicy, SandboxMode } from "../codex/vocabulary.js";
import { NotificationMapper } from "./app-server-events.js";
import { JsonRpcConnection, JsonRpcError, METHOD_NOT_FOUND, RpcHandlerError } from "./jsonrpc.js";
import { readLines } from "./jsonl.js";
import { settleStreams, spawnGroup, type ChildExit, type GroupChild } from "../process/spawn.js";
import { boundedTurn, type SignsOfLife, type Transport, type TurnBounds, type TurnResult } from "./turn.js";

export interface AppServerLaunch {
  /** Codex, or a shell or wrapper that execs it (see launch/). */
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface ThreadSettings {
  cwd: string;
  sandbox?: SandboxMode;
  approval?: ApprovalPolicy;
  ephemeral?: boolean;
  /** Resume this thread (by id, from the home's rollouts) instead of starting one. */
  resumeThreadId?: string;
}

export interface TurnInvocation extends TurnBounds {
  prompt: string;
  /** Image files attached to the prompt (absolute paths), sent as localImage items after the text. */
  images?: string[];
  /** A JSON Schema the turn's final message must follow. */
  outputSchema?: unknown;
  /** Answers Codex's approval requests (the broker). Without it every request is declined. */
  approve?: (question: ApprovalQuestion) => Promise<BrokerDecision>;
  /** A server request nobody answers (user input, elicitation, ...). */
  onUnanswered?: (method: string) => void;
  /** Called on each token-usage update during the turn with the thread's running total
   *  (`thread/tokenUsage/updated`), so a budget can act mid-turn. Codex 0.169.0 sends one per model
   *  response, once the commands that response asked for have finished (measured by test/pool). */
  onUsage?: (threadTotal: Usage) => void;
  /** When aborted, the turn is interrupted (`turn/interrupt`) and the server stays up for the next
   *  one; unlike `signal`, which kills the server. */
  interrupt?: AbortSignal;
}

/** A turn's result: the exec result shape, plus whether the server is still there for the next turn. */
export interface SessionTurnResult extends TurnResult {
  processAlive: boolean;
}

export const APP_SERVER_CLIENT: ClientInfo = { name: "codex-headless", title: "codex-headless", version: "0.1.0" };

/** The argv after the Codex binary: `app-server` and the run's `-c` overrides. */
export function buildAppServerArgs(configOverrides: string[]): string[] {
  return ["app-server", ...configOverrides];
}

type Pending<T> = { promise: Promise<T>; resolve(value: T): void };
function deferred<T>(): Pending<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface ActiveTurn {
  /** The turn's transport: what the server says during the turn goes to its callbacks. */
  transport: Transport;
  ended: Pending<"completed">;
  invocation: TurnInvocation;
  /** The turn's thread's working directory: a pool lane's server serves threads in other folders than
   *  the one it was launched in (red team 27: a patch was judged against the lane's first task's). */
  cwd: string;
}

const KNOWN_SERVER_REQUESTS: ReadonlySet<string> = new Set(SERVER_REQUEST_METHODS);

/** Notifications nothing here reads: the mapper gives them no event and they are no sign of life
 *  (app-server-events.ts). Codex is asked not to send them (initialize's optOutNotificationMethods,
 *  codex-rs/app-server-protocol InitializeCapabilities): they were 3 of a one-turn task's 14 lines,
 *  each read, parsed and mapped (measured on 0.171.0, a pool task on a warm lane). */
export const OPTED_OUT_NOTIFICATIONS: readonly string[] = ["thread/status/changed", "account/rateLimits/updated"];

/** How long the server gets to exit by itself once its stdin is ended (it flushes its state and
 *  exits on EOF) before the staged stop (SIGTERM, STOP_GRACE_MS, SIGKILL) begins. Not a kill grace:
 *  a server stopped here loses nothing, one stopped by a signal may. */
const CLOSE_ON_EOF_MS = 3000;

export class AppServerSession {
  private readonly child: GroupChild;
  private readonly rpc: JsonRpcConnection;
  /** Per thread: its usage arithmetic starts again with each new thread (startNewThread). */
  private mapper = new NotificationMapper();
  private readonly streamsDone: Promise<void>;
  private exit: ChildExit | undefined;
  private initialized = false;
  private threadIdValue: string | undefined;
  /** The running turn's id (turn/start's answer, or turn/started), for turn/interrupt. */
  private turnIdValue: string | undefined;
  private interruptWanted = false;
  private interruptSent = false;
  private appliedValue: { approvalPolicy: unknown; sandbox: unknown } | undefined;
  /** Events and stderr that arrived between turns; they belong to the next turn's result. */
  private carryEvents: NormalizedEvent[] = [];
  private carryStderr: string[] = [];
  private stdoutNoise: string[] = [];
  private active: ActiveTurn | undefined;
  /** File paths of file-change items, by item id: approval requests name the item, not the files. */
  private readonly fileChangePaths = new Map<string, string[]>();
  private busy = false;
  private threadAnnounced = false;
  private readonly beforeThread: NormalizedEvent[] = [];
  /** How many notifications of each method the server sent (diagnostics and tests). */
  readonly notificationsByMethod = new Map<string, number>();

  /**
   * @param signsOfLife bytes from the model provider through the tap Codex was pointed at; the session
   *   owns it (closed with the session), since the server's argv names it for the session's life.
   */
  constructor(
    private readonly launch: AppServerLaunch,
    private readonly signsOfLife?: SignsOfLife & { close(): Promise<void> },
  ) {
    this.child = spawnGroup(launch.command, launch.args, { cwd: launch.cwd, env: launch.env, keepStdin: true, dieWithParent: true });
    this.rpc = new JsonRpcConnection(this.child.child.stdin!, {
      onNotification: (method, params) => this.onNotification(method, params),
      onRequest: (method, params) => this.onServerRequest(method, params),
      onInvalid: (line) => {
        if (line.trim()) this.stdoutNoise.push(line);
      },
    });
    const stdoutDone = readLines(this.child.stdout, (line) => this.rpc.receive(line));
    const stderrDone = readLines(this.child.stderr, (line) => {
      if (!this.active) {
        this.carryStderr.push(line);
        return;
      }
      this.active.transport.onstderr?.(line);
    });
    this.streamsDone = Promise.all([stdoutDone, stderrDone]).then(() => undefined);
    void this.child.exited.then((exit) => {
      this.exit = exit;
      this.rpc.close(exit.spawnError ? `could not start Codex: ${exit.spawnError.message}` : `codex app-server exited (${exit.signal ?? `code ${String(exit.code)}`})`);
      this.active?.ended.resolve("completed");
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get threadId(): string | undefined {
    return this.threadIdValue;
  }

  /** What Codex says it applied to the thread (thread/start's answer): the effective approval policy
   *  and sandbox type, whatever spelling of config produced them. */
  get applied(): { approvalPolicy: unknown; sandbox: unknown } | undefined {
    return this.appliedValue;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The next turn starts a new thread on this server instead of continuing the current one (a pool's
   *  next task). Events and stderr left over from the previous thread are dropped with it. Error: a
   *  turn is running. */
  startNewThread(): void {
    if (this.busy) throw new Error("app-server session: a turn is running; a new thread starts between turns");
    this.threadIdValue = undefined;
    this.appliedValue = undefined;
    this.threadAnnounced = false;
    this.beforeThread.length = 0;
    this.carryEvents = [];
    this.carryStderr = [];
    this.fileChangePaths.clear();
    this.mapper = new NotificationMapper();
  }

  /**
   * Runs one turn on the session's thread, starting (or resuming) the thread first if needed. Never
   * throws for Codex's failures: they come back in the result, judged like an exec run's.
   */
  async runTurn(thread: ThreadSettings, invocation: TurnInvocation): Promise<SessionTurnResult> {
    if (this.busy) throw new Error("app-server session: a turn is already running");
    this.busy = true;
    this.hold(true);
    try {
      const signsOfLife = invocation.signsOfLife ?? this.signsOfLife;
      const result = await boundedTurn(this.turnTransport(thread, invocation), { ...invocation, ...(signsOfLife ? { signsOfLife } : {}) });
      return { ...result, processAlive: result.processAlive ?? this.alive };
    } finally {
      this.busy = false;
      this.hold(false);
    }
  }

  /** One turn on this server as a Transport: start sends it (starting the thread first if needed),
   *  close kills the server, finish says what is left of it. */
  private turnTransport(thread: ThreadSettings, invocation: TurnInvocation): Transport {
    let turn: ActiveTurn | undefined;
    // A budget's interrupt (pool/budget.ts): turn/interrupt once the turn's id is known.
    const onInterrupt = () => {
      this.interruptWanted = true;
      this.sendInterrupt();
    };
    const transport: Transport = {
      start: async () => {
        const active: ActiveTurn = { transport, ended: deferred(), invocation, cwd: thread.cwd };
        turn = active;
        this.active = active;
        this.turnIdValue = undefined;
        this.interruptWanted = false;
        this.interruptSent = false;
        if (invocation.interrupt?.aborted) onInterrupt();
        invocation.interrupt?.addEventListener("abort", onInterrupt, { once: true });
        for (const line of this.carryStderr.splice(0)) transport.onstderr?.(line);
        // exec announces the thread at the start of every turn (each is a process of its own, `exec
        // resume` after the first); a later turn on this server does the same, for one event model.
        if (this.threadAnnounced && this.threadIdValue) this.emit(active, normalizeEvent({ type: "thread.started", thread_id: this.threadIdValue }));
        for (const event of this.carryEvents.splice(0)) this.deliver(active, event);
        void this.drive(thread, active)
          .then(
            () => active.ended.promise,
            (error: unknown) => {
              // A refused request (unknown thread id, bad params): the turn is over; report it as Codex's
              // error, the way exec prints one. If the server died instead, its stderr says why, better
              // than "connection closed" would.
              if (this.alive || !(error instanceof JsonRpcError)) {
                const message = error instanceof Error ? error.message : String(error);
                this.deliver(active, normalizeEvent({ type: "error", message }));
              }
            },
          )
          .then(() => transport.onclose?.());
      },
      close: async () => {
        await this.kill();
      },
      finish: async () => {
        invocation.interrupt?.removeEventListener("abort", onInterrupt);
        if (turn) this.releaseHeld(turn);
        this.active = undefined;
        if (!this.alive) {
          await this.kill();
          // What a dying server printed last explains its death: it belongs to this turn.
          for (const line of this.carryStderr.splice(0)) transport.onstderr?.(line);
        }
        return {
          exit: this.exit ?? { code: null, signal: null },
          stdoutNoise: this.stdoutNoise.splice(0),
          ...(this.child.pid ? { pid: this.child.pid } : {}),
          processAlive: this.alive,
        };
      },
    };
    return transport;
  }

  /** Between turns an idle server must not keep the host process alive: @openai/codex-sdk's users
   *  never close a thread (its exec process ends with each turn), and their scripts must still end.
   *  The server dies with us (dieWithParent). During a turn the process and its pipes are held. */
  private hold(held: boolean): void {
    const child = this.child.child;
    if (held) child.ref();
    else child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null>) {
      if (held) stream?.ref?.();
      else stream?.unref?.();
    }
  }

  /** stderr lines that arrived after the last turn (printed while shutting down). */
  takeStderr(): string[] {
    return this.carryStderr.splice(0);
  }

  /** Ends the session: stdin closed (the server exits on EOF), then the group is killed if needed. */
  async close(graceMs = CLOSE_ON_EOF_MS): Promise<ChildExit> {
    // Held while it shuts down: the caller awaits its exit.
    this.hold(true);
    if (this.alive) {
      this.child.child.stdin?.end();
      const timer = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), graceMs).unref());
      await Promise.race([this.child.exited, timer]);
    }
    return this.kill();
  }

  private async kill(): Promise<ChildExit> {
    // Also reaps whatever Codex started that outlived it.
    const exit = await this.child.terminate();
    this.rpc.close("session closed");
    await settleStreams(this.child);
    await this.streamsDone;
    await this.signsOfLife?.close();
    return exit;
  }

  private async drive(thread: ThreadSettings, turn: ActiveTurn): Promise<void> {
    if (!this.initialized) {
      const params: InitializeParams = { clientInfo: APP_SERVER_CLIENT, capabilities: { experimentalApi: false, requestAttestation: false, optOutNotificationMethods: [...OPTED_OUT_NOTIFICATIONS] } };
      await this.rpc.request("initialize", params);
      this.rpc.notify("initialized");
      this.initialized = true;
    }
    if (!this.threadIdValue) {
      const common = {
        cwd: thread.cwd,
        ...(thread.sandbox ? { sandbox: thread.sandbox } : {}),
        ...(thread.approval ? { approvalPolicy: thread.approval } : {}),
      };
      if (thread.resumeThreadId) {
        const params: ThreadResumeParams = { threadId: thread.resumeThreadId, ...common, excludeTurns: true };
        const response = (await this.rpc.request("thread/resume", params)) as { thread?: { id?: string } };
        this.threadIdValue = response.thread?.id ?? thread.resumeThreadId;
        // exec resume announces the thread it continues; so do we, for one event model.
        if (!this.threadAnnounced) this.deliver(turn, normalizeEvent({ type: "thread.started", thread_id: this.threadIdValue }));
      } else {
        const params: ThreadStartParams = { ...common, ...(thread.ephemeral ? { ephemeral: true } : {}) };
        const response = (await this.rpc.request("thread/start", params)) as { thread?: { id?: string }; approvalPolicy?: unknown; sandbox?: { type?: unknown } };
        this.threadIdValue = response.thread?.id;
        this.appliedValue = { approvalPolicy: response.approvalPolicy, sandbox: response.sandbox?.type };
      }
      if (!this.threadIdValue) throw new Error("codex app-server started a thread without an id");
    }
    const { prompt, images = [], outputSchema } = turn.invocation;
    const params: TurnStartParams = {
      threadId: this.threadIdValue,
      // Images first, then the text: the order `codex exec --image` gives the model (measured on
      // 0.169.0 by test/client/sdk-compat.test.ts), so both transports send one message.
      input: [...images.map((path) => ({ type: "localImage" as const, path })), { type: "text", text: prompt, text_elements: [] }],
      // Validated JSON (RunSpec's outputSchema rule); the protocol types it as JsonValue.
      ...(outputSchema !== undefined ? { outputSchema: outputSchema as JsonValue } : {}),
    };
    const started = (await this.rpc.request("turn/start", params)) as { turn?: { id?: string } };
    this.turnIdValue ??= started.turn?.id;
    // An interrupt asked for before Codex named the turn is sent now.
    if (this.interruptWanted) this.sendInterrupt();
  }

  /** Asks Codex to stop the running turn; it answers with turn/completed (status "interrupted").
   *  Without a turn id yet, drive() sends it once turn/start has answered. */
  private sendInterrupt(): void {
    if (this.interruptSent || !this.threadIdValue || !this.turnIdValue || !this.active) return;
    this.interruptSent = true;
    const params: TurnInterruptParams = { threadId: this.threadIdValue, turnId: this.turnIdValue };
    // A refusal (the turn just ended) changes nothing: the turn ends either way.
    this.rpc.request("turn/interrupt", params).catch(() => undefined);
  }

  private deliver(turn: ActiveTurn, event: NormalizedEvent): void {
    // exec prints thread.started first; app-server may send a warning (model metadata, config) before
    // it. Hold those until the thread is announced, so both transports give one order.
    if (!this.threadAnnounced) {
      if (event.type !== "thread.started") {
        this.beforeThread.push(event);
        return;
      }
      this.threadAnnounced = true;
      this.emit(turn, event);
      for (const held of this.beforeThread.splice(0)) this.emit(turn, held);
      return;
    }
    this.emit(turn, event);
  }

  /** What was held for a thread that never started still belongs to the turn that failed. */
  private releaseHeld(turn: ActiveTurn): void {
    for (const held of this.beforeThread.splice(0)) this.emit(turn, held);
  }

  private emit(turn: ActiveTurn, event: NormalizedEvent): void {
    // Progress is the notification's, not the event's: the mapper decides it (onNotification).
    turn.transport.onevent?.(event, { progress: false });
  }

  private onNotification(method: string, params: unknown): void {
    this.notificationsByMethod.set(method, (this.notificationsByMethod.get(method) ?? 0) + 1);
    const mapped = this.mapper.map(method, params);
    if (method === "item/started") this.rememberFileChange(params);
    const events = mapped.kind === "drift" ? [mapped.event] : mapped.events;
    const turn = this.active;
    if (!turn) {
      this.carryEvents.push(...events);
      return;
    }
    if (method === "turn/started") {
      this.turnIdValue ??= (params as { turn?: { id?: string } } | undefined)?.turn?.id;
      if (this.interruptWanted) this.sendInterrupt();
    }
    if (method === "thread/tokenUsage/updated" && mapped.kind === "events" && this.mapper.threadTotal) turn.invocation.onUsage?.(this.mapper.threadTotal);
    if (mapped.kind === "events" && mapped.progress) turn.transport.onprogress?.();
    for (const event of events) this.deliver(turn, event);
    if (method === "turn/completed") turn.ended.resolve("completed");
  }

  private rememberFileChange(params: unknown): void {
    const item = (params as { item?: { type?: string; id?: string; changes?: Array<{ path?: string }> } }).item;
    if (item?.type === "fileChange" && item.id) this.fileChangePaths.set(item.id, (item.changes ?? []).flatMap((c) => (c.path ? [c.path] : [])));
  }

  private async onServerRequest(method: string, params: unknown): Promise<unknown> {
    const turn = this.active;
    const approve = async (question: ApprovalQuestion): Promise<"accept" | "decline"> => {
      // Waiting for a person is not a stall; answering is progress.
      const answer = turn?.invocation.approve ? (await turn.invocation.approve(question)).decision : "decline";
      turn?.transport.onprogress?.();
      return answer;
    };
    switch (method) {
      case "item/commandExecution/requestApproval": {
        const p = params as CommandExecutionRequestApprovalParams;
        // The command itself is what is judged; proposedExecpolicyAmendment is only the prefix Codex
        // would remember as allowed (["true"] for `true && rm x`).
        const decision = await approve({
          kind: "command",
          ...(p.command ? { command: p.command } : {}),
          ...(p.cwd ? { cwd: p.cwd } : {}),
          ...(p.reason ? { reason: p.reason } : {}),
          threadId: p.threadId,
          turnId: p.turnId,
          itemId: p.itemId,
        });
        return { decision };
      }
      case "item/fileChange/requestApproval": {
        const p = params as FileChangeRequestApprovalParams;
        const paths = [...(this.fileChangePaths.get(p.itemId) ?? []), ...(p.grantRoot ? [p.grantRoot] : [])];
        const decision = await approve({ kind: "file-change", paths, cwd: turn?.cwd ?? this.launch.cwd, ...(p.reason ? { reason: p.reason } : {}), threadId: p.threadId, turnId: p.turnId, itemId: p.itemId });
        return { decision };
      }
      case "execCommandApproval": {
        const p = params as ExecCommandApprovalParams;
        const decision = await approve({ kind: "command", argv: p.command, command: p.command.join(" "), cwd: p.cwd, ...(p.reason ? { reason: p.reason } : {}) });
        return { decision: decision === "accept" ? "approved" : { denied: { rejection: "declined by codex-headless" } } };
      }
      case "applyPatchApproval": {
        const p = params as ApplyPatchApprovalParams;
        const decision = await approve({ kind: "file-change", paths: Object.keys(p.fileChanges), cwd: turn?.cwd ?? this.launch.cwd, ...(p.reason ? { reason: p.reason } : {}) });
        return { decision: decision === "accept" ? "approved" : { denied: { rejection: "declined by codex-headless" } } };
      }
      default:
        turn?.invocation.onUnanswered?.(method);
        if (!KNOWN_SERVER_REQUESTS.has(method) && turn) {
          this.deliver(turn, { type: "unknown", raw: { method, params }, reason: `app-server request ${method} is not in this Codex version's schema` });
        }
        throw new RpcHandlerError(METHOD_NOT_FOUND, `codex-headless does not answer ${method} in a headless run`);
    }
  }
}
