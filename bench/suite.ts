// What a benchmark returns: named series of samples measured in one run, and the comparisons that
// matter, each against a baseline measured side by side in the same run.

export interface Series {
  name: string;
  unit: "ms" | "s" | "MB" | "runs/s";
  samples: number[];
}

export interface Comparison {
  subject: string;
  baseline: string;
  /** What the ratio should stay under, when the issue sets a target. */
  target?: number;
}

/** A bound on a series' median in its own unit, when the issue sets one that is no ratio (issue 25:
 *  the harness's peak RSS at most 100 MB). */
export interface Limit {
  series: string;
  atMost: number;
}

export interface BenchResult {
  id: string;
  title: string;
  method: string;
  series: Series[];
  comparisons: Comparison[];
  limits?: Limit[];
}

export interface BenchOptions {
  /** Samples per series; small in the smoke test, larger for BENCHMARKS.md. */
  repetitions: number;
  progress?: (message: string) => void;
  /** Scratch root outside the system temp dir. */
  workDir: string;
  /** The smoke test's size: the fewest runs that still take every code path of the benchmark (fewer
   *  turns per thread, tasks per batch, concurrency levels); its figures mean nothing. */
  smallest?: boolean;
}

export interface Benchmark {
  id: string;
  title: string;
  run(options: BenchOptions): Promise<BenchResult>;
}

/** Runs every subject once per round for `rounds` rounds, the order rotated each round so drift in the
 *  machine's load hits every subject alike (no subject always first). Returns each subject's results
 *  in round order; `onRound(n)` after round n (1-based). A subject that throws ends the series. */
export async function interleaved<K extends string, T>(
  subjects: Record<K, () => Promise<T>>,
  rounds: number,
  onRound?: (round: number) => void,
): Promise<Record<K, T[]>> {
  const names = Object.keys(subjects) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as T[]])) as Record<K, T[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length]!;
      results[name].push(await subjects[name]());
    }
    onRound?.(round + 1);
  }
  return results;
}

/** Wall time of one call of `run`, in ms. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}
