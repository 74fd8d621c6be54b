// The jail under the safety issues' red-team corpus (issue 27, src/safety/jail-corpus.ts): one jailed
// danger-full-access conversation per transport runs every plant and a disguise of each class, then
// later plain runs (no jail, no policy) start where the plants lie; what reached the host is read on
// the host. The test (test/safety/jail-corpus.test.ts) runs the same corpus through the CLI.
import path from "node:path";
import { TRANSPORTS } from "../../../codex/vocabulary.js";
import { CodexHeadlessError } from "../../../core/errors.js";
import { writeFileSync } from "node:fs";
import { formatJailCorpus, readNested, NESTED_COMMANDS, NESTED_MODES, type NestedOutcome, jailCorpusCommands, jailCorpusPlaces, judgeJailCorpus, laterRuns, markedProcesses, prepareJailCorpus, JAIL_ATTACKS, JAIL_RED_TEAM_ATTEMPTS, type AttackResult, type LaterOutcome } from "../../../safety/jail-corpus.js";
import { RED_TEAM_CORPUS, namesAttempt, prepareRedTeamWorkspace, redTeamEffects } from "../../../safety/red-team.js";
import type { Experiment, LabContext } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";
import { jailMissing, skippedFinding } from "../../prerequisites.js";

interface CorpusCell {
  transport: (typeof TRANSPORTS)[number];
  results: AttackResult[];
  /** Disguises of a denied command (one per class) that took effect in the workspace, and how many of those were announced. */
  escapedDenyList: number;
  announced: number;
  error?: string;
}

async function laterOutcome(ctx: LabContext, name: string, spec: { cwd: string; home?: string; pwned: string }, fixture: ReturnType<LabContext["fixture"]>, env: NodeJS.ProcessEnv): Promise<LaterOutcome> {
  try {
    await ctx.run(name, { cwd: spec.cwd, prompt: "go", scenario: "shell", scenarioOptions: { command: `touch ${spec.pwned}` }, ...(spec.home ? { home: spec.home } : {}), timeoutMs: 60_000 }, fixture, { env });
    return { code: 0, message: "ran" };
  } catch (error) {
    return { code: error instanceof CodexHeadlessError ? error.exitCode : 1, message: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
}

async function corpusCell(ctx: LabContext, transport: CorpusCell["transport"], evidence: Evidence[]): Promise<CorpusCell> {
  const name = `jail-corpus-${transport}`;
  const fixture = ctx.fixture(name, { gitCeiling: true });
  const env = fixture.env;
  const places = jailCorpusPlaces(fixture.cwd, fixture.home, env);
  try {
    await prepareRedTeamWorkspace(fixture.cwd);
    prepareJailCorpus(places);
    const { record, evidence: e } = await ctx.run(
      name,
      {
        prompt: "run these",
        scenario: "shell",
        scenarioOptions: { commands: JSON.stringify(jailCorpusCommands(places)) },
        jail: true,
        sandbox: "danger-full-access",
        transport,
        policy: places.policy,
        keepHome: true,
        ...(transport === "exec" ? { approval: "never" as const } : { onApproval: "accept" as const }),
        timeoutMs: 150_000,
      },
      fixture,
      { env },
    );
    evidence.push(e);
    const daemons = markedProcesses(places.marker);
    for (const pid of daemons) process.kill(pid, "SIGKILL");
    // Refused runs write nothing: side by side.
    const runs = laterRuns(places, record.home.kept ? record.home.path : undefined);
    const outcomes = await Promise.all(runs.map((run) => laterOutcome(ctx, `${name}-later-${run.attack}`, { ...run, pwned: places.pwned }, fixture, env)));
    const later: Record<string, LaterOutcome> = Object.fromEntries(runs.map((run, i) => [run.attack, outcomes[i]!]));
    const results = judgeJailCorpus(places, { answer: record.finalResponse, output: JSON.stringify(record), later, daemons, ...(record.home.kept ? { keptHome: record.home.path } : {}) });
    const effects = await redTeamEffects(fixture.cwd);
    const escaped = JAIL_RED_TEAM_ATTEMPTS.filter((i) => !RED_TEAM_CORPUS[i]!.control && effects[i]);
    const announced = escaped.filter((i) => (record.safety?.listMatches ?? []).some((m) => namesAttempt(m.command, i))).length;
    evidence.push(ctx.evidence(`${name}.txt`, "table", `jail corpus on ${transport}: ${results.filter((r) => r.reachedHost).length} attacks reached the host`, `${formatJailCorpus(`${transport}, danger-full-access, jailed`, results)}\n`));
    // What the answer rests on, whole: each attack's outcome, the later runs' refusals, the deny-list
    // disguises' effects in the workspace and what the run announced (test/safety/jail-corpus.test.ts).
    evidence.push(
      ctx.evidence(`${name}-judged.json`, "capture", `jail corpus on ${transport}: each attack judged, the later runs, the disguises' effects`, {
        results,
        later,
        effects,
        notices: record.safety?.notices ?? [],
        listMatches: record.safety?.listMatches ?? [],
      }),
    );
    return { transport, results, escapedDenyList: escaped.length, announced };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    evidence.push(ctx.evidence(`${name}-error.txt`, "log", `${name}: ${message}`.slice(0, 200), `${message}\n`));
    return { transport, results: [], escapedDenyList: 0, announced: 0, error: message };
  }
}

const corpusQuestion = (attacks: number) =>
  `Run the safety issues' red-team corpus (${attacks} plants and escapes, and one disguise of a denied command per class) inside the outer jail with danger-full-access: what reaches the host?`;
const SANDBOX_QUESTION = "Does Codex's own sandbox (read-only; workspace-write with approval never and on-request) work inside the outer jail (bubblewrap inside bubblewrap), or fail?";

/** The corpus finding: per transport and attack, whether anything reached the host. */
export async function jailCorpusFinding(ctx: LabContext): Promise<Finding> {
  const evidence: Evidence[] = [];
  const cells: CorpusCell[] = [];
  for (const transport of TRANSPORTS) {
    ctx.progress(`jail corpus: ${transport} / danger-full-access, jailed`);
    cells.push(await corpusCell(ctx, transport, evidence));
  }
  const ran = cells.filter((c) => !c.error);
  const reached = (c: CorpusCell) => c.results.filter((r) => r.reachedHost);
  const attacks = cells[0]?.results.length || JAIL_ATTACKS.length;
  const classes = JAIL_RED_TEAM_ATTEMPTS.filter((i) => !RED_TEAM_CORPUS[i]!.control).length;
  const answer = ran.length
    ? `${ran.map((c) => `On ${c.transport}: ${reached(c).length} of ${c.results.length} attacks reached the host${reached(c).length ? ` (${reached(c).map((r) => `${r.id}${r.advisory ? ", advisory" : ""}: ${r.detail}`).join("; ")})` : ""}; of ${classes} disguises of a denied command, ${c.escapedDenyList} took effect in the workspace${c.transport === "exec" ? `, ${c.announced} of them announced` : ""}`).join(". ")}. Plants in the workspace (a committed policy, a nested repository, a project .codex, a FIFO policy) stay there: each later plain run was refused before anything ran.`
    : `The corpus did not run: ${cells.map((c) => c.error).join("; ")}.`;
  return {
    id: "safety-jail-corpus",
    question: corpusQuestion(attacks),
    answer,
    status: cells.some((c) => c.error) ? "error" : "measured",
    conditions: "one scripted conversation per transport, --jail --keep-home, danger-full-access, deny rm / git push (exec: approval never; app-server: untrusted, --on-approval accept); then later plain runs without jail or policy where the plants lie",
    evidence,
    table: cells.flatMap((c) =>
      c.results.map((r) => ({ transport: c.transport, attack: r.id, from: r.from, tries: r.tries, "reported inside": r.reported, "reached the host": r.reachedHost ? (r.advisory ? "yes (advisory)" : "yes") : "no", detail: r.detail })),
    ),
  };
}

const NESTED_POLICY = `[sandbox]
modes = ["read-only", "workspace-write", "danger-full-access"]
[danger]
allow = true
`;

/** Codex's own sandbox inside the jail: each mode of NESTED_MODES on exec, one run each. */
export async function jailSandboxFinding(ctx: LabContext): Promise<Finding> {
  const evidence: Evidence[] = [];
  ctx.progress(`Codex's sandbox inside the jail: ${NESTED_MODES.length} modes`);
  const rows = await Promise.all(
    NESTED_MODES.map(async ({ sandbox, approval }) => {
      const name = `jail-nested-${sandbox}-${approval}`;
      const fixture = ctx.fixture(name);
      const policy = path.join(path.dirname(fixture.cwd), "policy.toml");
      writeFileSync(policy, NESTED_POLICY);
      try {
        const { record, evidence: e } = await ctx.run(name, { prompt: "run these", scenario: "shell", scenarioOptions: { commands: JSON.stringify(NESTED_COMMANDS) }, jail: true, sandbox, approval, policy, timeoutMs: 90_000 }, fixture);
        evidence.push(e);
        return { sandbox, approval, ...readNested(record.finalResponse, fixture.cwd), outcome: record.outcome };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        evidence.push(ctx.evidence(`${name}-error.txt`, "log", `${name}: ${message}`.slice(0, 200), `${message}\n`));
        return { sandbox, approval, ran: false, inside: "denied" as const, outside: "no report" as const, why: message.slice(0, 160), outcome: "error" };
      }
    }),
  );
  const holds = (r: NestedOutcome & { sandbox: string }) => r.ran && r.outside === "denied" && r.inside === (r.sandbox === "read-only" ? "denied" : "landed");
  const held = rows.filter(holds);
  return {
    id: "safety-jail-codex-sandbox",
    question: SANDBOX_QUESTION,
    answer: `${held.length === rows.length ? "It works" : held.length === 0 ? "It fails" : "It works in some modes only"}: ${rows.map((r) => `${r.sandbox} / ${r.approval}: ${r.ran ? `the commands ran, the workspace write ${r.inside}, a write in the jail's HOME (outside Codex's writable roots) ${r.outside}` : `the commands did not run (${r.why})`}`).join("; ")}.`,
    status: rows.some((r) => r.outcome === "error") ? "error" : "measured",
    conditions: "exec transport, --jail, the mock's shell scenario; one run per mode",
    evidence,
    table: rows.map((r) => ({ sandbox: r.sandbox, approval: r.approval, "commands ran": r.ran, "workspace write": r.inside, "write outside Codex's roots": r.outside, "sandbox held": holds(r), "first failure": r.why || null })),
  };
}

/** The jail under attack and Codex's own sandbox inside it: an experiment of its own, so the lab runs
 *  it beside the sandbox matrix instead of after it. */
export const safetyJailCorpus: Experiment = {
  id: "safety-jail-corpus",
  direction: "safety",
  title: "The red-team corpus run jailed, and Codex's own sandbox modes inside the jail",
  seconds: 70,
  async run(ctx) {
    // A host that cannot build the jail: both are prerequisites to name, not answers (each run would
    // only be refused by the gate, and "It fails" would claim what was never measured).
    const missing = jailMissing(ctx.fixture("jail-prerequisites").env);
    if (missing) {
      return [
        skippedFinding(ctx, "safety-jail-corpus", corpusQuestion(JAIL_ATTACKS.length), missing, "the red-team corpus in the outer jail"),
        skippedFinding(ctx, "safety-jail-codex-sandbox", SANDBOX_QUESTION, missing, "Codex's sandbox inside the outer jail"),
      ];
    }
    return [await jailCorpusFinding(ctx), await jailSandboxFinding(ctx)];
  },
};
