// Benchmark: what each launch context costs over `direct` (median of repeated real runs of the
// pinned Codex against the mock, all in one benchmark run, contexts interleaved so drift hits all
// alike), and what the login-environment capture itself costs (the shell with and without `env -0`).
//
//   npm run bench (with --only launch-contexts), or: await benchContexts({ runs: 5 })
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../src/core/package-root.js";
import { CAPTURE_THEN_EXEC, CAPTURE_VAR, EXEC_ONLY, newCaptureFile, readCapture } from "../src/launch/env-capture.js";
import { writeRcFiles } from "../src/launch/rc-fixture.js";
import { findShell } from "../src/launch/shell-find.js";
import { runOnce } from "../src/run/runner.js";
import { CONTEXTS, type LaunchContextName } from "../src/launch/context.js";
import { runCommand } from "../src/process/spawn.js";
import { benchFixture } from "./fixture.js";
import type { Benchmark, BenchResult } from "./suite.js";

export interface BenchSample {
  /** "context" = a whole Codex run; "capture" = the shell alone, with or without the env capture. */
  kind: "context" | "capture";
  name: string;
  iteration: number;
  ms: number;
  ok: boolean;
}

export interface BenchOptions {
  runs?: number;
  contexts?: LaunchContextName[];
  /** Scratch root (default: .test-work/ in this repo — never the system temp dir). */
  root?: string;
}

const REPO = packageRoot();

/** A bench fixture whose HOME holds the marker rc files the contexts read. */
function fixture(root: string, name: string): { env: NodeJS.ProcessEnv; cwd: string } {
  const f = benchFixture(root, name);
  writeRcFiles(f.env.HOME!);
  return { env: f.env, cwd: f.cwd };
}

/** The shell alone, exec'ing /bin/true, with and without the capture: the capture's own cost. */
const CAPTURE_SHELLS: Array<{ name: string; shell: "bash" | "zsh"; flags: string }> = [
  { name: "bash -lc", shell: "bash", flags: "-lc" },
  { name: "zsh -lc", shell: "zsh", flags: "-lc" },
  { name: "zsh -ilc", shell: "zsh", flags: "-ilc" },
];

export async function benchContexts(options: BenchOptions = {}): Promise<BenchSample[]> {
  const runs = options.runs ?? 5;
  const contexts = options.contexts ?? [...CONTEXTS];
  const root = options.root ?? path.join(REPO, ".test-work");
  mkdirSync(root, { recursive: true });
  const benchRoot = mkdtempSync(path.join(root, "bench-contexts-"));
  const samples: BenchSample[] = [];
  for (let iteration = 0; iteration < runs; iteration++) {
    for (const context of contexts) {
      const f = fixture(benchRoot, context);
      const started = performance.now();
      const record = await runOnce({ prompt: "hello", provider: "mock", scenario: "hello", context, cwd: f.cwd, timeoutMs: 60_000 }, { env: f.env });
      samples.push({ kind: "context", name: context, iteration, ms: performance.now() - started, ok: record.outcome === "ok" });
    }
    for (const { name, shell, flags } of CAPTURE_SHELLS) {
      const f = fixture(benchRoot, `capture-${shell}`);
      const shellPath = findShell(shell, f.env, name);
      for (const [variant, script] of [["without capture", EXEC_ONLY], ["with capture", CAPTURE_THEN_EXEC]] as const) {
        const capture = newCaptureFile(f.env);
        const started = performance.now();
        const result = await runCommand(shellPath, [flags, script, "/bin/true"], { env: { ...f.env, [CAPTURE_VAR]: capture.file }, cwd: f.cwd, timeoutMs: 15_000 });
        const ms = performance.now() - started;
        const captured = readCapture(capture);
        samples.push({ kind: "capture", name: `${name} ${variant}`, iteration, ms, ok: result.code === 0 && (variant === "without capture" || captured !== undefined) });
      }
    }
  }
  return samples;
}

/** The suite's view: a series per context and per capture variant, each context against direct. */
export const launchContexts: Benchmark = {
  id: "launch-contexts",
  title: "Cost of each launch context over direct, and of the login-environment capture",
  async run({ repetitions, workDir, progress }): Promise<BenchResult> {
    const samples = await benchContexts({ runs: repetitions, root: workDir });
    const failed = samples.filter((s) => !s.ok);
    if (failed.length > 0) throw new Error(`${failed.length} launch-context sample(s) failed, first: ${failed[0]!.name}`);
    const names = [...new Set(samples.map((s) => `${s.kind}:${s.name}`))];
    progress?.(`launch-contexts: ${samples.length} samples`);
    return {
      id: this.id,
      title: this.title,
      method:
        "Each context runs one `hello` turn through `runOnce` with a fixture HOME holding real rc files (a fresh fixture per run), contexts interleaved within each round. The capture rows time the shell alone exec'ing /bin/true, with and without the `env -0` capture of the launch environment.",
      series: names.map((key) => ({ name: key.replace(/^context:/, "").replace(/^capture:/, "capture: "), unit: "ms" as const, samples: samples.filter((s) => `${s.kind}:${s.name}` === key).map((s) => s.ms) })),
      comparisons: names.filter((key) => key.startsWith("context:") && key !== "context:direct").map((key) => ({ subject: key.slice("context:".length), baseline: "direct" })),
    };
  },
};
