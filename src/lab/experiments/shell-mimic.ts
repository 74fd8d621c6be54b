// shell-mimic: one real run per launch context, from one fixture HOME with real rc files, each asking
// Codex to run `env` several times in one turn. The records show what Codex was launched with, what
// its tools saw, what the model was told, and how clean the output was.
import { existsSync } from "node:fs";
import path from "node:path";
import { passwdLoginShell } from "../../launch/shell-find.js";
import { compareAllPairs, summarize } from "../launch-compare.js";
import { diffEnv, envDiffTable } from "../../launch/env-diff.js";
import { writeRcFiles } from "../../launch/rc-fixture.js";
import { CONTEXTS, type LaunchContextName } from "../../launch/context.js";
import type { Experiment, LabContext } from "../experiment.js";
import type { Finding } from "../findings.js";
import {
  cleanlinessFinding,
  closestFinding,
  markersFinding,
  pathLostFinding,
  shellVarFinding,
  snapshotFinding,
  throughCodexFinding,
  type ContextRun,
} from "./shell-mimic-findings.js";
import { FEW_RETRIES } from "../../mock/provider-config.js";

const ENV_RUNS = "3";
// Few retries: a broken run should fail fast, not retry for half a minute.

async function runContext(ctx: LabContext, context: LaunchContextName, name: string, config: string[] = [], envPatch: NodeJS.ProcessEnv = {}): Promise<ContextRun> {
  const fixture = ctx.fixture(name);
  Object.assign(fixture.env, envPatch);
  writeRcFiles(fixture.home);
  ctx.progress(`${name}: running env ×${ENV_RUNS} through ${context}`);
  const { record, evidence } = await ctx.run(name, {
    prompt: "Show me the environment your commands run in.",
    scenario: "env",
    scenarioOptions: { envRuns: ENV_RUNS },
    context,
    timeoutMs: 90_000,
    config: [...(ctx.provider === "mock" ? FEW_RETRIES : []), ...config],
  }, fixture);
  return { summary: summarize(record), home: fixture.home, evidence };
}

export const shellMimic: Experiment = {
  id: "shell-mimic",
  direction: "shell-mimic",
  title: "Launch contexts: what Codex and its tools see, and how clean the output is",
  async run(ctx) {
    const runs: ContextRun[] = [];
    for (const context of CONTEXTS) runs.push(await runContext(ctx, context, context));
    // Attribution control: the same direct run with Codex's shell snapshot turned off.
    const noSnapshot = await runContext(ctx, "direct", "direct-no-snapshot", ["features.shell_snapshot=false"]);
    // Does Codex pick its tool shell from SHELL or from the passwd entry? Give it a SHELL that differs.
    const otherShell = passwdLoginShell().endsWith("zsh") ? "/bin/bash" : "/usr/bin/zsh";
    const shellVar = existsSync(otherShell) ? await runContext(ctx, "direct", "direct-shell-var", [], { SHELL: otherShell }) : undefined;

    // Each run has its own fixture folder (home, work, tmp, state): compare with that prefix normalized.
    const normalize = (run: ContextRun, env: Record<string, string> | undefined) =>
      Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, v.split(path.dirname(run.home)).join("$FIXTURE")]));
    const summaries = runs.map((run) => ({
      ...run.summary,
      launchEnv: normalize(run, run.summary.launchEnv),
      toolEnvs: run.summary.toolEnvs.map((env) => normalize(run, env)),
    }));
    const direct = summaries.find((s) => s.context === "direct")!;
    const tables = summaries
      .filter((s) => s !== direct)
      .map((s) => [
        `## direct → ${s.context}: environment Codex was launched with\n\n${envDiffTable(diffEnv(direct.launchEnv, s.launchEnv), "direct", s.context)}`,
        `## direct → ${s.context}: environment its tools saw\n\n${envDiffTable(diffEnv(direct.toolEnvs.at(-1) ?? {}, s.toolEnvs.at(-1) ?? {}), "direct", s.context)}`,
      ].join("\n"))
      .join("\n");
    const tableEvidence = ctx.evidence("env-diffs.md", "env-diff", "launch and tool environment of every context against direct, as tables", `# Environment diffs\n\n${tables}`);
    const pairsEvidence = ctx.evidence("pairs.json", "comparison", "every pair of contexts compared", compareAllPairs(summaries));
    const snapshotDiffs = summaries.map((s) => ({
      context: s.context,
      later: s.toolEnvs.slice(1).map((env) => diffEnv(s.toolEnvs[0] ?? {}, env)),
    }));
    const snapshotEvidence = ctx.evidence("snapshot-first-vs-later.json", "env-diff", "first vs later `env` of one turn, per context", snapshotDiffs);

    const normalizedRuns = runs.map((run, i) => ({ ...run, summary: summaries[i]! }));
    const findings: Finding[] = [
      markersFinding(runs, tableEvidence),
      throughCodexFinding(runs.find((run) => run.summary.context === "direct")!, noSnapshot),
      pathLostFinding(runs),
      snapshotFinding([...runs, noSnapshot], snapshotEvidence),
      cleanlinessFinding(runs, pairsEvidence),
    ];
    if (shellVar) findings.push(shellVarFinding(shellVar, otherShell, passwdLoginShell()));
    const closest = closestFinding(normalizedRuns);
    if (closest) findings.push(closest);
    return findings;
  },
};
