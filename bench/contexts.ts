// Benchmark: what each launch context costs over `direct` (median of repeated real runs of the
// pinned Codex against the mock, all in one benchmark run, contexts interleaved so drift hits all
// alike), and what the login-environment capture itself costs (the shell with and without `env -0`).
//
//   npx vite-node bench/contexts-main.ts [runs]   prints a Markdown table
//   import { benchContexts } from "./bench/contexts.js"; await benchContexts({ runs: 5 })
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CAPTURE_THEN_EXEC, CAPTURE_VAR, EXEC_ONLY, newCaptureFile, readCapture } from "../src/launch/env-capture.js";
import { writeRcFiles } from "../src/launch/rc-fixture.js";
import { findShell } from "../src/launch/shell-find.js";
import { runOnce } from "../src/run/runner.js";
import { CONTEXTS, type LaunchContextName } from "../src/run/spec.js";
import { runCommand } from "../src/transport/spawn.js";

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

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function fixture(root: string, name: string): { env: NodeJS.ProcessEnv; cwd: string } {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  const home = path.join(dir, "home");
  const cwd = path.join(dir, "work");
  const tmp = path.join(dir, "tmp");
  for (const d of [home, cwd, tmp]) mkdirSync(d, { recursive: true });
  writeRcFiles(home);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: tmp, NO_COLOR: "1", CODEX_HEADLESS_STATE_DIR: path.join(dir, "state") };
  for (const name of ["CODEX_HOME", "OPENAI_API_KEY", "CODEX_API_KEY"]) delete env[name];
  return { env, cwd };
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Markdown: median per context and its overhead over direct; median per capture variant. */
export function benchTable(samples: BenchSample[]): string {
  const by = new Map<string, number[]>();
  for (const s of samples) by.set(`${s.kind}:${s.name}`, [...(by.get(`${s.kind}:${s.name}`) ?? []), s.ms]);
  const directMedian = median(by.get("context:direct") ?? [0]);
  const rows = ["| context | runs | median ms | over direct ms |", "|---|---|---|---|"];
  for (const [key, values] of by) {
    if (!key.startsWith("context:")) continue;
    const m = median(values);
    rows.push(`| ${key.slice(8)} | ${values.length} | ${m.toFixed(0)} | ${(m - directMedian).toFixed(0)} |`);
  }
  rows.push("", "| login shell, exec /bin/true | runs | median ms |", "|---|---|---|");
  for (const [key, values] of by) if (key.startsWith("capture:")) rows.push(`| ${key.slice(8)} | ${values.length} | ${median(values).toFixed(1)} |`);
  const failed = samples.filter((s) => !s.ok).length;
  if (failed) rows.push("", `${failed} sample(s) failed.`);
  return `${rows.join("\n")}\n`;
}
