// The launch-context benchmark must work (it feeds BENCHMARKS.md); its numbers are not asserted.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { launchContexts } from "../../bench/contexts.js";
import { renderBenchmarks } from "../../bench/report.js";
import { scratchDir } from "../helpers/paths.js";

describe("launch-contexts benchmark", () => {
  it("times every context and the capture, each context against direct", async () => {
    const result = await launchContexts.run({ repetitions: 1, workDir: path.join(scratchDir("bench"), "work") });
    const names = result.series.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["direct", "bash-login", "zsh-login", "wrapper", "pty", "capture: bash -lc with capture"]));
    expect(result.comparisons.map((c) => c.subject)).not.toContain("direct");
    expect(renderBenchmarks([result], { codexVersion: "x", repetitions: 1, startedAt: "t", durationMs: 1 })).toMatch(/\| zsh-login \/ direct \| \d+\.\d{3}×/);
  }, 120_000);
});
