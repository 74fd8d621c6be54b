// Throughput of N concurrent runs (1, 2, 4, 8) through the library, each with its own isolated home,
// and the harness's own peak memory (the RSS of the Node process running them; Codex's memory is not
// ours to count). The batches run in a process of their own (bench/concurrency-batches.ts).
import { rmSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../src/core/package-root.js";
import { runCommand } from "../src/process/spawn.js";
import { batchesOutput } from "./concurrency-io.js";
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
    const rounds = Math.max(1, Math.ceil(repetitions / 3));
    let measured;
    try {
      // The built module (npm run build makes it), run as a program; stdin fed then closed.
      const batches = path.join(packageRoot(), "dist", "bench", "concurrency-batches.js");
      const env = Object.fromEntries(Object.entries(fixture.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const result = await runCommand(process.execPath, [batches], { cwd: fixture.cwd, env: fixture.env, input: JSON.stringify({ levels, rounds, cwd: fixture.cwd, env }), timeoutMs: 30 * 60_000 });
      if (result.code !== 0) throw new Error(`concurrency batches failed (exit ${result.code}${result.timedOut ? ", timed out" : ""}): ${result.stderr.trim().split("\n").at(-1)}`);
      measured = batchesOutput.parse(JSON.parse(result.stdout));
      progress?.(`concurrency: ${rounds} round(s) of ${levels.join(", ")}`);
    } finally {
      rmSync(fixture.root, { recursive: true, force: true });
    }
    const throughput = new Map(levels.map((n) => [n, measured.throughput[String(n)] ?? []]));
    const peakRss = measured.peakRssMb;
    const series: Series[] = levels.map((n) => ({ name: `${n} concurrent`, unit: "runs/s", samples: throughput.get(n)! }));
    series.push({ name: `harness peak RSS at ${most} concurrent`, unit: "MB", samples: peakRss });
    return {
      id: this.id,
      title: this.title,
      method: `Batches of N concurrent \`runOnce\` calls (hello scenario, a mock per batch shared by its runs, an isolated home each); runs/s = N / batch wall time. ${rounds} batch(es) per level. The batches run in a Node process of their own that imports the package's public entry (as a library user's does) and nothing else; peak RSS is that process's, sampled every 20 ms during the batch of ${most}.`,
      series,
      comparisons: [],
      limits: [{ series: `harness peak RSS at ${most} concurrent`, atMost: 100 }],
    };
  },
};
