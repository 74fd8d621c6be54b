// What each Codex operation persists in its home: a snapshot of the home before and after, every
// path classified. Runs go through the runner; plain commands (login, logout, features, --version)
// are the context's bare runs, in the same fixture home.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { diffSnapshots, snapshotHome, type HomeDiff } from "../../../home/snapshot.js";
import type { Experiment, LabContext, LabFixture } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

const KEY = "sk-lab-persistence-fixture-key-91ce";

/** What one operation left to look at besides the home's diff. */
interface Observed {
  evidence?: Evidence;
  /** Wall time, for runs made through the runner. */
  ms?: number;
  /** Files it wrote outside the home (CODEX_SQLITE_HOME). */
  elsewhere?: string[];
}

interface Operation {
  name: string;
  /** Runs the operation against `home`; setup already happened. */
  run(ctx: LabContext, fixture: LabFixture, home: string): Promise<Observed>;
  setup?(ctx: LabContext, fixture: LabFixture, home: string): Promise<void>;
}

/** A plain Codex command in the fixture home; its exit code and output become evidence. */
async function codexCommand(ctx: LabContext, fixture: LabFixture, home: string, args: string[], input?: string): Promise<Observed> {
  const result = await ctx.bare(fixture, args, { codexHome: home, timeoutMs: 30_000, ...(input !== undefined ? { input } : {}) });
  const name = `codex ${args.join(" ")}`;
  const evidence = ctx.evidence(`${name.replace(/\W+/g, "-")}.capture.json`, "capture", `${name}: exit ${String(result.code)}`, {
    argv: result.argv,
    exitCode: result.code,
    stdout: result.stdout.slice(0, 20_000),
    stderr: result.stderr.slice(0, 20_000),
  });
  return { evidence };
}

const execRun =
  (name: string, extra: { ephemeral?: boolean; scenario?: "shell"; config?: string[] } = {}) =>
  async (ctx: LabContext, fixture: LabFixture, home: string): Promise<Observed> => {
    const { record, evidence } = await ctx.run(name, { prompt: "hi", scenario: "hello", home, ...extra }, fixture);
    return { evidence, ms: record.timings.endMs - record.timings.startMs };
  };

const OPERATIONS: Operation[] = [
  { name: "codex --version", run: (ctx, f, home) => codexCommand(ctx, f, home, ["--version"]) },
  { name: "codex features list", run: (ctx, f, home) => codexCommand(ctx, f, home, ["features", "list"]) },
  { name: "exec", run: execRun("exec") },
  { name: "exec --ephemeral", run: execRun("exec-ephemeral", { ephemeral: true }) },
  // A command runs, so the shell snapshot (taken for the tools' shell) has a reason to exist.
  { name: "exec running a command", run: execRun("exec-shell", { scenario: "shell" }) },
  { name: "exec running a command, shell_snapshot off", run: execRun("exec-shell-no-snapshot", { scenario: "shell", config: ["features.shell_snapshot=false"] }) },
  {
    name: "exec with CODEX_SQLITE_HOME elsewhere",
    run: async (ctx, f, home) => {
      const elsewhere = path.join(f.home, "sqlite-elsewhere");
      mkdirSync(elsewhere, { recursive: true });
      const { evidence } = await ctx.run("exec-sqlite-home", { prompt: "hi", scenario: "hello", home }, f, { env: { ...f.env, CODEX_SQLITE_HOME: elsewhere } });
      return { evidence, elsewhere: snapshotHome(elsewhere).entries.filter((e) => e.type !== "dir").map((e) => e.path) };
    },
  },
  {
    name: "exec resume",
    setup: async (ctx, f, home) => {
      const first = await ctx.run("resume-setup", { prompt: "first", scenario: "multi-turn", home }, f);
      (f as LabFixture & { threadId?: string }).threadId = first.record.threadId;
    },
    run: async (ctx, f, home) => ({
      evidence: (await ctx.run("exec-resume", { prompt: "second", scenario: "multi-turn", home, resumeThreadId: (f as LabFixture & { threadId?: string }).threadId! }, f)).evidence,
    }),
  },
  {
    name: "app-server (one thread, one turn)",
    run: async (ctx, f, home) => ({ evidence: (await ctx.run("app-server", { prompt: "hi", scenario: "hello", home, transport: "app-server" }, f)).evidence }),
  },
  { name: "codex doctor --json", run: (ctx, f, home) => codexCommand(ctx, f, home, ["doctor", "--json"]) },
  { name: "login --with-api-key", run: (ctx, f, home) => codexCommand(ctx, f, home, ["login", "--with-api-key"], `${KEY}\n`) },
  {
    name: "logout",
    setup: async (ctx, f, home) => void (await codexCommand(ctx, f, home, ["login", "--with-api-key"], `${KEY}\n`)),
    run: (ctx, f, home) => codexCommand(ctx, f, home, ["logout"]),
  },
];

function summarize(diff: HomeDiff): string {
  const classes = Object.entries(diff.byClass)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  return classes || "nothing";
}

/** The shell-snapshot answer: what one run each left in the home, with the feature on and off. */
export function shellSnapshotAnswer(on: number, off: number, msOn: number | string, msOff: number | string): string {
  const left = on === 0 && off === 0 ? " No snapshot file was left in the home after either run, so none there for a later run to inherit." : "";
  return `With the feature on (the default) a run that executed one command left ${on} shell-snapshot file(s) in CODEX_HOME; with features.shell_snapshot=false, ${off} (one run each).${left} Wall time of that run: ${msOn} ms on, ${msOff} ms off (one run each; the benchmarks measure time properly). What the tools then see is the shell-mimic experiment's snapshot finding.`;
}

/** The --version answer: the paths it added, and where they lie as measured (not assumed). */
export function versionWritesAnswer(added: string[]): string {
  if (added.length === 0) return "No: the home was unchanged.";
  const tops = [...new Set(added.map((p) => p.split("/").slice(0, 2).join("/")))];
  return `Yes: it added ${added.length} path(s) (${added.slice(0, 4).join(", ")}${added.length > 4 ? "…" : ""}), under ${tops.join(", ")}. A tool that only asks the version still touches the user's home unless it sets CODEX_HOME.`;
}

export const localStatePersistence: Experiment = {
  id: "local-state-persistence",
  direction: "local-state",
  title: "What each Codex operation persists in its home",
  async run(ctx): Promise<Finding[]> {
    const rows: NonNullable<Finding["table"]> = [];
    const evidence: Evidence[] = [];
    const diffs = new Map<string, HomeDiff>();
    const observed = new Map<string, Observed>();
    for (const operation of OPERATIONS) {
      ctx.progress(operation.name);
      const fixture = ctx.fixture(operation.name.replace(/\W+/g, "-"));
      const home = path.join(fixture.home, "codex-home");
      mkdirSync(home, { recursive: true, mode: 0o700 });
      await operation.setup?.(ctx, fixture, home);
      const before = snapshotHome(home);
      const result = await operation.run(ctx, fixture, home);
      observed.set(operation.name, result);
      const diff = diffSnapshots(before, snapshotHome(home));
      diffs.set(operation.name, diff);
      if (result.evidence) evidence.push(result.evidence);
      evidence.push(ctx.evidence(`${operation.name.replace(/\W+/g, "-")}.diff.json`, "home-diff", `${operation.name}: ${summarize(diff)}`, diff));
      rows.push({
        operation: operation.name,
        files_added: diff.added.filter((e) => e.type !== "dir").length,
        changed: diff.changed.length,
        removed: diff.removed.length,
        by_class: summarize(diff),
      });
    }
    const sessions = (name: string) => diffs.get(name)?.byClass.sessions ?? 0;
    const versionDiff = diffs.get("codex --version")!;
    const sqliteIn = (name: string) => diffs.get(name)?.byClass["sqlite-state"] ?? 0;
    const sqliteHomeFiles = observed.get("exec with CODEX_SQLITE_HOME elsewhere")?.elsewhere ?? [];
    const msOf = (name: string) => observed.get(name)?.ms ?? "?";
    const moved = sqliteIn("exec") > 0 && sqliteIn("exec with CODEX_SQLITE_HOME elsewhere") === 0 && sqliteHomeFiles.some((file) => /\.sqlite$/.test(file));
    return [
      {
        id: "local-state-home-persistence",
        question: "Which files does each Codex operation create or change in its CODEX_HOME?",
        answer: rows.map((row) => `${row.operation}: ${row.by_class}`).join("; "),
        status: "measured",
        table: rows,
        evidence,
      },
      {
        id: "local-state-home-ephemeral",
        question: "Does `exec --ephemeral` keep the session out of the home?",
        answer: `${sessions("exec --ephemeral") === 0 && sessions("exec") > 0 ? "Yes" : "No"}: exec wrote ${sessions("exec")} session file(s), exec --ephemeral ${sessions("exec --ephemeral")}; --ephemeral still wrote ${summarize(diffs.get("exec --ephemeral")!)}.`,
        status: sessions("exec --ephemeral") === 0 && sessions("exec") > 0 ? "confirmed" : "refuted",
        evidence: evidence.filter((e) => /exec-ephemeral|^exec:|exec\.diff|exec-ephemeral\.diff/.test(`${e.path ?? ""} ${e.summary}`)),
      },
      {
        id: "local-state-sqlite-home",
        question: "Does CODEX_SQLITE_HOME move Codex's state databases out of CODEX_HOME?",
        answer: moved
          ? `Yes: with it set, exec wrote no sqlite file into CODEX_HOME (plain exec wrote ${sqliteIn("exec")}); the other directory got ${sqliteHomeFiles.filter((f) => /\.sqlite/.test(f)).join(", ")}. Sessions and everything else stay in CODEX_HOME, so a read-only or shared home still needs CODEX_HOME itself to be writable.`
          : `No: sqlite files in CODEX_HOME — plain exec ${sqliteIn("exec")}, with CODEX_SQLITE_HOME ${sqliteIn("exec with CODEX_SQLITE_HOME elsewhere")}; in the other directory: ${sqliteHomeFiles.join(", ") || "nothing"}.`,
        status: moved ? "confirmed" : "refuted",
        evidence: evidence.filter((e) => /sqlite/i.test(`${e.path ?? ""} ${e.summary}`)),
      },
      {
        id: "local-state-shell-snapshot",
        question: "What does the shell_snapshot feature leave in the home, and what does it cost a run that executes a command?",
        answer: shellSnapshotAnswer(
          diffs.get("exec running a command")?.byClass["shell-snapshots"] ?? 0,
          diffs.get("exec running a command, shell_snapshot off")?.byClass["shell-snapshots"] ?? 0,
          msOf("exec running a command"),
          msOf("exec running a command, shell_snapshot off"),
        ),
        status: "measured",
        evidence: evidence.filter((e) => /exec-shell|running-a-command/.test(`${e.path ?? ""}`)),
      },
      {
        id: "local-state-home-version-writes",
        question: "Does even `codex --version` write into CODEX_HOME (and so create ~/.codex for a user who never ran Codex)?",
        answer: versionWritesAnswer(versionDiff.added.map((e) => e.path)),
        status: versionDiff.added.length > 0 ? "confirmed" : "refuted",
        evidence: evidence.filter((e) => e.summary.startsWith("codex --version")),
      },
    ];
  },
};
