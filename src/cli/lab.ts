// `codex-headless lab`: runs the experiments and writes report.md, report.html and findings.json.
import path from "node:path";
import { Command, Option } from "commander";
import { Listr } from "listr2";
import { CodexHeadlessError } from "../core/errors.js";
import { existsSync } from "node:fs";
import { compareReports, formatComparison, loadReport } from "../lab/compare.js";
import { codexFromChoice } from "../codex/fetch-version.js";
import { buildInventory } from "../surface/inventory.js";
import { diffInventories, type InventoryDiff } from "../surface/inventory-diff.js";
import type { Experiment } from "../lab/experiment.js";
import { EXPERIMENTS } from "../lab/experiments/index.js";
import { DIRECTIONS, directionIdSchema, type DirectionId, type FindingsFile } from "../lab/findings.js";
import { runLab, type LabOptions } from "../lab/run-lab.js";
import { hasOpenAICredentials } from "../run/provider-default.js";
import { lockOutDir } from "../lab/out-lock.js";
import { guardOutputFolder } from "../run/guard-locations.js";
import { collect, ensureWritableDir, ExitRequest, notice, refuseSystemFolder } from "./io.js";
import { PROVIDERS, type Provider } from "../codex/vocabulary.js";

interface LabFlags {
  out: string;
  only: string[];
  provider: Provider;
  codex: string;
  compare?: string;
}

/** Plain, honest arithmetic: what a run against the real service would spend, before it starts. */
const TOKENS_PER_RUN = 30_000;

function parseOnly(values: string[]): DirectionId[] {
  return values
    .flatMap((value) => value.split(","))
    .filter(Boolean)
    .map((value) => {
      const parsed = directionIdSchema.safeParse(value);
      if (!parsed.success) throw new CodexHeadlessError("usage", `--only: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}


/** The surface diff from the old report's Codex to the new one's, or why there is none. */
async function surfaceDiff(before: FindingsFile, after: FindingsFile): Promise<InventoryDiff | string | undefined> {
  if (before.codexVersion === after.codexVersion) return undefined;
  if (!existsSync(before.codexPath)) return `Codex ${before.codexVersion} is no longer at ${before.codexPath}`;
  notice(`comparing the app-server protocol and defaults of Codex ${before.codexVersion} and ${after.codexVersion}`);
  try {
    const options = { configProbe: false, schemaShapes: true };
    return diffInventories(await buildInventory(before.codexPath, process.env, options), await buildInventory(after.codexPath, process.env, options));
  } catch (error) {
    return `reading their surfaces failed: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]!}`;
  }
}

/** A live multi-task view on a terminal, one plain line per event elsewhere. */
async function runWithProgress(options: LabOptions, selected: Experiment[]): Promise<FindingsFile> {
  if (!process.stderr.isTTY || process.env.CI) {
    return runLab({
      ...options,
      onExperiment: ({ experiment, state, ms, message }) =>
        notice(`lab: ${experiment.id} ${state}${ms !== undefined ? ` in ${(ms / 1000).toFixed(1)}s` : ""}${message ? `: ${message}` : ""}`),
    });
  }
  const titles = new Map<string, (text: string) => void>();
  const finished = new Map<string, () => void>();
  const done = new Map(selected.map((e) => [e.id, new Promise<void>((resolve) => finished.set(e.id, resolve))]));
  const list = new Listr(
    selected.map((experiment) => ({
      title: experiment.title,
      task: async (_ctx: unknown, task: { output: string; title: string }) => {
        titles.set(experiment.id, (text) => (task.output = text));
        await done.get(experiment.id);
      },
    })),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseSubtasks: false }, renderer: "default", fallbackRenderer: "simple" },
  );
  const view = list.run();
  const report = await runLab({
    ...options,
    onProgress: (experiment, message) => titles.get(experiment.id)?.(message),
    onExperiment: ({ experiment, state }) => {
      if (state !== "start") finished.get(experiment.id)?.();
    },
  });
  await view;
  return report;
}

export function labCommand(): Command {
  return new Command("lab")
    .description("run the experiments and write report.md, report.html and findings.json")
    .option("--out <dir>", "report folder", "lab-report")
    .option("--only <direction>", `only these directions (repeatable or comma-separated): ${DIRECTIONS.map((d) => d.id).join(", ")}`, collect, [])
    .addOption(new Option("--provider <kind>", "model provider").choices([...PROVIDERS]).default("mock"))
    .option("--codex <which>", "pinned, system, a path to a codex binary, or a version such as 0.169.0 (fetched from the npm registry into a cache)", "pinned")
    .option("--compare <dir>", "an earlier report folder: each changed finding old → new, status flips, change or noise, and what changed in Codex between the two versions")
    .action(async (flags: LabFlags) => {
      const only = parseOnly(flags.only);
      const previous = flags.compare ? loadReport(flags.compare) : undefined;
      // Red team 30: judged as collab's --out is (a link a sandboxed run could have planted is refused).
      refuseSystemFolder("--out", flags.out);
      guardOutputFolder("--out", flags.out, process.cwd(), process.env);
      ensureWritableDir("--out", flags.out);
      const codex = await codexFromChoice(flags.codex, "--codex");
      // Before anything is said or run (runLab takes the same lock again, as a no-op).
      const unlock = lockOutDir(path.resolve(flags.out));
      process.once("exit", unlock);
      const selected = EXPERIMENTS.filter((e) => only.length === 0 || only.includes(e.direction));
      if (flags.provider === "openai") {
        if (!hasOpenAICredentials()) throw new CodexHeadlessError("usage", "--provider openai: no credentials (OPENAI_API_KEY, CODEX_API_KEY or an auth.json in your Codex home)");
        notice(`--provider openai: ${selected.length} experiments will make real model calls; at an assumed ${TOKENS_PER_RUN.toLocaleString("en")} tokens per run this spends real money. Ctrl-C now to stop.`);
      }
      const report = await runWithProgress({ outDir: flags.out, provider: flags.provider, codex, ...(only.length ? { only } : {}) }, selected);
      const findings = report.directions.flatMap((d) => d.findings);
      const errors = findings.filter((f) => f.status === "error");
      notice(`wrote ${flags.out}/report.md, report.html, findings.json: ${findings.length} findings in ${report.directions.length} directions${errors.length ? `, ${errors.length} experiment error(s)` : ""}`);
      if (previous) {
        process.stdout.write(formatComparison(compareReports(previous, report, await surfaceDiff(previous, report))));
      }
      if (errors.length > 0) throw new ExitRequest(1);
    });
}
