// Runs started by run_start and watched with run_status / stopped with run_cancel: for work longer
// than a client's tool-call timeout (often 60 s), which run_prompt would outlive. Bounded like the
// RunStore: the oldest finished runs go first.
import { randomUUID } from "node:crypto";
import type { RunRecord } from "../run/record.js";

export interface BackgroundRun {
  id: string;
  startedAt: number;
  controller: AbortController;
  /** Events seen so far (a progress figure for polling clients). */
  events: number;
  status: "running" | "finished" | "failed";
  record?: RunRecord;
  /** Why a run that never produced a record failed (bad input, refused by policy). */
  error?: string;
}

export class BackgroundRuns {
  private readonly runs = new Map<string, BackgroundRun>();

  constructor(private readonly limit = 200) {}

  /** Starts `work` now and returns the run at once; `work` gets the run's signal, an event counter and
   *  the run's id. */
  start(work: (signal: AbortSignal, onEvent: () => void, id: string) => Promise<RunRecord>, describeError: (error: unknown) => string): BackgroundRun {
    const run: BackgroundRun = { id: randomUUID(), startedAt: Date.now(), controller: new AbortController(), events: 0, status: "running" };
    this.runs.set(run.id, run);
    this.trim();
    const done = work(run.controller.signal, () => (run.events += 1), run.id).then(
      (record) => {
        run.record = record;
        run.status = "finished";
      },
      (error: unknown) => {
        run.error = describeError(error);
        run.status = "failed";
      },
    );
    this.settled.set(run.id, done);
    return run;
  }

  private readonly settled = new Map<string, Promise<void>>();

  get(id: string): BackgroundRun | undefined {
    return this.runs.get(id);
  }

  /** Waits up to `ms` for the run to end (a long poll), then returns it as it is. */
  async wait(id: string, ms: number): Promise<BackgroundRun | undefined> {
    const run = this.runs.get(id);
    if (!run || run.status !== "running" || ms <= 0) return run;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled.get(id), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    return run;
  }

  /** Aborts every run still going (the server is closing). */
  cancelAll(): void {
    for (const run of this.runs.values()) if (run.status === "running") run.controller.abort();
  }

  private trim(): void {
    for (const [id, run] of this.runs) {
      if (this.runs.size <= this.limit) break;
      if (run.status === "running") continue;
      this.runs.delete(id);
      this.settled.delete(id);
    }
  }
}
