// One gate evaluation's answers to the file-system probes it repeats: where a path leads with its links
// resolved (paths.ts resolvedPath), where a name is found on a PATH (fs-lookup.ts findOnPath), and the
// folders of a repository's store (git-head.ts gitStorePaths, a walk of its whole `.git`). The gate
// judges the same folders again and again in one evaluation (each PATH folder, the repository's store,
// HOME, the temp dirs, against each rule): ~380 realpath(3) calls a run for ~90 paths, each PATH search
// stats every folder (measured with `runOnce` in a repository of one commit), and the store was walked
// twice (4.5 ms a walk in a `.git` of 266 folders and 949 files).
//
// A memo answers only while code of the evaluation that made it runs, synchronously, inside `during`
// (no other run's code can use it meanwhile), and only with what a probe of that same evaluation said;
// `end`, when the evaluation is over, stops it, and the next evaluation probes afresh. So every answer
// is what the file system held at some moment of the evaluation asking, as it was without the memo
// (each probe then read it at its own moment of the same evaluation): no check is skipped, and nothing
// a run did before or after the evaluation is hidden from it or from the next one.

type Probe = "resolved" | "found" | "stores";

export class ProbeMemo {
  readonly #answers = new Map<string, unknown>();
  #ended = false;

  /** Runs `fn` with this memo answering repeated probes; an async `fn` has it until its first await
   *  only (what runs after an await probes the file system itself). */
  during<T>(fn: () => T): T {
    if (this.#ended) return fn();
    const outer = active;
    active = this;
    try {
      return fn();
    } finally {
      active = outer;
    }
  }

  /** The evaluation is over: no answer is given again. */
  end(): void {
    this.#ended = true;
    this.#answers.clear();
  }

  /** @internal */
  answer<T>(kind: Probe, key: string, probe: () => T): T {
    const full = `${kind}\0${key}`;
    if (this.#answers.has(full)) return this.#answers.get(full) as T;
    const value = probe();
    this.#answers.set(full, value);
    return value;
  }
}

let active: ProbeMemo | undefined;

/** `probe()`, or the active memo's answer to the same question (see the header). */
export function memoProbe(kind: Probe, key: string, probe: () => string | undefined): string | undefined {
  return active ? active.answer(kind, key, probe) : probe();
}

/** memoProbe for a list: each caller gets a copy of its own. */
export function memoProbeList(kind: Probe, key: string, probe: () => string[]): string[] {
  return active ? [...active.answer(kind, key, probe)] : probe();
}
