// The caller's environment against what tools see, and against the user's own shell. Every entry of
// the caller's PATH and every caller variable is followed into the tools' environment of each run,
// at the first command of the turn and at a later one; the reference is `env` typed into an
// interactive login session of the user's passwd shell on a pseudo-terminal, with the same rc files
// and the same caller exports. "Same" ignores only SHLVL, _, PWD and OLDPWD.
import path from "node:path";
import { diffEnv } from "../../../../launch/env-diff.js";
import { writeRcFiles } from "../../../../launch/rc-fixture.js";
import { captureUserSession, SESSION_VARIABLES, type UserSession } from "../../../../launch/user-session.js";
import type { LabContext } from "../../../experiment.js";
import type { Evidence, Finding } from "../../../findings.js";
import { runCount } from "../../../claim.js";
import { addCallerExports, CALLER_BIN, CALLER_VARIABLE, type ContextRun } from "./context-run.js";

export interface CallerReference {
  session: UserSession;
  /** The session's environment with its fixture folder written as $FIXTURE. */
  env: Record<string, string>;
  evidence: Evidence;
}

type Env = Record<string, string | undefined>;

function normalized(env: Env | undefined, home: string): Record<string, string> {
  const root = path.dirname(home);
  // Codex's per-run helper folder has random parts (a temp home, arg0 links): written as * so runs compare.
  const clean = (v: string) => v.split(root).join("$FIXTURE").replace(/homes\/home-[A-Za-z0-9]+/g, "homes/home-*").replace(/codex-arg0[A-Za-z0-9]+/g, "codex-arg0*");
  return Object.fromEntries(Object.entries(env ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, clean(v)]])));
}

/** One interactive login session of the passwd shell on a terminal, in a fixture like the runs'. */
export async function captureReference(ctx: LabContext): Promise<CallerReference> {
  const fixture = ctx.fixture("user-session");
  addCallerExports(fixture.env, fixture.home);
  writeRcFiles(fixture.home);
  ctx.progress("reference: env in an interactive login session on a terminal");
  const session = await captureUserSession(fixture.env, fixture.cwd);
  const env = normalized(session.env, fixture.home);
  const evidence = ctx.evidence("user-session.json", "capture", `env typed into ${session.shell} -il on a pseudo-terminal (${session.ms} ms${session.timedOut ? ", timed out" : ""})`, { shell: session.shell, ms: session.ms, timedOut: session.timedOut, env });
  return { session, env, evidence };
}

const ignored = (name: string) => SESSION_VARIABLES.includes(name);

export interface PositionRow {
  run: string;
  context: string;
  position: "first" | "later";
  callerEntriesLost: string[];
  callerEntries: number;
  /** The caller's PATH entries, normalized like fromUserShell. */
  callerPathNormalized: string[];
  exportedEntry: "kept" | "lost";
  exportedVariable: "kept" | "lost";
  /** TERM as the tools saw it. */
  toolTerm?: string;
  callerVariablesLost: string[];
  callerVariablesChanged: string[];
  /** Variables and PATH entries differing from the user's own shell (undefined: no reference). */
  fromUserShell?: string[];
  removedBy: string;
}

/** Why the exported entry is missing, and the setting or launch form that keeps it. */
function remedy(run: ContextRun, lostAtLaunch: boolean, lostInTools: boolean, row: Pick<PositionRow, "callerVariablesLost">): string {
  const parts: string[] = [];
  if (lostAtLaunch) parts.push("the launch rebuilt PATH before Codex started (login profile or env -i): user-shell appends the caller's entries again");
  else if (lostInTools) parts.push("Codex's tool login shell rebuilt PATH (/etc/profile): allow_login_shell=false with the caller's PATH carried, i.e. --context user-shell");
  if (row.callerVariablesLost.length) parts.push(`variables dropped by the context's environment reduction: use direct or user-shell`);
  return parts.join("; ") || "nothing to remove";
}

export function positionRows(label: string, run: ContextRun, reference?: CallerReference): PositionRow[] {
  const envs = run.summary.toolEnvs;
  const positions: Array<["first" | "later", Env | undefined]> = envs.length > 1 ? [["first", envs[0]], ["later", envs.at(-1)]] : [["first", envs[0]]];
  const caller = run.callerEnv;
  const callerEntries = (caller.PATH ?? "").split(":").filter(Boolean);
  const exported = path.join(path.dirname(run.home), CALLER_BIN);
  const launchPath = (run.summary.launchEnv?.PATH ?? "").split(":");
  return positions.map(([position, tool]) => {
    const toolPath = (tool?.PATH ?? "").split(":");
    const lostEntries = callerEntries.filter((entry) => !toolPath.includes(entry));
    const names = Object.keys(caller).filter((name) => name !== "PATH" && !ignored(name) && caller[name] !== undefined);
    const lost = names.filter((name) => tool?.[name] === undefined);
    const changed = names.filter((name) => tool?.[name] !== undefined && tool[name] !== caller[name]);
    let fromUserShell: string[] | undefined;
    if (reference?.env) {
      const diff = diffEnv(reference.env, normalized(tool, run.home));
      fromUserShell = [
        ...[...Object.keys(diff.added), ...Object.keys(diff.removed), ...Object.keys(diff.changed)].filter((name) => name !== "PATH" && !ignored(name)).sort(),
        ...diff.path.added.map((entry) => `PATH+${entry}`),
        ...diff.path.removed.map((entry) => `PATH-${entry}`),
        ...(diff.path.reordered ? ["PATH order"] : []),
      ];
    }
    const exportedLost = !toolPath.includes(exported);
    const row = {
      run: label,
      context: run.summary.context,
      position,
      callerEntriesLost: lostEntries.map((entry) => entry.split(path.dirname(run.home)).join("$FIXTURE")),
      callerEntries: callerEntries.length,
      callerPathNormalized: (normalized({ PATH: caller.PATH }, run.home).PATH ?? "").split(":").filter(Boolean),
      exportedEntry: exportedLost ? ("lost" as const) : ("kept" as const),
      exportedVariable: tool?.[CALLER_VARIABLE] === "1" ? ("kept" as const) : ("lost" as const),
      ...(tool?.TERM !== undefined ? { toolTerm: tool.TERM } : {}),
      callerVariablesLost: lost.sort(),
      callerVariablesChanged: changed.sort(),
      ...(fromUserShell ? { fromUserShell } : {}),
    };
    return { ...row, removedBy: remedy(run, !launchPath.includes(exported) && run.summary.launchEnv !== undefined, exportedLost, row) };
  });
}

/** The caller's PATH entries as difference items (PATH+entry), normalized like the rows. */
function callerItems(rows: PositionRow[]): string[] {
  return [...new Set(rows.flatMap((row) => row.callerPathNormalized.map((entry) => `PATH+${entry}`)))];
}

const names = (list: string[], max = 10) => (list.length ? list.slice(0, max).join(" ") + (list.length > max ? ` … (${list.length})` : "") : "none");

/** What differs from the user's shell in the tools of every context at every position: what Codex
 *  itself sets for its tools (TERM, pagers, CODEX_* ...), which no launch form removes. */
export function codexOwnDifferences(rows: PositionRow[]): string[] {
  const lists = rows.filter((row) => row.fromUserShell).map((row) => row.fromUserShell!);
  return lists.length ? lists[0]!.filter((item) => lists.every((list) => list.includes(item))) : [];
}

/** A row's differences from the user's shell beyond Codex's own. */
function beyondCodex(row: PositionRow, own: string[]): string[] | undefined {
  return row.fromUserShell?.filter((item) => !own.includes(item));
}

/** Per context and command position: which caller PATH entries and variables the tools lost. */
export function callerEnvironmentFinding(rows: PositionRow[], evidence: Evidence[]): Finding {
  const own = codexOwnDifferences(rows);
  const lostIn = [...new Set(rows.filter((row) => row.exportedEntry === "lost").map((row) => row.run))];
  const keptIn = [...new Set(rows.filter((row) => row.exportedEntry === "kept").map((row) => row.run))].filter((run) => !lostIn.includes(run));
  // Semicolons between runs: a stress run's name has commas of its own ("direct, slow rc under load").
  return {
    id: "caller-environment-per-context",
    question: "Which of the caller's PATH entries and variables reach Codex's tools, per launch context and command position (first command of the turn vs a later one)?",
    answer:
      `The caller's exported PATH entry ($FIXTURE/${CALLER_BIN}) was lost in the tools of ${lostIn.join("; ") || "no run"} and kept in ${keptIn.join("; ") || "no run"}. ` +
      rows
        .filter((row) => row.position === "later" || !rows.some((other) => other.run === row.run && other.position === "later"))
        .map((row) => `${row.run}: ${row.callerEntriesLost.length} of ${row.callerEntries} caller PATH entries lost`)
        .join("; ") +
      ".",
    status: "measured",
    conditions:
      `caller PATH = $FIXTURE/${CALLER_BIN} (holding a command) + the lab's own PATH; caller exports ${CALLER_VARIABLE}=1; fast rc files unless the run name says otherwise; ` +
      `reference: env in the passwd shell's interactive login session on a terminal; Codex's own differences, in every run: ${names(own, 30)}`,
    evidence,
    table: rows.map((row) => ({
      run: row.run,
      position: row.position,
      [`$FIXTURE/${CALLER_BIN}`]: row.exportedEntry,
      [CALLER_VARIABLE]: row.exportedVariable,
      "caller PATH entries lost": `${row.callerEntriesLost.length} of ${row.callerEntries}: ${names(row.callerEntriesLost, 6)}`,
      "caller variables lost": names(row.callerVariablesLost),
      "caller variables changed": names(row.callerVariablesChanged),
      "differs from the user's shell, beyond Codex's own": row.fromUserShell ? names(beyondCodex(row, own)!, 14) : "no reference",
      "removed by": row.removedBy,
    })),
  };
}

/** The claim behind --context user-shell: its tools keep the exported entry at every position and
 *  differ from the user's own shell only by what Codex itself adds. */
export function userShellFinding(rows: PositionRow[], reference: CallerReference | undefined, evidence: Evidence[]): Finding | undefined {
  const own = rows.filter((row) => row.context === "user-shell");
  if (!own.length) return undefined;
  const kept = own.filter((row) => row.exportedEntry === "kept" && row.exportedVariable === "kept");
  // What Codex sets in every context is no difference a launch can remove, and the caller's entries
  // the login dropped are appended on purpose; everything else must match the user's shell.
  const codexOwn = codexOwnDifferences(rows);
  // Also Codex's own, by what they are: its helper PATH entries (lost wherever a tool login shell
  // rebuilds PATH, so not in every run's list) and TERM=dumb, which it sets for tools off a terminal.
  const ownByValue = (item: string, row: PositionRow) => /^PATH\+.*(codex-path|codex-arg0\*)$/.test(item) || (item === "TERM" && row.toolTerm === "dumb");
  const appended = (item: string) => callerItems(rows).includes(item);
  const residue = [...new Set(own.flatMap((row) => (row.fromUserShell ?? []).filter((item) => !codexOwn.includes(item) && !ownByValue(item, row) && !appended(item) && item !== "PATH order")))];
  // The claim is the keeping; how far the tools still are from the user's shell is reported beside it.
  const holds = kept.length === own.length;
  // Repeats count runs, not command positions: the positions of one run are not repeated runs.
  const runs = [...new Set(own.map((row) => row.run))];
  const runsKept = runs.filter((run) => own.filter((row) => row.run === run).every((row) => kept.includes(row)));
  return {
    id: "user-shell-keeps-caller-environment",
    question: `Does --context user-shell keep the caller's exported PATH entry and variable in Codex's tools at every command position, and how far are its tools from the user's own interactive login shell?`,
    answer:
      `${holds ? "Yes" : "No"}: ${kept.length} of ${own.length} command positions (${runCount(runs.length)}) kept $FIXTURE/${CALLER_BIN} and ${CALLER_VARIABLE}; ` +
      (reference?.env
        ? `beyond what Codex sets in every context (${names(codexOwn, 30)}), its helper PATH entries, TERM=dumb, and the appended caller PATH entries, the tools' environment differed from the user's shell by ${names(residue)}` +
          (residue.some((item) => item.includes("BASHRC")) ? " (the tools' own `bash -c` ran ~/.bashrc, which an interactive login bash leaves to ~/.bash_profile)." : ".")
        : "the user's-shell reference could not be captured."),
    status: holds ? "confirmed" : "refuted",
    repeats: { n: runs.length, k: runsKept.length },
    conditions: "the mock model leaves the command call's `login` argument out; whether Codex refuses a call asking for login: true under this context was not measured",
    evidence,
    table: own.map((row) => ({ position: row.position, [`$FIXTURE/${CALLER_BIN}`]: row.exportedEntry, [CALLER_VARIABLE]: row.exportedVariable, "differs from the user's shell, beyond Codex's own": names((row.fromUserShell ?? []).filter((item) => !codexOwn.includes(item)), 20) })),
  };
}
