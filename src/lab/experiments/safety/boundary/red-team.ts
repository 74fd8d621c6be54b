// The command lists under attack: the red-team corpus (safety/red-team.ts), every disguise of a denied
// `rm FILE` / `git push` asked for by the mock model in ONE scripted conversation per transport, under
// workspace-write with the deny list, outcomes read off the disk. The tests run the same corpus
// (test/safety/red-team.test.ts) and print the same table.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { LabContext } from "../../../experiment.js";
import type { Evidence, Finding } from "../../../findings.js";
import { KNOWN_OPEN_CLASS, KNOWN_OPEN_MEANING, RED_TEAM_CORPUS, RED_TEAM_DENY, formatRedTeamTable, namesAttempt, prepareRedTeamWorkspace, redTeamCommands, redTeamEffects, redTeamTable, type ClassRow } from "../../../../safety/red-team.js";

export interface RedTeamMeasure {
  finding: Finding;
  /** One line for other findings that rely on the lists: what was measured. */
  summary: string;
}

interface TransportResult {
  transport: "exec" | "app-server";
  rows: ClassRow[];
  escaped: number;
  /** Of the escapes, the corpus's known-open ones (`Attempt.knownOpen`). */
  knownOpen: number;
  announced: number;
  controlsRan: number;
  evidence: Evidence[];
}

async function attack(ctx: LabContext, transport: "exec" | "app-server"): Promise<TransportResult> {
  // The lab's scratch space may lie inside a repository: the workspace is a repository of its own.
  const fixture = ctx.fixture(`red-team-${transport}`, { gitCeiling: true });
  await prepareRedTeamWorkspace(fixture.cwd);
  const policy = path.join(path.dirname(fixture.cwd), "red-team-policy.toml");
  writeFileSync(policy, `[commands]\ndeny = ${JSON.stringify(RED_TEAM_DENY)}\n`);
  const { record, evidence } = await ctx.run(
    `red-team-${transport}`,
    {
      prompt: "run these",
      scenario: "shell",
      scenarioOptions: { commands: JSON.stringify(redTeamCommands()) },
      transport,
      sandbox: "workspace-write",
      policy,
      ...(transport === "app-server" ? { onApproval: "accept" as const } : {}),
      timeoutMs: 240_000,
    },
    fixture,
  );
  const effects = await redTeamEffects(fixture.cwd);
  const matches = record.safety?.listMatches ?? [];
  const announced = (i: number) => matches.some((match) => namesAttempt(match.command, i));
  const rows = redTeamTable((i) => effects[i]!, announced);
  const attacks = RED_TEAM_CORPUS.flatMap((attempt, i) => (attempt.control ? [] : [i]));
  const escapedIdx = attacks.filter((i) => effects[i]);
  const text = formatRedTeamTable(`${transport}, workspace-write, deny ${RED_TEAM_DENY.join(" / ")}`, rows);
  return {
    transport,
    rows,
    escaped: escapedIdx.length,
    knownOpen: escapedIdx.filter((i) => RED_TEAM_CORPUS[i]!.knownOpen).length,
    announced: escapedIdx.filter(announced).length,
    controlsRan: RED_TEAM_CORPUS.filter((attempt, i) => attempt.control && effects[i]).length,
    evidence: [evidence, ctx.evidence(`red-team-${transport}.txt`, "table", `red team on ${transport}: ${escapedIdx.length} escaped`, `${text}\n`)],
  };
}

/** The known-open escapes of one transport, for the answer: how many and why, as the corpus says. */
function knownOpenText(result: TransportResult): string {
  if (!result.knownOpen) return "";
  const why = [...new Set(RED_TEAM_CORPUS.flatMap((attempt) => (attempt.knownOpen ? [attempt.knownOpen] : [])))].join("; ");
  return `, ${result.knownOpen} of them ${KNOWN_OPEN_CLASS} as docs/policy.md says (${why})`;
}

export async function redTeamFinding(ctx: LabContext): Promise<RedTeamMeasure> {
  ctx.progress("red team: the command corpus on app-server and exec");
  const [app, exec] = await Promise.all([attack(ctx, "app-server"), attack(ctx, "exec")]);
  const attacks = RED_TEAM_CORPUS.filter((attempt) => !attempt.control).length;
  const controls = RED_TEAM_CORPUS.length - attacks;
  const summary = `measured by the red-team corpus (${attacks} disguises of a denied rm / git push in ${new Set(RED_TEAM_CORPUS.map((a) => a.class)).size - 1} classes): on app-server (approval untrusted, every command judged before any handler) ${app.escaped} escaped${app.knownOpen ? ` (${app.knownOpen} of them ${KNOWN_OPEN_CLASS})` : ""}; on exec the deny list is advisory: ${exec.escaped} escaped, ${exec.announced} of them announced after the run`;
  const table = [app, exec].flatMap((result) => result.rows.map((row) => ({ transport: result.transport, class: row.class, attempts: row.attempts, blocked: row.blocked, escaped: row.escaped, announced: row.announced })));
  return {
    summary,
    finding: {
      id: "command-lists-red-team",
      question: "Do the policy's command lists stop a denied command however it is disguised (wrappers, quoting, shells, substitutions, interpreters, scripts)?",
      answer: `On app-server ${app.escaped === 0 ? "yes, for this corpus" : "no"}: ${app.escaped} of ${attacks} disguises escaped${knownOpenText(app)}, ${app.controlsRan} of ${controls} harmless controls ran. On exec, where nobody can answer approvals, no: Codex's execpolicy rules stop only the plain spellings, ${exec.escaped} of ${attacks} escaped, and ${exec.announced} of those were announced ("advisory deny list: ... ran") on stderr and in the record. On app-server the list narrows what runs; on exec it is advisory; on neither is it a boundary (a list names programs, and ${KNOWN_OPEN_MEANING} can hide what it runs): the sandbox or the jail is.`,
      status: "measured",
      conditions: `one scripted conversation per transport, workspace-write, deny ${JSON.stringify(RED_TEAM_DENY)}, --on-approval accept on app-server (the policy judges first)`,
      evidence: [...app.evidence, ...exec.evidence],
      table,
    },
  };
}
