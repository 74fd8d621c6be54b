// Does the first command of a session see the same environment as later ones? Codex builds a shell
// snapshot (the environment after the user's rc files) in the background; a command that runs before
// it is ready runs without it. Fast rc files hide that, so the claim is tested where it is most likely
// to show: a slow rc file under CPU load, a failing rc file, a large environment with a long PATH —
// each repeated, reported k of n. A control (snapshot off, same slow rc) shows what makes runs agree.
import { limited } from "../../../../core/limited.js";
import { diffEnv } from "../../../../launch/env-diff.js";
import { rcSeen, type RcBehaviour } from "../../../../launch/rc-fixture.js";
import { busyLoadOn, LAB_LOAD_VAR, withBusyLoad } from "../../../busy-load.js";
import { claimStatus, verdict } from "../../../claim.js";
import type { LabContext } from "../../../experiment.js";
import type { Evidence, Finding } from "../../../findings.js";
import { ENV_RUNS, runContext, type ContextRun } from "./context-run.js";

/** Seconds a slow rc file takes: a user's .bashrc that loads nvm, conda or a prompt framework. */
export const SLOW_RC_SECONDS = 2;
/** Variables that differ between any two tool calls by design (Codex numbers its calls). */
export const PER_CALL_VARIABLES = ["CODEX_TOOL_CALL_ID"];

/** The mock model's pause before each later `env`: longer than the slow rc, so later commands come
 *  after a snapshot that started with the session is ready, as they do behind a real model. */
const GAP_MS = 3_000;
const BULK_VARIABLES = 60;
const BULK_BYTES = 50;
const EXTRA_PATH_ENTRIES = 80;

interface Variant {
  name: string;
  conditions: string;
  repeats: number;
  gapMs: number;
  rc?: RcBehaviour;
  load?: boolean;
  large?: boolean;
  config?: string[];
}

const gap = (ms: number): string => `the model pauses ${ms / 1000} s before each later command`;
/** The load lasts while it can matter: the first command races the snapshot; later ones come after it. */
const LOAD_CONDITION = "; one busy loop per core until the first command of every loaded run had run";
export const gapConditions = gap;
export const STRESS_VARIANTS: Variant[] = [
  { name: "slow-rc", conditions: `.bashrc and .zshrc sleep ${SLOW_RC_SECONDS} s before their exports${LOAD_CONDITION}; ${gap(GAP_MS)}`, repeats: 3, gapMs: GAP_MS, rc: { delaySeconds: SLOW_RC_SECONDS }, load: true },
  { name: "failing-rc", conditions: `.bashrc and .zshrc run a missing command and return 1 after their exports; ${gap(GAP_MS / 2)}`, repeats: 2, gapMs: GAP_MS / 2, rc: { failing: true } },
  { name: "large-env", conditions: `${BULK_VARIABLES} extra variables of ${BULK_BYTES} bytes and ${EXTRA_PATH_ENTRIES} extra PATH entries; ${gap(GAP_MS / 2)}`, repeats: 2, gapMs: GAP_MS / 2, large: true },
];
const CONTROL: Variant = { name: "slow-rc-no-snapshot", conditions: `as slow-rc, with features.shell_snapshot=false`, repeats: 2, gapMs: GAP_MS, rc: { delaySeconds: SLOW_RC_SECONDS }, load: true, config: ["features.shell_snapshot=false"] };

const BULK_PREFIX = "CHL_BULK_";
function largeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const patch: NodeJS.ProcessEnv = {};
  for (let i = 0; i < BULK_VARIABLES; i += 1) patch[`${BULK_PREFIX}${String(i).padStart(3, "0")}`] = "x".repeat(BULK_BYTES);
  const extra = Array.from({ length: EXTRA_PATH_ENTRIES }, (_, i) => `/nonexistent/chl-path-${i}`);
  return { ...patch, PATH: [env.PATH ?? "", ...extra].join(":") };
}

/** Codex shortens a long tool output in the middle; an `env` read back that way cannot be compared. */
function readBackWhole(run: ContextRun, large: boolean): boolean {
  return !large || run.summary.toolEnvs.every((env) => Object.entries(env).filter(([name, value]) => name.startsWith(BULK_PREFIX) && value.length === BULK_BYTES).length === BULK_VARIABLES);
}

export interface SnapshotRun {
  variant: string;
  run: ContextRun;
  /** Variables whose value differed between the first `env` and any later one (per-call ids ignored). */
  differing: string[];
  /** rc files whose marker variable the first command lacked and a later one had. */
  firstLacks: string[];
  term: [string | undefined, string | undefined];
}

/** First `env` of the turn against every later one. Undefined when the run did not get two. */
export function compareFirstAndLater(variant: string, run: ContextRun): SnapshotRun | undefined {
  const [first, ...later] = run.summary.toolEnvs;
  if (!first || later.length === 0) return undefined;
  const names = new Set<string>();
  for (const env of later) {
    const diff = diffEnv(first, env);
    for (const name of [...Object.keys(diff.added), ...Object.keys(diff.removed), ...Object.keys(diff.changed)]) if (!PER_CALL_VARIABLES.includes(name)) names.add(name);
  }
  const last = later.at(-1)!;
  const before = rcSeen(first, run.home).variables;
  const firstLacks = rcSeen(last, run.home).variables.filter((file) => !before.includes(file));
  return { variant, run, differing: [...names].sort(), firstLacks, term: [first.TERM, last.TERM] };
}

/** `firstCommandRan` is called once per run: when its first command has run, or when it ended without one. */
async function runVariant(ctx: LabContext, variant: Variant, atOnce = 2, firstCommandRan: () => void = () => {}): Promise<Array<SnapshotRun | { variant: string; failed: ContextRun }>> {
  return limited(Array.from({ length: variant.repeats }, (_, i) => i + 1), atOnce, async (i) => {
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      firstCommandRan();
    };
    let run: ContextRun;
    try {
      run = await runContext(ctx, "direct", `snapshot-${variant.name}-${i}`, {
        envGapMs: variant.gapMs,
        onFirstCommand: once,
        ...(variant.rc ? { rc: variant.rc } : {}),
        ...(variant.config ? { config: variant.config } : {}),
        ...(variant.large ? { envPatch: largeEnv } : {}),
      });
    } finally {
      once();
    }
    const compared = readBackWhole(run, variant.large === true) ? compareFirstAndLater(variant.name, run) : undefined;
    return compared ?? { variant: variant.name, failed: run };
  });
}

export interface SnapshotStress {
  stress: SnapshotRun[];
  control: SnapshotRun[];
  failed: ContextRun[];
  /** False when the loaded variants ran without their busy loops (LAB_LOAD_VAR). */
  loaded: boolean;
}

/** A variant's conditions as they were: without the loops when they were off. */
const conditionsOf = (variant: Variant, loaded: boolean): string =>
  variant.load && !loaded ? `${variant.conditions.replace(LOAD_CONDITION, "")} (the busy loops were off: ${LAB_LOAD_VAR}=off)` : variant.conditions;

/** The stress variants and the control. The loaded ones share one load window and all start in it at
 *  once, and the loops stop when the first command of each has run (LOAD_CONDITION): they hold every
 *  core while they last, which one variant after another, two runs at a time, to the end of each run,
 *  made three runs long (on a 2-core machine everything beside the lab waited). */
export async function runSnapshotStress(ctx: LabContext): Promise<SnapshotStress> {
  const loaded = [...STRESS_VARIANTS.filter((v) => v.load), CONTROL];
  const idle = STRESS_VARIANTS.filter((v) => !v.load);
  const load = busyLoadOn();
  if (load) ctx.progress(`snapshot stress: ${loaded.map((v) => v.name).join(", ")} under load`);
  else ctx.skip(`snapshot stress under CPU load (${loaded.map((v) => v.name).join(", ")} ran without it)`, { missing: `CPU load (${LAB_LOAD_VAR}=off)`, install: `unset ${LAB_LOAD_VAR}` });
  const runs = loaded.reduce((n, v) => n + v.repeats, 0);
  let ran = 0;
  let allRan = () => {};
  const everyFirstCommand = new Promise<void>((resolve) => (allRan = resolve));
  const onFirst = () => {
    ran += 1;
    if (ran === runs) allRan();
  };
  const loadedRuns = Promise.all(loaded.map((v) => runVariant(ctx, v, v.repeats, onFirst)));
  await withBusyLoad(() => Promise.race([everyFirstCommand, loadedRuns]));
  const underLoad = (await loadedRuns).flat();
  const rest = (await limited(idle, 1, (v) => runVariant(ctx, v))).flat();
  const all = [...underLoad, ...rest];
  const ok = all.filter((r): r is SnapshotRun => "differing" in r);
  return {
    stress: ok.filter((r) => r.variant !== CONTROL.name),
    control: ok.filter((r) => r.variant === CONTROL.name),
    failed: all.flatMap((r) => ("failed" in r ? [r.failed] : [])),
    loaded: load,
  };
}

const names = (list: string[], max = 8) => (list.length ? list.slice(0, max).join(" ") + (list.length > max ? ` (+${list.length - max})` : "") : "none");

/** `fast`: the context runs (rc files that only export), described by `fastConditions`. */
export function snapshotFinding(fast: SnapshotRun[], fastConditions: string, measured: SnapshotStress, evidence: Evidence): Finding {
  const { stress, control, failed, loaded } = measured;
  const differs = (r: SnapshotRun) => r.differing.length > 0;
  const n = stress.length;
  const k = stress.filter(differs).length;
  const variants = [...STRESS_VARIANTS, CONTROL].map((v) => ({ variant: v, runs: [...stress, ...control].filter((r) => r.variant === v.name) }));
  const table = [
    { variant: "fast rc files (the context runs)", conditions: fastConditions, runs: fast.length, "first ≠ later": fast.filter(differs).length, "variables that differed": names([...new Set(fast.flatMap((r) => r.differing))]), "first command lacked": names([...new Set(fast.flatMap((r) => r.firstLacks))]), "TERM first → later": "" },
    ...variants.map(({ variant, runs }) => ({
      variant: variant.name,
      conditions: conditionsOf(variant, loaded),
      runs: runs.length,
      "first ≠ later": runs.filter(differs).length,
      "variables that differed": names([...new Set(runs.flatMap((r) => r.differing))]),
      "first command lacked": names([...new Set(runs.flatMap((r) => r.firstLacks))]),
      "TERM first → later": [...new Set(runs.filter(differs).map((r) => `${r.term[0] ?? "unset"} → ${r.term[1] ?? "unset"}`))].join(", "),
    })),
  ];
  const per = variants
    .filter(({ variant }) => variant !== CONTROL)
    .map(({ variant, runs }) => {
      const hit = runs.filter(differs);
      const lacks = [...new Set(hit.flatMap((r) => r.firstLacks))];
      return `${variant.name} ${hit.length} of ${runs.length}${lacks.length ? ` (the first command lacked the exports of ${lacks.join(", ")})` : ""}`;
    });
  const agreed = control.filter((r) => !differs(r)).length;
  const answer = n === 0
    ? `Not measured: none of the ${failed.length} stress runs produced two \`env\` outputs.`
    : `${verdict(k, n)}: under the conditions most likely to show it, the first command saw a different environment than later ones — ${per.join("; ")}. ` +
      `With rc files that only export (the ${fast.length} context runs) it did in ${fast.filter(differs).length} of ${fast.length}. ` +
      `With features.shell_snapshot=false and the slow rc, first and later commands agreed in ${agreed} of ${control.length} runs.` +
      (failed.length ? ` ${failed.length} run(s) are not counted: they did not give two \`env\` outputs that could be read back whole.` : "");
  return {
    id: "snapshot-first-vs-later",
    question: "Within one session, can the first command Codex runs see a different environment than later ones (the shell snapshot not ready yet)?",
    answer,
    status: n === 0 ? "error" : claimStatus(k, n),
    ...(n > 0 ? { repeats: { n, k } } : {}),
    conditions: STRESS_VARIANTS.map((v) => `${v.name}: ${conditionsOf(v, loaded)} (×${v.repeats})`).join("; ") + `; each run: Codex launched directly, \`env\` run ${ENV_RUNS} times in one turn`,
    evidence: [evidence, ...[...stress, ...control].map((r) => r.run.evidence), ...failed.map((r) => r.evidence)],
    table,
  };
}
