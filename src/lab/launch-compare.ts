// One launch context's run reduced to what matters for the shell-mimic question, and the comparison
// of two such summaries: environment, what the model was told, snapshot effects, output cleanliness,
// exit, timing, answer.
import type { RunRecord } from "../run/record.js";
import { diffEnv, type EnvDiff } from "../launch/env-diff.js";
import { environmentContextOf } from "../launch/environment-context.js";
import { toolEnvsFromRequests } from "../launch/tool-env.js";
import { countAnsi } from "../observe/output-rules.js";

export interface ContextSummary {
  context: string;
  exitCode: number | null;
  outcome: string;
  durationMs: number;
  finalResponse: string;
  /** Bytes on stdout that were not Codex's JSON events (the final message travels inside them). */
  stdoutExtraBytes: number;
  ansiSequences: number;
  stderrByClass: Record<string, number>;
  launchEnv: Record<string, string>;
  /** Every `env` the tools ran in the turn, in order. */
  toolEnvs: Array<Record<string, string>>;
  environmentContext: Record<string, string>;
  /** The commands Codex ran, as it reported them (e.g. `/bin/bash -lc env`). */
  commands: string[];
}

export function summarize(record: RunRecord): ContextSummary {
  const stderrByClass: Record<string, number> = {};
  for (const line of record.stderr) stderrByClass[line.class] = (stderrByClass[line.class] ?? 0) + 1;
  const noise = record.stdoutNoise.join("\n");
  return {
    context: record.context,
    exitCode: record.exitCode,
    outcome: record.outcome,
    durationMs: record.timings.endMs - record.timings.startMs,
    finalResponse: record.finalResponse,
    stdoutExtraBytes: Buffer.byteLength(noise),
    ansiSequences: countAnsi(noise) + record.stderr.reduce((n, line) => n + countAnsi(line.line), 0),
    stderrByClass,
    launchEnv: record.launchEnv,
    toolEnvs: toolEnvsFromRequests(record.provider.requests),
    environmentContext: environmentContextOf(record.provider.requests) ?? {},
    commands: record.events.flatMap((event) => (event.type === "item.started" && event.item.type === "command_execution" ? [event.item.command] : [])),
  };
}

/** Names of variables matching `pattern` in an environment, sorted (e.g. the fixture's markers). */
export function markersIn(env: Record<string, string> | undefined, pattern: RegExp): string[] {
  return Object.keys(env ?? {}).filter((name) => pattern.test(name)).sort();
}

export interface ContextComparison {
  a: string;
  b: string;
  launchEnv: EnvDiff;
  toolEnv: EnvDiff;
  /** Fields of <environment_context> that differ: name → [a, b]. */
  toldDiffers: Record<string, [string | undefined, string | undefined]>;
  /** Within each run, first `env` vs the last one of the same turn: what the shell snapshot changed. */
  snapshotEffect: { a: EnvDiff | undefined; b: EnvDiff | undefined };
  stdoutExtraBytes: [number, number];
  ansiSequences: [number, number];
  stderrByClass: [Record<string, number>, Record<string, number>];
  exitCode: [number | null, number | null];
  durationMs: [number, number];
  sameAnswer: boolean;
}

function snapshotEffect(summary: ContextSummary): EnvDiff | undefined {
  const first = summary.toolEnvs[0];
  const last = summary.toolEnvs.at(-1);
  return first && last && summary.toolEnvs.length > 1 ? diffEnv(first, last) : undefined;
}

export function compareContexts(a: ContextSummary, b: ContextSummary): ContextComparison {
  const told: ContextComparison["toldDiffers"] = {};
  for (const key of new Set([...Object.keys(a.environmentContext), ...Object.keys(b.environmentContext)])) {
    if (a.environmentContext[key] !== b.environmentContext[key]) told[key] = [a.environmentContext[key], b.environmentContext[key]];
  }
  return {
    a: a.context,
    b: b.context,
    launchEnv: diffEnv(a.launchEnv, b.launchEnv),
    toolEnv: diffEnv(a.toolEnvs.at(-1) ?? {}, b.toolEnvs.at(-1) ?? {}),
    toldDiffers: told,
    snapshotEffect: { a: snapshotEffect(a), b: snapshotEffect(b) },
    stdoutExtraBytes: [a.stdoutExtraBytes, b.stdoutExtraBytes],
    ansiSequences: [a.ansiSequences, b.ansiSequences],
    stderrByClass: [a.stderrByClass, b.stderrByClass],
    exitCode: [a.exitCode, b.exitCode],
    durationMs: [a.durationMs, b.durationMs],
    sameAnswer: a.finalResponse === b.finalResponse,
  };
}

/** Every unordered pair, in the given order. */
export function compareAllPairs(summaries: ContextSummary[]): ContextComparison[] {
  const out: ContextComparison[] = [];
  for (let i = 0; i < summaries.length; i++) for (let j = i + 1; j < summaries.length; j++) out.push(compareContexts(summaries[i]!, summaries[j]!));
  return out;
}
