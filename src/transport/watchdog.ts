// Bounds a run in time three ways: overall, until the first event, and between signs of progress
// (Codex's events, or bytes from the model provider).
// Expiry aborts the run's controller with the reason; the transport kills the process group.

export type WatchdogReason = "timeout" | "first-event-timeout" | "idle-timeout";

export interface WatchdogLimits {
  totalMs: number;
  firstEventMs?: number;
  idleMs?: number;
}

export class Watchdog {
  private readonly timers = new Map<WatchdogReason, NodeJS.Timeout>();
  private fired: WatchdogReason | undefined;

  constructor(
    private readonly limits: WatchdogLimits,
    private readonly onExpire: (reason: WatchdogReason) => void,
  ) {}

  start(): void {
    this.arm("timeout", this.limits.totalMs);
    if (this.limits.firstEventMs !== undefined) this.arm("first-event-timeout", this.limits.firstEventMs);
    if (this.limits.idleMs !== undefined) this.arm("idle-timeout", this.limits.idleMs);
  }

  /** Something meaningful happened: the first-event bound is met and the idle bound starts over. */
  progress(): void {
    this.disarm("first-event-timeout");
    if (this.limits.idleMs !== undefined && !this.fired) this.arm("idle-timeout", this.limits.idleMs);
  }

  /** A sign of the model's life that is not an event (bytes from the provider, transport/provider-tap.ts):
   *  the idle bound starts over; the first-event bound still waits for Codex itself. */
  alive(): void {
    if (this.limits.idleMs !== undefined && !this.fired) this.arm("idle-timeout", this.limits.idleMs);
  }

  stop(): void {
    for (const reason of [...this.timers.keys()]) this.disarm(reason);
  }

  get expired(): WatchdogReason | undefined {
    return this.fired;
  }

  private arm(reason: WatchdogReason, ms: number): void {
    this.disarm(reason);
    const timer = setTimeout(() => {
      if (this.fired) return;
      this.fired = reason;
      this.stop();
      this.onExpire(reason);
    }, ms);
    timer.unref();
    this.timers.set(reason, timer);
  }

  private disarm(reason: WatchdogReason): void {
    const timer = this.timers.get(reason);
    if (timer) clearTimeout(timer);
    this.timers.delete(reason);
  }
}
