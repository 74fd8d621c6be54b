// The benchmark code must work (it writes BENCHMARKS.md); its numbers are not asserted here — speed
// is measured by `npm run bench`, not by timed tests. Each runs at its smallest size (`smallest`: fewer
// turns, tasks and concurrency levels, no warm-up), which takes every code path of the benchmark.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { harnessOverhead } from "../../bench/harness-overhead.js";
import { renderBenchmarks } from "../../bench/report.js";
import type { Experiment } from "../../src/lab/experiment.js";
import { scratchDir } from "../helpers/paths.js";

describe("harness-overhead benchmark", () => {
  it("measures every series side by side and renders their ratios", async () => {
    const result = await harnessOverhead.run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.samples.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    for (const series of result.series) expect(series.samples[0]).toBeGreaterThan(0);
    const markdown = renderBenchmarks([result], { codexVersion: "0.169.0", repetitions: 1, startedAt: "t", durationMs: 1 });
    expect(markdown).toMatch(/codex-headless run \(CLI\) \/ bare codex exec \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/runOnce \(library\) \/ bare codex exec \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/codex-headless run \(CLI\), a ~\/\.bashrc new to the gate \/ codex-headless run \(CLI\) \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/runOnce \(library\) \/ runOnce \(library\), used home \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/node -e 0, then bare codex exec \/ bare codex exec \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/that floor is \d+\.\d{3}× bare codex exec \(Node.s start \d+ ms/);
  });
});

describe("turn-latency benchmark", () => {
  it("measures both transports' turns side by side", async () => {
    const { turnLatency } = await import("../../bench/turn-latency.js");
    const result = await turnLatency.run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.samples.length)).toEqual([1, 2, 1, 2]);
    const markdown = renderBenchmarks([result], { codexVersion: "0.169.0", repetitions: 1, startedAt: "t", durationMs: 1 });
    expect(markdown).toMatch(/app-server turns 2–3 \/ exec \+ resume turns 2–3 \| \d+\.\d{3}×/);
  });
});

describe("concurrency benchmark", () => {
  it("runs every concurrency level and samples the harness's memory", async () => {
    const { concurrency } = await import("../../bench/concurrency.js");
    const result = await concurrency.run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.name)).toEqual(["1 concurrent", "2 concurrent", "harness peak RSS at 2 concurrent"]);
    for (const series of result.series) expect(series.samples.every((value) => value > 0)).toBe(true);
  });
});

describe("lab wall-time benchmark", () => {
  // The smoke test checks the benchmark's code, not the lab's experiments (the lab test runs them all,
  // each checked for errors): one hello run through the lab's runner, and one experiment that fails.
  const hello: Experiment = {
    id: "bench-hello",
    direction: "local-state",
    title: "one hello run",
    async run(ctx) {
      const { record, evidence } = await ctx.run("hello", { prompt: "hi", scenario: "hello" }, ctx.fixture("hello"));
      return [{ id: "bench-hello", question: "Does a run through the lab's runner end?", answer: `outcome ${record.outcome}`, status: record.outcome === "ok" ? "measured" : "error", evidence: [evidence] }];
    },
  };
  const failing: Experiment = { ...hello, id: "bench-failing", run: () => Promise.reject(new Error("the experiment broke")) };

  it("times the lab without an experiment error, and fails on one", async () => {
    const { labWallTimeOf } = await import("../../bench/lab-wall-time.js");
    const result = await labWallTimeOf(undefined, [hello]).run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series[0]!.name).toBe("lab (bench-hello)");
    expect(result.series[0]!.samples).toHaveLength(1);
    expect(result.series[0]!.samples[0]).toBeGreaterThan(0);
    await expect(labWallTimeOf(undefined, [failing]).run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") })).rejects.toThrow(/^lab run had 1 experiment error\(s\)/);
  }, 120_000);
});

describe("startup benchmark", () => {
  it("times npm run lab to its first progress line and the CLI's --version", async () => {
    const { startup } = await import("../../bench/startup.js");
    const result = await startup.run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.name)).toEqual(["npm run lab: first progress line", "codex-headless --version"]);
    for (const series of result.series) expect(series.samples[0]).toBeGreaterThan(0);
  });
});

describe("BENCHMARKS.md sections", () => {
  const result = (id: string, samples: number[]) => ({ id, title: `title ${id}`, method: `method ${id}`, series: [{ name: "s", unit: "ms" as const, samples }], comparisons: [] });
  const env = (startedAt: string) => ({ codexVersion: "0.0.0", repetitions: 1, startedAt, durationMs: 1 });

  it("re-measuring one benchmark (--only) replaces its section and keeps the others with their dates, in suite order", () => {
    const full = renderBenchmarks([result("a", [1]), result("b", [2]), result("c", [3])], env("first"), { order: ["a", "b", "c"] });
    const updated = renderBenchmarks([result("b", [20])], env("second"), { order: ["a", "b", "c"], previous: full });
    expect(updated.match(/^## title /gm)).toHaveLength(3);
    expect(updated.indexOf("## title a")).toBeLessThan(updated.indexOf("## title b"));
    expect(updated.indexOf("## title b")).toBeLessThan(updated.indexOf("## title c"));
    expect(updated).toMatch(/## title a\n\n_Measured first,/);
    expect(updated).toMatch(/## title b\n\n_Measured second,/);
    expect(updated).toContain("| s | 1 | 20.0 ms");
    expect(updated).not.toContain("| s | 1 | 2.0 ms");
    expect(updated).toContain("re-measuring only b");
  });

  it("a series with a bound in its own unit says the bound and whether its median keeps it", () => {
    const bounded = (samples: number[]) => ({ id: "m", title: "title m", method: "method m", series: [{ name: "peak", unit: "MB" as const, samples }], comparisons: [], limits: [{ series: "peak", atMost: 100 }] });
    expect(renderBenchmarks([bounded([70, 72, 90])], env("now"), { order: ["m"] })).toContain("| peak | 72.0 MB | ≤ 100 MB | yes |");
    expect(renderBenchmarks([bounded([120, 101, 99])], env("now"), { order: ["m"] })).toContain("| peak | 101.0 MB | ≤ 100 MB | no |");
  });
});

describe("BENCHMARKS.md from before the section markers", () => {
  it("is read by its titles, each section dated by the old header", () => {
    const old = "# Benchmarks\n\n- Generated: 2026-01-01T00:00:00.000Z (took 1 s)\n- Node v20; Codex 0.1.0 (pinned); 15 samples per series\n\n## title a\n\nmethod a\n\n## title b\n\nmethod b\n";
    const result = { id: "b", title: "title b", method: "new b", series: [{ name: "s", unit: "ms" as const, samples: [5] }], comparisons: [] };
    const updated = renderBenchmarks([result], { codexVersion: "0.2.0", repetitions: 3, startedAt: "now", durationMs: 1 }, { order: ["a", "b"], previous: old, titles: new Map([["title a", "a"], ["title b", "b"]]) });
    expect(updated).toMatch(/<!-- bench:a -->\n## title a\n\n_Measured 2026-01-01T00:00:00.000Z, Codex 0.1.0, 15 samples per series._\n\nmethod a/);
    expect(updated).toMatch(/<!-- bench:b -->\n## title b\n\n_Measured now, Codex 0.2.0, 3 samples per series._\n\nnew b/);
    expect(updated).not.toContain("method b");
  });
});

describe("pool benchmark", () => {
  it("runs exec and pool batches side by side and renders both ratios", async () => {
    const { pool } = await import("../../bench/pool.js");
    const result = await pool.run({ repetitions: 1, smallest: true, workDir: path.join(scratchDir("bench"), "work") });
    expect(result.series.map((s) => s.samples.length)).toEqual([2, 2, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1]);
    for (const series of result.series) expect(series.samples.every((value) => value > 0)).toBe(true);
    const markdown = renderBenchmarks([result], { codexVersion: "0.169.0", repetitions: 1, startedAt: "t", durationMs: 1 });
    expect(markdown).toMatch(/pool: batch wall time per task \/ exec: batch wall time per task \| \d+\.\d{3}×/);
    expect(markdown).toMatch(/pool: latency per task \/ exec: latency per task \| \d+\.\d{3}×/);
  });
});
