// shell-mimic: one real run per launch context, from one fixture HOME with real rc files, each asking
// Codex to run `env` several times in one turn. The records show what Codex was launched with, what
// its tools saw, what the model was told, and how clean the output was. A context whose prerequisite
// (zsh, a pseudo-terminal) is missing is skipped and listed; the others still run. Then the snapshot
// claim under stress (launch-contexts/snapshot.ts).
import path from "node:path";
import { findOnPath } from "../../../core/fs-lookup.js";
import { limited } from "../../../core/limited.js";
import { passwdLoginShell } from "../../../launch/shell-find.js";
import { compareAllPairs } from "../../launch-compare.js";
import { diffEnv, envDiffTable } from "../../../launch/env-diff.js";
import { CONTEXTS, type LaunchContextName } from "../../../launch/context.js";
import type { Experiment, LabContext } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";
import { contextMissing, skippedFinding, type Missing } from "../../prerequisites.js";
import { cleanlinessFinding, closestFinding, markersFinding, pathLostFinding, shellVarFinding, throughCodexFinding } from "./launch-contexts/findings.js";
import { runContext, type ContextRun } from "./launch-contexts/context-run.js";
import { callerEnvironmentFinding, captureReference, positionRows, userShellFinding, type CallerReference } from "./launch-contexts/caller.js";
import { compareFirstAndLater, gapConditions, runSnapshotStress, snapshotFinding } from "./launch-contexts/snapshot.js";

const CONTEXT_GAP_MS = 750;

export const shellMimic: Experiment = {
  id: "shell-mimic",
  direction: "shell-mimic",
  title: "Launch contexts: what Codex and its tools see, and how clean the output is",
  seconds: 80,
  async run(ctx) {
    const env = ctx.fixture("prerequisites").env;
    const usable: LaunchContextName[] = [];
    const missing = new Map<LaunchContextName, Missing>();
    for (const context of CONTEXTS) {
      const why = contextMissing(context, env);
      if (why) {
        missing.set(context, why);
        ctx.skip(`launch context ${context}`, why);
      } else usable.push(context);
    }
    // A short pause before each later `env`, as a real model takes: the last `env` of a run then shows
    // the steady state (snapshot applied) even on a busy machine. Two runs at a time: mostly waiting.
    const steady = { envGapMs: CONTEXT_GAP_MS };
    // The reference (the user's own shell on a terminal) is taken while the first runs start.
    const ptyMissing = missing.get("pty");
    const referencePromise: Promise<CallerReference | undefined> = ptyMissing ? Promise.resolve(undefined) : captureReference(ctx);
    const runs = await limited(usable, 2, (context) => runContext(ctx, context, context, steady));
    // Attribution control: the same direct run with Codex's shell snapshot turned off.
    const noSnapshot = await runContext(ctx, "direct", "direct-no-snapshot", { ...steady, config: ["features.shell_snapshot=false"] });
    // Does Codex pick its tool shell from SHELL or from the passwd entry? Give it a SHELL that differs.
    const passwdShell = passwdLoginShell();
    const otherName = passwdShell.endsWith("zsh") ? "bash" : "zsh";
    const otherShell = findOnPath(otherName, env.PATH ?? "");
    const shellVar = otherShell ? await runContext(ctx, "direct", "direct-shell-var", { ...steady, envPatch: { SHELL: otherShell } }) : undefined;
    const stress = await runSnapshotStress(ctx);

    // Each run has its own fixture folder (home, work, tmp, state): compare with that prefix normalized.
    const normalize = (run: ContextRun, envMap: Record<string, string> | undefined) =>
      Object.fromEntries(Object.entries(envMap ?? {}).map(([k, v]) => [k, v.split(path.dirname(run.home)).join("$FIXTURE")]));
    const summaries = runs.map((run) => ({
      ...run.summary,
      launchEnv: normalize(run, run.summary.launchEnv),
      toolEnvs: run.summary.toolEnvs.map((e) => normalize(run, e)),
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
    const fast = [...runs, noSnapshot].flatMap((run) => compareFirstAndLater(run.summary.context, run) ?? []);
    const snapshotEvidence = ctx.evidence(
      "snapshot-first-vs-later.json",
      "env-diff",
      "first vs later `env` of one turn, per run: context runs, stress runs and the snapshot-off control",
      [...fast, ...stress.stress, ...stress.control].map((r) => ({ variant: r.variant, differing: r.differing, firstLacks: r.firstLacks, term: r.term, later: r.run.summary.toolEnvs.slice(1).map((e) => diffEnv(r.run.summary.toolEnvs[0] ?? {}, e)) })),
    );

    const normalizedRuns = runs.map((run, i) => ({ ...run, summary: summaries[i]! }));
    const findings: Finding[] = [
      markersFinding(runs, tableEvidence),
      throughCodexFinding(runs.find((run) => run.summary.context === "direct")!, noSnapshot),
      pathLostFinding(runs),
      snapshotFinding(fast, `rc files that only export; ${gapConditions(CONTEXT_GAP_MS)}`, stress, snapshotEvidence),
      cleanlinessFinding(runs, pairsEvidence),
    ];
    findings.push(
      shellVar
        ? shellVarFinding(shellVar, otherShell!, passwdShell)
        : skippedFinding(ctx, "tool-shell-source", "Does Codex choose the shell for its tools (and the shell it tells the model) from SHELL or from the passwd entry?", { missing: otherName, install: `apt-get install ${otherName}` }, `a SHELL (${otherName}) other than the passwd shell`),
    );
    const reference = await referencePromise;
    const rows = [
      ...runs.flatMap((run) => positionRows(run.summary.context, run, reference)),
      ...stress.stress.filter((r) => r.variant === "slow-rc").slice(0, 1).flatMap((r) => positionRows("direct, slow rc under load", r.run, reference)),
      ...stress.control.slice(0, 1).flatMap((r) => positionRows("direct, slow rc, snapshot off", r.run, reference)),
    ];
    const callerEvidence = ctx.evidence("caller-environment.json", "env-diff", "per run and command position: caller PATH entries and variables lost, and differences from the user's own shell", rows);
    const referenceEvidence = reference ? [reference.evidence] : [];
    findings.push(callerEnvironmentFinding(rows, [callerEvidence, ...referenceEvidence, ...runs.map((run) => run.evidence)]));
    const userShell = userShellFinding(rows, reference, [callerEvidence, ...referenceEvidence, ...runs.filter((run) => run.summary.context === "user-shell").map((run) => run.evidence)]);
    if (userShell) findings.push(userShell);
    if (ptyMissing) findings.push(skippedFinding(ctx, "user-session-reference", "What does the user's own interactive login shell on a terminal see (the reference the tools' environment is compared with)?", ptyMissing, "the user's-shell reference session"));
    const closest = closestFinding(normalizedRuns);
    if (closest) findings.push(closest);
    else if (ptyMissing) findings.push(skippedFinding(ctx, "closest-headless-context", "Which headless (clean-output) context gives Codex's tools the environment closest to a terminal session (the pty run, same caller environment)?", ptyMissing, "the pty reference run"));
    return findings;
  },
};
