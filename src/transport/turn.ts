// The transport contract: what every way of driving Codex for one turn provides, and the one bounded
// turn that drives it. Modelled on the MCP TypeScript SDK's transport abstraction
// (`shared/transport.ts`: start, close, and callbacks the caller installs before start): a transport
// only moves Codex's output to us; boundedTurn alone owns the time limits (overall, first event,
// idle), the caller's abort signal, the termination reason, the timings and what the record keeps.
import type { ChildExit } from "../process/spawn.js";
import { isReconnectNotice, type NormalizedEvent } from "./events.js";
import { Watchdog, type WatchdogLimits, type WatchdogReason } from "./watchdog.js";

/** Why a turn ended: by itself ("exit"), a watchdog limit, or the caller's abort signal. */
export type Termination = "exit" | WatchdogReason | "aborted";

/** What a turn leaves besides its events: the transport's own facts. */
export interface TurnTail {
  exit: ChildExit;
  /** stdout lines that were not events. */
  stdoutNoise: string[];
  pid?: number;
  /** app-server: the server outlived the turn and serves the thread's next one. */
  processAlive?: boolean;
  /** pty: terminal noise kept out of events and stderr (echoed input, escape-only lines; raw). */
  terminalNoise?: string[];
}

/** One turn's result, the same shape on every transport (what run/outcome.ts judges). */
export interface TurnResult extends TurnTail {
  /** Events in Codex's order; `item.delta` is streamed to callers but not kept. */
  events: NormalizedEvent[];
  stderrLines: string[];
  termination: Termination;
  /** Epoch milliseconds. */
  timings: { startMs: number; firstEventMs?: number; endMs: number };
}

/**
 * One turn of Codex over some wire. The caller (boundedTurn) installs the callbacks, then calls
 * start(); the transport reports what Codex says through them and calls onclose once the turn is over
 * by itself and everything of it was delivered.
 */
export interface Transport {
  /** Starts the turn: spawns Codex, or sends the turn to a live server. Never throws for Codex's
   *  failures: they arrive as events, stderr lines or an early onclose. */
  start(): Promise<void>;
  /** Stops the turn now (the process group is killed); resolves once everything of it was delivered. */
  close(): Promise<void>;
  /** After the turn: the transport's own facts (exit, pid, noise). Events delivered meanwhile count. */
  finish(): Promise<TurnTail>;
  /** An event from Codex. `progress` says whether it is a sign Codex is working (default: every
   *  event but a reconnect notice, which is Codex waiting). */
  onevent?: (event: NormalizedEvent, meta?: { progress: boolean }) => void;
  /** Codex did something that is not an event of its own (an app-server notification we do not
   *  map, an approval answered). */
  onprogress?: () => void;
  onstderr?: (line: string) => void;
  /** The turn is over by itself. */
  onclose?: () => void;
}

/** Signs of the model's life that are not Codex's events: bytes from the provider (provider-tap.ts). */
export interface SignsOfLife {
  /** Calls `listener` at each sign; returns the unsubscriber. */
  subscribe(listener: () => void): () => void;
}

export interface TurnBounds {
  limits: WatchdogLimits;
  signal?: AbortSignal;
  onEvent?: (event: NormalizedEvent) => void;
  onStderrLine?: (line: string) => void;
  /** Feeds the idle limit (never the first-event limit, which waits for Codex itself). */
  signsOfLife?: SignsOfLife;
}

/** Runs one turn on `transport` within `bounds`. A limit or the signal stops the transport; the
 *  reason is recorded before the kill. Never throws for Codex's failures. */
export async function boundedTurn(transport: Transport, bounds: TurnBounds): Promise<TurnResult> {
  const startMs = Date.now();
  let firstEventMs: number | undefined;
  const events: NormalizedEvent[] = [];
  const stderrLines: string[] = [];
  let termination: Termination = "exit";
  let stopping: Promise<void> | undefined;
  let closedBySelf!: () => void;
  const over = new Promise<void>((resolve) => (closedBySelf = resolve));
  const stop = (reason: Termination) => {
    if (termination === "exit") termination = reason;
    stopping ??= transport.close().then(closedBySelf, closedBySelf);
  };
  const watchdog = new Watchdog(bounds.limits, stop);

  transport.onevent = (event, meta) => {
    firstEventMs ??= Date.now();
    if (meta?.progress ?? !isReconnectNotice(event)) watchdog.progress();
    // Deltas are for callers watching the text appear; the completed item has it whole, so records
    // stay the size of exec's.
    if (event.type !== "item.delta") events.push(event);
    bounds.onEvent?.(event);
  };
  transport.onprogress = () => watchdog.progress();
  transport.onstderr = (line) => {
    stderrLines.push(line);
    bounds.onStderrLine?.(line);
  };
  transport.onclose = () => closedBySelf();
  const onAbort = () => stop("aborted");
  const unsubscribe = bounds.signsOfLife?.subscribe(() => watchdog.alive());
  watchdog.start();
  try {
    await transport.start();
    if (bounds.signal?.aborted) onAbort();
    bounds.signal?.addEventListener("abort", onAbort, { once: true });
    await over;
    await stopping;
  } finally {
    watchdog.stop();
    unsubscribe?.();
    bounds.signal?.removeEventListener("abort", onAbort);
  }
  const tail = await transport.finish();
  transport.onevent = transport.onprogress = transport.onstderr = transport.onclose = undefined;
  return { events, stderrLines, ...tail, termination, timings: { startMs, ...(firstEventMs ? { firstEventMs } : {}), endMs: Date.now() } };
}
