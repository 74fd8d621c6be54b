// Throughput of N concurrent runs (1, 2, 4, 8) through the library, each with its own isolated home,
// and the harness's own peak memory (this process's RSS; Codex's memory is not ours to count).
import { rmSync } from "node:fs";
import { startMockProvider } from "../src/mock/server.js";
import { runOnce } from "../src/run/runner.js";
import { benchFixture } from "./fixture.js";
import type { Benchmark, BenchResult, Series } from "./suite.js";

const LEVELS = [1, 2, 4, 8];
/** The smoke test's levels: one run alone and runs side by side. */
const SMALLEST_LEVELS = [1, 2];

export const concurrency: Benchmark = {
  id: "concurrency",
  title: "Throughput of concurrent runs and peak harness memory",
  async run({ repetitions, workDir, progress, smallest }): Promise<BenchResult> {
    const levels = smallest ? SMALLEST_LEVELS : LEVELS;
    const most = levels.at(-1)!;
    const fixture = benchFixture(workDir, "concurrency");
    const throughput = new Map<number, number[]>(levels.map((n) => [n, []]));
    const peakRss: number[] = [];
    const rounds = Math.max(1, Math.ceil(repetitions / 3));
    try {
      for (let round = 0; round < rounds; round += 1) {
        for (const n of levels) {
          // A mock per batch: a mock keeps every request it was sent (~42 KB of body each, Codex
          // 0.171.0), and one shared by every batch made the batch of 8 in the last round measure the
          // requests of the ~70 runs before it, which no run holds.
          const mock = await startMockProvider({ scenario: "hello" });
          let peak = process.memoryUsage().rss;
          const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
          const started = performance.now();
          let records;
          let seconds: number;
          try {
            records = await Promise.all(Array.from({ length: n }, (_, i) => runOnce({ prompt: `run ${i}`, provider: "mock", scenario: "hello", cwd: fixture.cwd }, { mock, env: fixture.env })));
            seconds = (performance.now() - started) / 1000;
          } finally {
            clearInterval(sampler);
            await mock.close();
          }
          const failed = records.filter((r) => r.outcome !== "ok");
          if (failed.length > 0) throw new Error(`${failed.length} of ${n} concurrent runs failed: ${failed[0]!.reason}`);
          throughput.get(n)!.push(n / seconds);
          if (n === most) peakRss.push(peak / 2 ** 20);
        }
        progress?.(`concurrency round ${round + 1}/${rounds}`);
      }
    } finally {
      rmSync(fixture.root, { recursive: true, force: true });
    }
    const series: Series[] = levels.map((n) => ({ name: `${n} concurrent`, unit: "runs/s", samples: throughput.get(n)! }));
    series.push({ name: `harness peak RSS at ${most} concurrent`, unit: "MB", samples: peakRss });
    return {
      id: this.id,
      title: this.title,
      method: `Batches of N concurrent \`runOnce\` calls (hello scenario, a mock per batch shared by its runs, an isolated home each); runs/s = N / batch wall time. ${rounds} batch(es) per level. Peak RSS is this Node process only, sampled every 20 ms during the batch of ${most}.`,
      series,
      comparisons: [],
      limits: [{ series: `harness peak RSS at ${most} concurrent`, atMost: 100 }],
    };
  },
};
