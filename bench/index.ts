// The benchmark suite: one line per benchmark module.
import { concurrency } from "./concurrency.js";
import { launchContexts } from "./contexts.js";
import { harnessOverhead } from "./harness-overhead.js";
import { jail } from "./jail.js";
import { labWallTime } from "./lab-wall-time.js";
import { pool } from "./pool.js";
import { startup } from "./startup.js";
import type { Benchmark } from "./suite.js";
import { turnLatency } from "./turn-latency.js";

export const BENCHMARKS: Benchmark[] = [harnessOverhead, turnLatency, launchContexts, concurrency, labWallTime, startup, jail, pool];
