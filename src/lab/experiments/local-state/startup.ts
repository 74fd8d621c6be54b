// Direct vs tool-launched start-up: the same one-turn run launched through every context, rounds
// interleaved so that load drift hits all contexts alike. Measured per context: time from spawning the
// launch command to Codex's first event (the start-up a caller waits through), the whole run, and what
// the run wrote into its Codex home, by class.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { writeRcFiles } from "../../../launch/rc-fixture.js";
import { diffSnapshots, snapshotHome } from "../../../home/snapshot.js";
import { CONTEXTS, type LaunchContextName } from "../../../launch/context.js";
import { summarize, type Summary } from "../../../core/stats.js";
import type { Experiment } from "../../experiment.js";
import type { Evidence } from "../../findings.js";
import { contextMissing } from "../../prerequisites.js";

const ROUNDS = 3;

export interface Sample {
  context: LaunchContextName;
  ok: boolean;
  firstEventMs?: number;
  totalMs: number;
  written: Record<string, number>;
}

/** "sessions 1, sqlite 5–6" — what a context's runs wrote into the Codex home, per class over all its
 *  runs (a class some run did not write counts 0 there). */
export function writtenOverRuns(runs: Array<Record<string, number>>): string {
  const names = [...new Set(runs.flatMap((written) => Object.keys(written)))].sort();
  return (
    names
      .map((name) => {
        const counts = runs.map((written) => written[name] ?? 0);
        const [low, high] = [Math.min(...counts), Math.max(...counts)];
        return `${name} ${low === high ? low : `${low}–${high}`}`;
      })
      .join(", ") || "nothing"
  );
}

const kindsOf = (written: Record<string, number>) => Object.keys(written).sort().join(", ") || "nothing";

/** The start-up answer, judged over every run of every context: slower only when the context's
 *  fastest run was above direct's slowest, the same kinds written only when every run wrote them. */
export function startupAnswer(samples: Sample[], contexts: LaunchContextName[], rounds: number): { answer: string; rows: Array<{ context: LaunchContextName; ok: string; startup: Summary; total: Summary; written: string }> } {
  const rows = contexts.map((context) => {
    const mine = samples.filter((s) => s.context === context);
    const startup = summarize(mine.flatMap((s) => (s.firstEventMs === undefined ? [] : [s.firstEventMs])));
    const total = summarize(mine.map((s) => s.totalMs));
    return { context, ok: `${mine.filter((s) => s.ok).length}/${mine.length}`, startup, total, written: writtenOverRuns(mine.map((s) => s.written)) };
  });
  const direct = rows.find((row) => row.context === "direct")!;
  const slower = rows.filter((row) => row !== direct && row.startup.min > direct.startup.max);
  const kinds = [...new Set(samples.map((s) => kindsOf(s.written)))];
  const counts = (name: string) => [...new Set(samples.map((s) => s.written[name] ?? 0))].sort((a, b) => a - b);
  const varying = (kinds[0] ?? "").split(", ").filter((name) => name && name !== "nothing" && counts(name).length > 1);
  const perContext = contexts.map((context) => {
    const mine = samples.filter((s) => s.context === context);
    const seen = [...new Set(mine.map((s) => kindsOf(s.written)))];
    return `${context}: ${seen.map((k) => `${k} in ${mine.filter((s) => kindsOf(s.written) === k).length} of ${mine.length}`).join("; ")}`;
  });
  const answer = [
    `Spawn to Codex's first event, median of ${rounds} interleaved runs: ${rows.map((row) => `${row.context} ${Math.round(row.startup.median)} ms`).join(", ")}.`,
    slower.length
      ? `Slower than direct in every run (the fastest above direct's slowest): ${slower.map((row) => `${row.context} (${(row.startup.median / direct.startup.median).toFixed(2)}x)`).join(", ")}; the difference is the launching shell or terminal, which starts before Codex does.`
      : `No context was slower than direct in all of its ${rounds} runs (none had its fastest run above direct's slowest): no start-up difference stood out of this spread, which ${rounds} runs per context cannot rule out.`,
    kinds.length === 1
      ? `All ${samples.length} runs, every context, wrote the same kinds of files into the Codex home (${kinds[0]!})${varying.length ? `; only the number of files within a kind varied from run to run (${varying.map((name) => `${name} ${counts(name)[0]!}–${counts(name).at(-1)!}`).join(", ")})` : ", in the same numbers"}: in these runs, what a run left in its home did not depend on how Codex was launched.`
      : `The kinds of files written into the Codex home were not the same in all ${samples.length} runs: ${perContext.join("; ")}.`,
  ].join(" ");
  return { answer, rows };
}

export const localStateStartup: Experiment = {
  id: "local-state-startup",
  direction: "local-state",
  title: "Start-up and files written: direct against tool-launched and shell-launched Codex",
  seconds: 55,
  async run(ctx) {
    // A context whose shell or terminal is missing is skipped and listed; the others are still timed.
    const probeEnv = ctx.fixture("prerequisites").env;
    const contexts = CONTEXTS.filter((context) => {
      const why = contextMissing(context, probeEnv);
      if (why) ctx.skip(`launch context ${context}`, why);
      return !why;
    });
    const samples: Sample[] = [];
    const evidence: Evidence[] = [];
    // One run not counted: the first Codex start after a while pays for a cold page cache, and
    // whichever context came first would carry it.
    const warmUp = ctx.fixture("warm-up");
    await ctx.run("warm-up", { prompt: "hi", scenario: "hello", timeoutMs: 60_000 }, warmUp);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const context of contexts) {
        const name = `${context}-${round + 1}`;
        const fixture = ctx.fixture(name);
        writeRcFiles(fixture.home);
        const home = path.join(fixture.home, "codex-home");
        mkdirSync(home, { recursive: true, mode: 0o700 });
        const before = snapshotHome(home);
        ctx.progress(`round ${round + 1}/${ROUNDS}: ${context}`);
        const { record, evidence: e } = await ctx.run(name, { prompt: "hi", scenario: "hello", context, home, timeoutMs: 60_000 }, fixture);
        const diff = diffSnapshots(before, snapshotHome(home));
        if (round === 0) evidence.push(e, ctx.evidence(`${name}.diff.json`, "home-diff", `${context}: what the run wrote into its Codex home`, diff));
        const { startMs, firstEventMs, endMs } = record.timings;
        samples.push({ context, ok: record.outcome === "ok", ...(firstEventMs ? { firstEventMs: firstEventMs - startMs } : {}), totalMs: endMs - startMs, written: diff.byClass });
      }
    }
    evidence.push(ctx.evidence("samples.json", "timings", `${samples.length} runs: start-up and total per context, ${ROUNDS} interleaved rounds`, samples));

    const { answer, rows } = startupAnswer(samples, contexts, ROUNDS);
    const direct = rows.find((row) => row.context === "direct")!;
    const table = rows.map((row) => ({
      context: row.context,
      "runs ok": row.ok,
      "start-up ms (median)": Math.round(row.startup.median),
      "start-up ms (min–max)": `${Math.round(row.startup.min)}–${Math.round(row.startup.max)}`,
      "start-up vs direct": `${(row.startup.median / direct.startup.median).toFixed(2)}x`,
      "whole run ms (median)": Math.round(row.total.median),
      "written into the Codex home": row.written,
    }));
    const allOk = samples.every((s) => s.ok);
    return [
      {
        id: "startup-direct-vs-launched",
        question: "Does launching Codex from a tool or through a shell change its start-up — how long until its first event, and what it writes into its home?",
        answer,
        status: allOk ? "measured" : "error",
        // The direct launch's start-up, for `lab --compare` to tell a Codex change from noise.
        ...(direct.startup.n > 0 ? { spread: { n: direct.startup.n, p25: Math.round(direct.startup.p25), median: Math.round(direct.startup.median), p75: Math.round(direct.startup.p75), unit: "ms" } } : {}),
        conditions: `${ROUNDS} interleaved rounds after one uncounted warm-up run; rc files that only export; contexts measured: ${contexts.join(", ")}`,
        table,
        evidence,
      },
    ];
  },
};
