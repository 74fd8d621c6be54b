// Red team for the command lists (issue "Safety, part 2"): the mock model is scripted to run the whole
// corpus of disguised `rm FILE` / `git push` commands in ONE conversation per transport, under
// workspace-write with a deny list, and what escaped is read off the disk. app-server (every command
// judged on approval, approval policy untrusted): nothing escapes. exec (nobody can answer approvals,
// the deny list is advisory): whatever escapes is announced on stderr and in the record.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runRecordSchema } from "../../src/run/record.js";
import { RED_TEAM_CORPUS, RED_TEAM_DENY, formatRedTeamTable, namesAttempt, prepareRedTeamWorkspace, redTeamCommands, redTeamEffects, redTeamTable } from "../../src/safety/red-team.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const attacks = RED_TEAM_CORPUS.flatMap((attempt, i) => (attempt.control ? [] : [i]));
/** The escapes the corpus expects (docs/policy.md, "Still open"): they must escape, so the day one is
 *  closed this fails and the row and the docs change together. */
const knownOpen = RED_TEAM_CORPUS.flatMap((attempt, i) => (attempt.knownOpen ? [i] : []));
const controls = RED_TEAM_CORPUS.flatMap((attempt, i) => (attempt.control ? [i] : []));

async function redTeamRun(transport: "exec" | "app-server") {
  // The suite's scratch space lies inside this project's repository: the workspace is its own.
  const f = fixtureHome(`red-team-${transport}`, { gitCeiling: true, seededState: true });
  const env = f.env;
  await prepareRedTeamWorkspace(f.cwd);
  const policy = path.join(path.dirname(f.cwd), "policy.toml");
  writeFileSync(policy, `[commands]\ndeny = ${JSON.stringify(RED_TEAM_DENY)}\n`);
  const rec = path.join(path.dirname(f.cwd), "rec");
  const args = ["run", "--provider", "mock", "--transport", transport, "--sandbox", "workspace-write", "--policy", policy, "--record", rec];
  const onApproval = transport === "app-server" ? ["--on-approval", "accept"] : [];
  const result = await runCli([...args, ...onApproval, "--scenario", "shell", "--scenario-option", `commands=${JSON.stringify(redTeamCommands())}`, "go"], { ...f, env, deadlineMs: 170_000 });
  const effects = await redTeamEffects(f.cwd);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(rec, "record.json"), "utf8")));
  const matches = record.safety?.listMatches ?? [];
  const announced = (i: number) => matches.some((m) => namesAttempt(m.command, i)) && result.stderr.split("\n").some((line) => /^codex-headless: advisory deny list: `/.test(line) && namesAttempt(line, i));
  const table = redTeamTable((i) => effects[i]!, announced);
  console.log(formatRedTeamTable(`red team, ${transport}, workspace-write, deny ${RED_TEAM_DENY.join(" / ")}`, table));
  return { result, effects, record, announced };
}

describe.concurrent("red team: disguised denied commands, one scripted conversation per transport", () => {
  it("app-server: every disguise but the known-open ones is declined on approval, and the controls run", { timeout: 180_000 }, async () => {
    const { result, effects, record } = await redTeamRun("app-server");
    expect(result.code).toBe(0);
    expect(knownOpen.length).toBeGreaterThan(0);
    expect(attacks.filter((i) => effects[i]).map((i) => RED_TEAM_CORPUS[i]!.command)).toEqual(knownOpen.map((i) => RED_TEAM_CORPUS[i]!.command));
    expect(controls.every((i) => effects[i])).toBe(true);
    // The run used untrusted without naming it, and the audit holds the policy's declines.
    expect(record.safety?.approval).toBe("untrusted");
    expect(record.audit?.filter((entry) => entry.kind === "decision" && entry.decision === "decline").length).toBeGreaterThanOrEqual(attacks.length - 10);
  });

  it("exec: the deny list is advisory; every escape but the known-open ones is announced on stderr and in the record", { timeout: 180_000 }, async () => {
    const { result, effects, announced, record } = await redTeamRun("exec");
    expect(result.code).toBe(0);
    const escaped = attacks.filter((i) => effects[i]);
    // Codex's execpolicy rules stop the plain spellings; disguises get through (issue #21, case 1).
    expect(escaped.length).toBeGreaterThan(0);
    // The judge that announces them accepts the known-open ones, so they escape unannounced.
    expect(knownOpen.every((i) => effects[i])).toBe(true);
    expect(escaped.filter((i) => !announced(i)).map((i) => RED_TEAM_CORPUS[i]!.command)).toEqual(knownOpen.map((i) => RED_TEAM_CORPUS[i]!.command));
    expect(controls.every((i) => effects[i])).toBe(true);
    // Audit lines are facts: no decline is put down to Codex unless Codex's own words say so.
    for (const entry of record.audit ?? []) {
      if (entry.kind === "decision") expect(entry).toMatchObject({ by: "codex", detail: { evidence: expect.stringMatching(/rejected: /) } });
    }
  });
});
