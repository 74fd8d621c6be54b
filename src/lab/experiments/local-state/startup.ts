// Direct vs tool-launched start-up: the same one-turn run launched through every context, rounds
// interleaved so that load drift hits all contexts alike. Measured per context: time from spawning the
// launch command to Codex's first event (the start-up a caller waits through), the whole run, and what
// the run wrote into its Codex home, by class.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { writeRcFiles } from "../../../launch/rc-fixture.js";
import { diffSnapshots, snapshotHome } from "../../../home/snapshot.js";
import { CONTEXTS, type LaunchContextName } from "../../../launch/context.js";
import { summarize } from "../../../core/stats.js";
import type { Experiment } from "../../experiment.js";
import type { Evidence } from "../../findings.js";
import { contextMissing } from "../../prerequisites.js";

const ROUNDS = 3;

interface Sample {
  context: LaunchContextName;
  ok: boolean;
  firstEventMs?: number;
  totalMs: number;
  written: Record<string, number>;
}

/** "sessions 1, sqlite 6" — a home diff's classes, in a stable order. */
function classes(written: Record<string, number>): string {
  return Object.keys(written).sort().map((name) => `${name} ${written[name]!}`).join(", ") || "nothing";
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

    const rows = contexts.map((context) => {
      const mine = samples.filter((s) => s.context === context);
      const startup = summarize(mine.flatMap((s) => (s.firstEventMs === undefined ? [] : [s.firstEventMs])));
      const total = summarize(mine.map((s) => s.totalMs));
      return { context, ok: `${mine.filter((s) => s.ok).length}/${mine.length}`, startup, total, written: classes(mine[0]!.written), kinds: Object.keys(mine[0]!.written).sort().join(", ") };
    });
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
    const slower = rows.filter((row) => row !== direct && row.startup.min > direct.startup.max);
    const sameKinds = rows.every((row) => row.kinds === direct.kinds);
    const counts = (name: string) => [...new Set(samples.map((s) => s.written[name] ?? 0))].sort((a, b) => a - b);
    const varying = direct.kinds.split(", ").filter((name) => name && counts(name).length > 1);
    const allOk = samples.every((s) => s.ok);
    return [
      {
        id: "startup-direct-vs-launched",
        question: "Does launching Codex from a tool or through a shell change its start-up — how long until its first event, and what it writes into its home?",
        answer: [
          `Spawn to Codex's first event, median of ${ROUNDS} interleaved runs: ${rows.map((row) => `${row.context} ${Math.round(row.startup.median)} ms`).join(", ")}.`,
          slower.length
            ? `Slower than direct in every run (the fastest above direct's slowest): ${slower.map((row) => `${row.context} (${(row.startup.median / direct.startup.median).toFixed(2)}x)`).join(", ")}; the difference is the launching shell or terminal, which starts before Codex does.`
            : "No context was slower than direct in every run: within this spread, how Codex is launched does not change its start-up time.",
          sameKinds
            ? `Every context wrote the same kinds of files into the Codex home (${direct.kinds})${varying.length ? `; only the number of files within a kind varied from run to run (${varying.map((name) => `${name} ${counts(name)[0]!}–${counts(name).at(-1)!}`).join(", ")}, across all runs)` : ", in the same numbers"}: what a run leaves in its home does not depend on how Codex was launched.`
            : `What the run wrote into the Codex home differs by context: ${rows.map((row) => `${row.context}: ${row.written}`).join("; ")}.`,
        ].join(" "),
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
