// The output-cleanliness finding's sentence from its table: the question asks about stderr noise too,
// so a context whose run printed stderr lines is named (user-shell's login shell printed two
// unclassified job-control lines on every run, and the sentence said nothing of stderr).
import { describe, expect, it } from "vitest";
import type { ContextRun } from "../../src/lab/experiments/shell-mimic/launch-contexts/context-run.js";
import { cleanlinessFinding } from "../../src/lab/experiments/shell-mimic/launch-contexts/findings.js";

const evidence = { kind: "log", summary: "synthetic", path: "x" } as never;
const run = (context: string, stderrByClass: Record<string, number>): ContextRun =>
  ({ summary: { context, exitCode: 0, durationMs: 1, stdoutExtraBytes: 0, ansiSequences: 0, stderrByClass, environmentContext: { shell: "bash" }, finalResponse: "a" }, evidence }) as unknown as ContextRun;

describe("output-cleanliness", () => {
  it("names the contexts whose runs printed stderr lines, by class, or says none did", () => {
    const noisy = cleanlinessFinding([run("direct", {}), run("user-shell", { unclassified: 2 })], evidence);
    expect(noisy.answer).toContain("stderr lines: user-shell (unclassified×2); none in the others");
    const quiet = cleanlinessFinding([run("direct", {}), run("tool", {})], evidence);
    expect(quiet.answer).toContain("no context printed stderr lines");
  });
});
