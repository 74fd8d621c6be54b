// What bench/concurrency.ts hands the batches' process (bench/concurrency-batches.ts) on its stdin and
// reads back from its stdout, each one JSON object.
import { z } from "zod";

export const batchesInput = z.object({
  levels: z.array(z.number().int().positive()).min(1),
  rounds: z.number().int().positive(),
  cwd: z.string(),
  env: z.record(z.string(), z.string()),
});

export const batchesOutput = z.object({
  /** Runs per second of each batch, by level. */
  throughput: z.record(z.string(), z.array(z.number())),
  /** Peak RSS of this process during each batch of the largest level, in MiB. */
  peakRssMb: z.array(z.number()),
});
