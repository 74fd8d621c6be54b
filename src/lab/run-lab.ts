// Runs the lab: the experiments of the chosen directions (two at a time on a small machine), each in
// fixture homes of its own, then writes findings.json, report.md and report.html with the evidence.
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { lockOutDir } from "./out-lock.js";
import { locateCodex, type CodexBinary } from "../codex/locate.js";
import { limited } from "../core/limited.js";
import { detectContainer } from "../safety/sandbox-probe.js";
import { composeAnswers } from "./answers.js";
import { createLabContext, newLabWorkRoot } from "./context.js";
import type { Experiment } from "./experiment.js";
import { EXPERIMENTS } from "./experiments/index.js";
import { DIRECTIONS, findingsFileSchema, type DirectionId, type Evidence, type Finding, type FindingsFile, type NotMeasured } from "./findings.js";
import { renderHtmlReport } from "./report-html.js";
import { renderMarkdownReport } from "./report-md.js";
import type { Provider } from "../codex/vocabulary.js";
import { writeFileReplacing } from "../core/safe-fs.js";

export interface LabOptions {
  outDir: string;
  only?: DirectionId[];
  provider: Provider;
  codex: string;
  concurrency?: number;
  experiments?: Experiment[];
  /** The environment fixtures start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Called as experiments start and end, for the progress display. */
  onExperiment?: (event: { experiment: Experiment; state: "start" | "done" | "error"; ms?: number; message?: string }) => void;
  onProgress?: (experiment: Experiment, message: string) => void;
}

function errorFinding(experiment: Experiment, error: unknown, evidence: Evidence): Finding {
  return {
    id: `${experiment.id}-error`,
    question: `Did the experiment "${experiment.title}" complete?`,
    answer: `No: it failed with ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    status: "error",
    evidence: [evidence],
  };
}

async function runExperiment(experiment: Experiment, options: LabOptions, codex: CodexBinary, outDir: string, workRoot: string, notMeasured: NotMeasured[]): Promise<{ findings: Finding[]; ms: number }> {
  const ctx = createLabContext({
    outDir,
    workRoot,
    notMeasured,
    experimentId: experiment.id,
    provider: options.provider,
    codex,
    codexChoice: options.codex,
    progress: (message) => options.onProgress?.(experiment, message),
    ...(options.env ? { baseEnv: options.env } : {}),
  });
  const started = Date.now();
  options.onExperiment?.({ experiment, state: "start" });
  try {
    const findings = await experiment.run(ctx);
    const ms = Date.now() - started;
    options.onExperiment?.({ experiment, state: "done", ms });
    return { findings, ms };
  } catch (error) {
    const ms = Date.now() - started;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    options.onExperiment?.({ experiment, state: "error", ms, message: message.split("\n")[0] ?? "" });
    return { findings: [errorFinding(experiment, error, ctx.evidence("error.txt", "log", "the error the experiment threw", message))], ms };
  } finally {
    // Whatever the experiment left open (a mock, a token endpoint) ends with it.
    await ctx.release();
  }
}

export async function runLab(options: LabOptions): Promise<FindingsFile> {
  const outDir = path.resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const unlock = lockOutDir(outDir);
  try {
    return await runLabLocked(options, outDir);
  } finally {
    unlock();
  }
}

async function runLabLocked(options: LabOptions, outDir: string): Promise<FindingsFile> {
  const codex = await locateCodex(options.codex);
  const wanted = new Set(options.only?.length ? options.only : DIRECTIONS.map((d) => d.id));
  const all = options.experiments ?? EXPERIMENTS;
  const selected = all.filter((experiment) => wanted.has(experiment.direction));
  const work = newLabWorkRoot(outDir);
  const workRoot = work.root;
  let results: Array<{ findings: Finding[]; ms: number }>;
  const notMeasured: NotMeasured[] = [];
  try {
    // Longest first; the report keeps the list's order.
    const order = selected.map((_, i) => i).sort((a, b) => (selected[b]!.seconds ?? 0) - (selected[a]!.seconds ?? 0));
    const done = await limited(order, options.concurrency ?? 2, (i) => runExperiment(selected[i]!, options, codex, outDir, workRoot, notMeasured));
    results = selected.map((_, i) => done[order.indexOf(i)]!);
  } finally {
    work.remove();
  }
  const body = {
    codexVersion: codex.version,
    codexPath: codex.path,
    generatedAt: new Date().toISOString(),
    provider: options.provider,
    host: { os: `${os.type()} ${os.release()} ${os.arch()}`, container: detectContainer().inContainer, shell: os.userInfo().shell ?? "unknown" },
    directions: DIRECTIONS.filter((d) => wanted.has(d.id)).map((direction) => ({
      id: direction.id,
      title: direction.title,
      researched: all.some((experiment) => experiment.direction === direction.id),
      findings: selected.flatMap((experiment, i) => (experiment.direction === direction.id ? results[i]!.findings : [])),
    })),
    timings: selected.map((experiment, i) => ({ experiment: experiment.id, direction: experiment.direction, ms: results[i]!.ms })),
    notMeasured,
  };
  const report: FindingsFile = findingsFileSchema.parse({ ...body, answers: composeAnswers(body) });
  writeFileReplacing(path.join(outDir, "findings.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileReplacing(path.join(outDir, "report.md"), renderMarkdownReport(report));
  writeFileReplacing(path.join(outDir, "report.html"), renderHtmlReport(report));
  return report;
}
