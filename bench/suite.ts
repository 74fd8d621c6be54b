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

export interface BenchResult {
  id: string;
  title: string;
  method: string;
  series: Series[];
  comparisons: Comparison[];
}

export interface BenchOptions {
  /** Samples per series; small in the smoke test, larger for BENCHMARKS.md. */
  repetitions: number;
  progress?: (message: string) => void;
  /** Scratch root outside the system temp dir. */
  workDir: string;
}

export interface Benchmark {
  id: string;
  title: string;
  run(options: BenchOptions): Promise<BenchResult>;
}
