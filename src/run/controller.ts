// One controller per run: every resource a run acquires (the link to the caller's signal, the mock
// provider, the home, the output-schema file, the jail) is handed to it as it is acquired, and one
// call releases them all, latest first, on every path: success, a refusal half-way through set-up,
// a failed transport, an abort. Modelled on execa's main-async, where one AbortController per
// subprocess tears down every timer and listener when the result settles.

/** Something to release, named for the error a failed release reports. */
interface Release {
  what: string;
  release: () => unknown;
}

export class RunController {
  private readonly abortController = new AbortController();
  private readonly releases: Release[] = [];
  private released = false;

  /** The caller's signal, if any, aborts this run; the link is released with the run. */
  constructor(callerSignal?: AbortSignal) {
    if (!callerSignal) return;
    if (callerSignal.aborted) {
      this.abort(callerSignal.reason);
      return;
    }
    const onAbort = () => this.abort(callerSignal.reason);
    callerSignal.addEventListener("abort", onAbort, { once: true });
    this.defer("the caller's signal", () => callerSignal.removeEventListener("abort", onAbort));
  }

  /** Aborted when the caller's signal is, or when the run is stopped (its consumer went away). The
   *  transports listen to it: their watchdog and process group end with it. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  abort(reason?: unknown): void {
    this.abortController.abort(reason);
  }

  /** Hands a resource's release to the controller. After release() it runs at once (nothing may
   *  outlive the run). */
  defer(what: string, release: () => unknown): void {
    if (this.released) {
      void Promise.resolve()
        .then(release)
        .catch(() => {});
      return;
    }
    this.releases.push({ what, release });
  }

  /** Releases everything, latest first, each once; a release that fails does not stop the others.
   *  Returns the failures (as Errors naming what failed to release); never throws. */
  async release(): Promise<Error[]> {
    this.released = true;
    const failures: Error[] = [];
    for (let next = this.releases.pop(); next; next = this.releases.pop()) {
      try {
        await next.release();
      } catch (error) {
        failures.push(new Error(`releasing ${next.what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    }
    return failures;
  }
}
