// The concurrency benchmark's batches, in a Node process of their own (bench/concurrency.ts starts
// it): its peak RSS is then a library user's process at N concurrent runs — the package's public
// entry and its runs — and not also what the benchmarks before it left in the bench's process (a
// full `npm run bench` on 2026-12-03 sampled 167 MB there; the same batches alone, 80–104 MB).
// Input on stdin, one JSON object (batchesInput); output on stdout, one JSON object (batchesOutput).
// A program, not a module to import: it runs when loaded.
import type { z } from "zod";
import { runOnce, startMockProvider } from "../src/index.js";
import { batchesInput, type batchesOutput } from "./concurrency-io.js";

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

async function main(): Promise<void> {
  const { levels, rounds, cwd, env } = batchesInput.parse(JSON.parse(await readStdin()));
  const most = Math.max(...levels);
  const out: z.infer<typeof batchesOutput> = { throughput: Object.fromEntries(levels.map((n) => [String(n), []])), peakRssMb: [] };
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
        records = await Promise.all(Array.from({ length: n }, (_, i) => runOnce({ prompt: `run ${i}`, provider: "mock", scenario: "hello", cwd }, { mock, env })));
        seconds = (performance.now() - started) / 1000;
      } finally {
        clearInterval(sampler);
        await mock.close();
      }
      const failed = records.filter((r) => r.outcome !== "ok");
      if (failed.length > 0) throw new Error(`${failed.length} of ${n} concurrent runs failed: ${failed[0]!.reason}`);
      out.throughput[String(n)]!.push(n / seconds);
      if (n === most) out.peakRssMb.push(peak / 2 ** 20);
    }
    process.stderr.write(`concurrency round ${round + 1}/${rounds}\n`);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
