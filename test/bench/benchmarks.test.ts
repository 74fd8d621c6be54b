// The benchmark code must work (it writes BENCHMARKS.md); its numbers are not asserted here — speed
// is measured by `npm run bench`, not by timed tests.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { harnessOverhead } from "../../bench/harness-overhead.js";
import { renderBenchmarks } from "../../bench/report.js";
import { scratchDir } from "../helpers/paths.js";

describe("harness-overhead benchmark", () => {
  it("measures every series side by side and renders their ratios", async () => {
    const result = await harnessOverhead.run({ repetitions: 1, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.samples.length)).toEqual([1, 1, 1, 1, 1]);
    for (const series of result.series) expect(series.samples[0]).toBeGreaterThan(0);
    const markdown = renderBenchmarks([result], { codexVersion: "0.169.0", repetitions: 1, startedAt: "t", durationMs: 1 });
    expect(markdown).toMatch(/codex-headless run \(CLI\) \/ bare codex exec \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/runOnce \(library\) \/ bare codex exec \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/runOnce \(library\) \/ runOnce \(library\), used home \| \d+\.\d{3}×/);
  });
});

describe("turn-latency benchmark", () => {
  it("measures both transports' turns side by side", async () => {
    const { turnLatency } = await import("../../bench/turn-latency.js");
    const result = await turnLatency.run({ repetitions: 1, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.samples.length)).toEqual([1, 4, 1, 4]);
    const markdown = renderBenchmarks([result], { codexVersion: "0.169.0", repetitions: 1, startedAt: "t", durationMs: 1 });
    expect(markdown).toMatch(/app-server turns 2–5 \/ exec \+ resume turns 2–5 \| \d+\.\d{3}×/);
  });
});

describe("concurrency benchmark", () => {
  it("runs every concurrency level and samples the harness's memory", async () => {
    const { concurrency } = await import("../../bench/concurrency.js");
    const result = await concurrency.run({ repetitions: 1, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.name)).toEqual(["1 concurrent", "2 concurrent", "4 concurrent", "8 concurrent", "harness peak RSS at 8 concurrent"]);
    for (const series of result.series) expect(series.samples.every((value) => value > 0)).toBe(true);
  });
});

describe("lab wall-time benchmark", () => {
  it("times the lab without an experiment error (one quick experiment; the lab test runs them all)", async () => {
    const { labWallTimeOf } = await import("../../bench/lab-wall-time.js");
    const { EXPERIMENTS } = await import("../../src/lab/experiments/index.js");
    // Six hello runs: the smoke test checks the benchmark's code, not the lab (a whole direction cost
    // the suite tens of CPU-seconds on a 2-core machine that the other files are waiting for).
    const quick = EXPERIMENTS.filter((experiment) => experiment.id === "local-state-plugins");
    expect(quick).toHaveLength(1);
    const result = await labWallTimeOf(undefined, quick).run({ repetitions: 1, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series[0]!.name).toBe("lab (local-state-plugins)");
    expect(result.series[0]!.samples).toHaveLength(1);
    expect(result.series[0]!.samples[0]).toBeGreaterThan(0);
  }, 120_000);
});

describe("startup benchmark", () => {
  it("times npm run lab to its first progress line and the CLI's --version", async () => {
    const { startup } = await import("../../bench/startup.js");
    const result = await startup.run({ repetitions: 1, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.name)).toEqual(["npm run lab: first progress line", "codex-headless --version"]);
    for (const series of result.series) expect(series.samples[0]).toBeGreaterThan(0);
  });
});
