// Summary statistics for timing samples (benchmarks, lab timings): median and spread, nothing fancier.

export interface Summary {
  n: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** The median of `samples`; NaN when there are none. */
export const median = (samples: number[]): number => summarize(samples).median;

/** Ratio of medians, with a spread from the quartiles (p25/p75 of one over p75/p25 of the other). */
export function ratio(subject: Summary, baseline: Summary): { median: number; low: number; high: number } {
  return { median: subject.median / baseline.median, low: subject.p25 / baseline.p75, high: subject.p75 / baseline.p25 };
}
