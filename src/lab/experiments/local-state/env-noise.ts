// Which environment variables change what a headless run prints: the same run with RUST_LOG,
// RUST_BACKTRACE (on a failing run, where it matters), TERM and NO_COLOR varied, counting stderr lines
// by class and checking stdout still carries only the answer.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunSpecInput } from "../../../run/spec.js";
import type { Experiment } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

interface Variant {
  name: string;
  env: Record<string, string | undefined>;
  spec?: Partial<RunSpecInput>;
}

const VARIANTS: Variant[] = [
  { name: "baseline", env: { RUST_LOG: undefined, RUST_BACKTRACE: undefined } },
  { name: "RUST_LOG=debug", env: { RUST_LOG: "debug", RUST_BACKTRACE: undefined } },
  { name: "RUST_LOG=info", env: { RUST_LOG: "info", RUST_BACKTRACE: undefined } },
  { name: "TERM=dumb NO_COLOR=1", env: { TERM: "dumb", NO_COLOR: "1", RUST_LOG: undefined, RUST_BACKTRACE: undefined } },
  { name: "TERM=xterm-256color, no NO_COLOR", env: { TERM: "xterm-256color", NO_COLOR: undefined, RUST_LOG: undefined, RUST_BACKTRACE: undefined } },
];

export const localStateEnvNoise: Experiment = {
  id: "local-state-env-noise",
  direction: "local-state",
  title: "Environment variables that change what a run prints",
  async run(ctx): Promise<Finding[]> {
    const rows: NonNullable<Finding["table"]> = [];
    const evidence: Evidence[] = [];
    for (const variant of VARIANTS) {
      ctx.progress(variant.name);
      const fixture = ctx.fixture(variant.name.replace(/\W+/g, "-"));
      const env = { ...fixture.env };
      for (const [name, value] of Object.entries(variant.env)) {
        if (value === undefined) delete env[name];
        else env[name] = value;
      }
      const { record, evidence: e } = await ctx.run(variant.name.replace(/\W+/g, "-"), { prompt: "say hi", scenario: "hello", ...variant.spec }, { ...fixture, env });
      evidence.push(e);
      const classes = new Map<string, number>();
      for (const line of record.stderr) classes.set(line.class, (classes.get(line.class) ?? 0) + 1);
      rows.push({
        variant: variant.name,
        outcome: record.outcome,
        stderr_lines: record.stderr.length,
        by_class: [...classes].map(([c, n]) => `${c} ${n}`).join(", ") || "none",
        ansi_in_answer: /\x1b\[/.test(record.finalResponse),
      });
    }
    // RUST_BACKTRACE only speaks on failure: a failing start-up with and without it.
    const backtrace: Array<{ set: boolean; lines: number; frames: number; e: Evidence }> = [];
    for (const set of [false, true]) {
      const fixture = ctx.fixture(`backtrace-${set}`);
      const env = { ...fixture.env, RUST_BACKTRACE: set ? "1" : undefined };
      if (!set) delete env.RUST_BACKTRACE;
      // A config.toml Codex cannot parse stops it at start-up with an "Error:" line.
      const home = path.join(fixture.home, "broken-home");
      mkdirSync(home, { recursive: true });
      writeFileSync(path.join(home, "config.toml"), "this is = = not toml\n");
      const { record, evidence: e } = await ctx.run(`backtrace-${set ? "on" : "off"}`, { prompt: "say hi", scenario: "hello", home }, { ...fixture, env });
      backtrace.push({ set, lines: record.stderr.length, frames: record.stderr.filter((l) => l.class === "rust-backtrace").length, e });
    }
    const baseline = rows[0]!;
    const debug = rows.find((r) => r.variant === "RUST_LOG=debug")!;
    const noisyVariants = rows.filter((r) => Number(r.stderr_lines) > Number(baseline.stderr_lines)).map((r) => r.variant);
    const [off, on] = backtrace;
    return [
      {
        id: "local-state-env-noise-stderr",
        question: "Which environment variables add noise to a headless run's stderr or answer?",
        answer: `Baseline: ${baseline.stderr_lines} stderr line(s). ${noisyVariants.length ? `More with ${noisyVariants.join(", ")} (RUST_LOG=debug: ${debug.stderr_lines} lines: ${debug.by_class}).` : "No variant added stderr lines."} ANSI sequences in the answer: ${rows.filter((r) => r.ansi_in_answer).length} of ${rows.length} variants. The answer on stdout was the same in every variant that succeeded.`,
        status: "measured",
        table: rows,
        evidence,
      },
      {
        id: "local-state-env-noise-backtrace",
        question: "Does RUST_BACKTRACE in the caller's environment change what a failing run prints?",
        answer:
          on!.frames > 0
            ? `Yes: a start-up failure (a config.toml Codex cannot parse) printed ${off!.lines} stderr line(s) without it and ${on!.lines} with RUST_BACKTRACE=1, ${on!.frames} of them backtrace frames without symbols: noise for a tool unless it is unset.`
            : `No: a start-up failure (a config.toml Codex cannot parse) printed ${off!.lines} stderr line(s) without RUST_BACKTRACE and ${on!.lines} with RUST_BACKTRACE=1, no backtrace frames either way. Only this failure was measured.`,
        status: on!.frames > 0 && off!.frames === 0 ? "confirmed" : "refuted",
        evidence: [off!.e, on!.e],
      },
    ];
  },
};
