// Findings of the shell-mimic experiment, computed from the runs' summaries alone: every answer is
// built from what was measured, and its status follows from the numbers.
import { diffEnv } from "../../../../launch/env-diff.js";
import { rcSeen, type RcFile } from "../../../../launch/rc-fixture.js";
import { claimOnce } from "../../../claim.js";
import type { Evidence, Finding } from "../../../findings.js";
import type { ContextRun } from "./context-run.js";
import { PER_CALL_VARIABLES } from "./snapshot.js";

export type { ContextRun } from "./context-run.js";

const list = (files: RcFile[]) => files.join(" ") || "none";

export function markersFinding(runs: ContextRun[], tableEvidence: Evidence): Finding {
  const table = runs.map((run) => {
    const launch = rcSeen(run.summary.launchEnv, run.home);
    const tools = rcSeen(run.summary.toolEnvs.at(-1), run.home);
    return { context: run.summary.context, "Codex got": list(launch.variables), "tools: variables": list(tools.variables), "tools: PATH entries": list(tools.pathEntries) };
  });
  const zshReached = table.filter((row) => row["tools: variables"].includes(".z")).map((row) => row.context);
  const everywhere = (["~/.bash_profile", "~/.bashrc"] as const).filter((_, i) =>
    runs.every((run) => rcSeen(run.summary.toolEnvs.at(-1), run.home).variables.includes(i === 0 ? ".bash_profile" : ".bashrc")),
  );
  return {
    id: "rc-markers-per-context",
    question: "Which rc files' exports reach Codex, and which reach the commands it runs, in each launch context?",
    answer:
      `Tools saw the markers of ${everywhere.join(" and ") || "no bash rc file"} in all ${runs.length} contexts; ` +
      `zsh markers reached tools only in ${zshReached.join(", ") || "none"} (${zshReached.length} of ${runs.length}).`,
    status: "measured",
    evidence: [tableEvidence, ...runs.map((run) => run.evidence)],
    table,
  };
}

export function throughCodexFinding(direct: ContextRun, noSnapshot: ContextRun): Finding {
  const withSnap = rcSeen(direct.summary.toolEnvs.at(-1), direct.home).variables;
  const without = rcSeen(noSnapshot.summary.toolEnvs.at(-1), noSnapshot.home).variables;
  const launch = rcSeen(direct.summary.launchEnv, direct.home).variables;
  const bySnapshot = withSnap.filter((file) => !without.includes(file));
  const byLoginShell = without.filter((file) => !launch.includes(file));
  const claim = claimOnce(
    withSnap.length > launch.length,
    `Codex was launched with ${list(launch)} of the markers; its tools saw ${list(withSnap)}. With features.shell_snapshot=false they saw ${list(without)}: ` +
      `${list(byLoginShell)} come from Codex's own login shell for tools, ${list(bySnapshot)} from its shell snapshot.`,
  );
  return {
    id: "markers-through-codex",
    question: "In `direct` (no shell of ours), do rc files reach tools through Codex itself, beyond what Codex was launched with, and by which mechanism?",
    ...claim,
    table: [
      { run: "direct", "Codex launched with": list(launch), "tools saw": list(withSnap) },
      { run: "direct, features.shell_snapshot=false", "Codex launched with": list(rcSeen(noSnapshot.summary.launchEnv, noSnapshot.home).variables), "tools saw": list(without) },
    ],
    evidence: [direct.evidence, noSnapshot.evidence],
  };
}

export function pathLostFinding(runs: ContextRun[]): Finding {
  const table = runs.map((run) => {
    const launchPath = rcSeen(run.summary.launchEnv, run.home).pathEntries;
    const toolPath = rcSeen(run.summary.toolEnvs.at(-1), run.home).pathEntries;
    const launchVars = rcSeen(run.summary.launchEnv, run.home).variables;
    const toolVars = rcSeen(run.summary.toolEnvs.at(-1), run.home).variables;
    return {
      context: run.summary.context,
      "PATH entries lost": list(launchPath.filter((file) => !toolPath.includes(file))),
      "variables lost": list(launchVars.filter((file) => !toolVars.includes(file))),
    };
  });
  const lossy = table.filter((row) => row["PATH entries lost"] !== "none" && !row["PATH entries lost"].includes(".bash"));
  return {
    id: "launch-path-not-inherited",
    question: "Are PATH entries that a launch context's rc files add lost before Codex's tools run (on Codex's PATH, not on its tools')?",
    answer: lossy.length
      ? `Yes, for ${lossy.map((row) => row.context).join(", ")}: their rc PATH entries were on Codex's PATH but not on its tools' PATH, while the exported variables survived.`
      : `No: in all ${runs.length} contexts every PATH entry the launch context added (other than those the tools' own login bash adds again) was still on the tools' PATH.`,
    status: lossy.length ? "confirmed" : "refuted",
    evidence: runs.map((run) => run.evidence),
    table,
  };
}

function told(shells: string[]): string {
  const distinct = [...new Set(shells)];
  return distinct.length === 1 ? `the model was told shell ${distinct[0]} in every context.` : `the model was told different shells: ${distinct.join(", ")}.`;
}

export function cleanlinessFinding(runs: ContextRun[], pairsEvidence: Evidence): Finding {
  const direct = runs.find((run) => run.summary.context === "direct")?.summary;
  const table = runs.map(({ summary }) => ({
    context: summary.context,
    exit: summary.exitCode,
    "ms": summary.durationMs,
    "stdout bytes beyond answer": summary.stdoutExtraBytes,
    "ANSI sequences": summary.ansiSequences,
    "stderr by class": Object.entries(summary.stderrByClass).map(([name, n]) => `${name}×${n}`).join(" ") || "none",
    "model told shell": summary.environmentContext.shell ?? "?",
    "same answer as direct": direct ? summary.finalResponse === direct.finalResponse : null,
  }));
  const dirty = table.filter((row) => row["stdout bytes beyond answer"] > 0 || row["ANSI sequences"] > 0).map((row) => row.context);
  const failed = table.filter((row) => row.exit !== 0).map((row) => row.context);
  const noisy = table.filter((row) => row["stderr by class"] !== "none").map((row) => `${row.context} (${row["stderr by class"]})`);
  return {
    id: "output-cleanliness",
    question: "Does the launch context change exit code, stdout cleanliness, ANSI output or stderr noise?",
    answer:
      `${runs.length - failed.length} of ${runs.length} contexts exited 0; ` +
      `${dirty.length ? `${dirty.join(", ")} had bytes beyond the answer or ANSI sequences on stdout (kept out of the answer, recorded as stdoutNoise)` : "none had bytes beyond the answer or ANSI sequences on stdout"}; ` +
      `${noisy.length ? `stderr lines: ${noisy.join(", ")}; none in the others` : "no context printed stderr lines"}; ` +
      told(table.map((row) => row["model told shell"])),
    status: "measured",
    evidence: [pairsEvidence, ...runs.map((run) => run.evidence)],
    table,
  };
}

/** Closest to a terminal session (the `pty` run) by the tools' environment, among the clean contexts. */
export function closestFinding(runs: ContextRun[]): Finding | undefined {
  const reference = runs.find((run) => run.summary.context === "pty");
  if (!reference) return undefined;
  const refEnv = reference.summary.toolEnvs.at(-1) ?? {};
  const table = runs
    .filter((run) => run !== reference)
    .map((run) => {
      const diff = diffEnv(refEnv, run.summary.toolEnvs.at(-1) ?? {});
      const differing = [...Object.keys(diff.added), ...Object.keys(diff.removed), ...Object.keys(diff.changed)].filter((name) => !PER_CALL_VARIABLES.includes(name) && !/^CODEX_(THREAD|SESSION)_ID$/.test(name));
      return {
        context: run.summary.context,
        "tool variables differing from pty": differing.length,
        names: differing.sort().slice(0, 12).join(" ") + (differing.length > 12 ? " …" : ""),
        clean: run.summary.stdoutExtraBytes === 0 && run.summary.ansiSequences === 0 && run.summary.exitCode === 0,
      };
    })
    .sort((a, b) => a["tool variables differing from pty"] - b["tool variables differing from pty"]);
  const best = table.find((row) => row.clean);
  // Contexts as close as the best are a tie, said as one: the sort order alone must not pick a winner.
  const tied = best ? table.filter((row) => row.clean && row["tool variables differing from pty"] === best["tool variables differing from pty"]) : [];
  const each = (row: (typeof table)[number]) => `${row.context} (${row.names || "none"})`;
  return {
    id: "closest-headless-context",
    question: "Which headless (clean-output) context gives Codex's tools the environment closest to a terminal session (the pty run, same caller environment)?",
    answer: best
      ? tied.length > 1
        ? `A tie of ${tied.length} contexts, one run each: ${tied.map(each).join(", ")}; in each, ${best["tool variables differing from pty"]} tool variable(s) differ from the pty run (thread and call ids ignored).`
        : `${best.context}: ${best["tool variables differing from pty"]} tool variable(s) differ from the pty run (${best.names || "none"}; thread and call ids ignored; one run per context).`
      : "No context was clean.",
    status: best ? "measured" : "error",
    evidence: [reference.evidence, ...runs.filter((run) => run !== reference).map((run) => run.evidence)],
    table,
  };
}

export function shellVarFinding(run: ContextRun, shellVar: string, passwdShell: string): Finding {
  const told = run.summary.environmentContext.shell ?? "?";
  const command = run.summary.commands[0] ?? "?";
  const followed = command.startsWith(shellVar) || told === shellVar.split("/").pop();
  return {
    id: "tool-shell-source",
    question: "Does Codex choose the shell for its tools (and the shell it tells the model) from SHELL or from the passwd entry?",
    answer:
      `With SHELL=${shellVar} and passwd shell ${passwdShell}, Codex ran \`${command}\` and told the model shell ${told}: ` +
      (followed ? "it followed SHELL." : "it ignored SHELL and used the passwd entry."),
    status: "measured",
    evidence: [run.evidence],
  };
}
