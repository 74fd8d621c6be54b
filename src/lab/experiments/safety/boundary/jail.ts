// The safety matrix's jail column (issue 27): the same probes, run with danger-full-access and
// approval never inside the outer jail (--jail), one scripted conversation per transport. What reaches
// the host is read on the host: files on disk, our loopback server's connections, and the record's
// count of connections the jail's only way out relayed to the provider.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { TRANSPORTS } from "../../../../codex/vocabulary.js";
import { CodexHeadlessError } from "../../../../core/errors.js";
import type { LabContext } from "../../../experiment.js";
import type { Evidence, Finding } from "../../../findings.js";
import { jailMissing, skippedFinding } from "../../../prerequisites.js";
import { DENIED_FILE, DENIED_PREFIX, ENV_CANARY_NAME, HOME_CANARY_FILE, INSIDE_FILE, OUTSIDE_FILE, outcomeOf, probeScript, reportedProbes, startCounter, type ProbeId, type ProbeOutcome } from "./probes.js";

// Every mode allowed, no external-sandbox statement: the jail is what lets danger-full-access run.
// Codex's env excludes off, so that only the jail stands between the canary and the tools. The deny
// list only on exec: on app-server it needs approval untrusted (the gate says so).
const JAIL_POLICY = `[sandbox]
modes = ["read-only", "workspace-write", "danger-full-access"]
[danger]
allow = true
[env]
exclude = []
`;

export interface JailCell {
  transport: (typeof TRANSPORTS)[number];
  status: "ran" | "refused" | "error";
  probes: Record<ProbeId, ProbeOutcome | "not run">;
  /** Connections the jail's forwarder relayed to the provider. */
  providerConnections: number;
  note?: string;
}

const HOME_MARKER = "lab-jail-home-canary-31d0";

async function runJailCell(ctx: LabContext, transport: JailCell["transport"], envCanaryValue: string, evidence: Evidence[]): Promise<JailCell> {
  const name = `jail-${transport}`;
  const fixture = ctx.fixture(name);
  const root = path.dirname(fixture.cwd);
  const outside = path.join(root, "outside");
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(fixture.home, HOME_CANARY_FILE), `${HOME_MARKER}\n`, { mode: 0o600 });
  const policy = path.join(root, "policy.toml");
  writeFileSync(policy, transport === "exec" ? `${JAIL_POLICY}[commands]\ndeny = ["${DENIED_PREFIX}"]\n` : JAIL_POLICY);
  const counter = await startCounter();
  const commands = [probeScript({ outsideDir: outside, port: counter.port }), ...(transport === "exec" ? [`${DENIED_PREFIX} ${DENIED_FILE}`] : [])];
  const notRun = (): JailCell["probes"] => ({ "write-inside": "not run", "write-outside": "not run", "read-home-secret": "not run", "see-env-secret": "not run", "network-loopback": "not run", "denied-command": "not run" });
  try {
    const { record, evidence: e } = await ctx.run(
      name,
      { prompt: "run the probes", scenario: "shell", scenarioOptions: { commands: JSON.stringify(commands) }, jail: true, sandbox: "danger-full-access", approval: "never", transport, policy, timeoutMs: 60_000, idleTimeoutMs: 45_000 },
      fixture,
      { env: { ...fixture.env, [ENV_CANARY_NAME]: envCanaryValue } },
    );
    evidence.push(e);
    const { reported, outputs } = reportedProbes(record.provider.requests);
    const any = outputs.length > 0;
    const leaked = JSON.stringify(record).includes(HOME_MARKER);
    return {
      transport,
      status: "ran",
      probes: {
        "write-inside": outcomeOf(existsSync(path.join(fixture.cwd, INSIDE_FILE)), reported["write-inside"], any),
        "write-outside": outcomeOf(existsSync(path.join(outside, OUTSIDE_FILE)), reported["write-outside"], any),
        "read-home-secret": outcomeOf(leaked, reported["read-home-secret"], any),
        "see-env-secret": outcomeOf(false, reported["see-env-secret"], any),
        "network-loopback": outcomeOf(counter.count() > 0, reported["network-loopback"], any),
        "denied-command": transport === "exec" ? outcomeOf(existsSync(path.join(fixture.cwd, DENIED_FILE)), undefined, any) : "not run",
      },
      providerConnections: (record.safety?.jail?.endpoints ?? []).reduce((sum, endpoint) => sum + endpoint.connections, 0),
      ...(record.outcome !== "ok" ? { note: `outcome ${record.outcome}` } : {}),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    evidence.push(ctx.evidence(`${name}-error.txt`, "log", `${name}: ${message}`.slice(0, 200), `${message}\n`));
    const refused = error instanceof CodexHeadlessError && error.code === "refused";
    return { transport, status: refused ? "refused" : "error", probes: notRun(), providerConnections: 0, note: message };
  } finally {
    await counter.close();
  }
}

const JAIL_QUESTION = "Run with danger-full-access and approval never inside the outer jail (--jail): what of the same probes reaches the host?";

/** The jail column: one jailed danger-full-access conversation per transport. */
export async function jailFinding(ctx: LabContext, envCanaryValue: string): Promise<Finding> {
  // A host that cannot build the jail is a prerequisite to name, not a measurement: the run would only
  // be refused by the gate. Any refusal after this check is an error of the experiment.
  const missing = jailMissing(ctx.fixture("jail-prerequisites").env);
  if (missing) return skippedFinding(ctx, "safety-jail", JAIL_QUESTION, missing, "the outer jail (--jail)");
  const evidence: Evidence[] = [];
  const cells: JailCell[] = [];
  for (const transport of TRANSPORTS) {
    ctx.progress(`jail column: ${transport} / danger-full-access / never, jailed`);
    cells.push(await runJailCell(ctx, transport, envCanaryValue, evidence));
  }
  const ran = cells.filter((c) => c.status === "ran");
  const held = (probe: ProbeId) => ran.filter((c) => c.probes[probe] !== "allowed" && c.probes[probe] !== "not run").length;
  const answer = ran.length
    ? `Jailed (--jail) with danger-full-access and approval never, in ${ran.length} of ${cells.length} transports: writes outside the workspace blocked in ${held("write-outside")}, the secret file in HOME unreadable in ${held("read-home-secret")}, the env canary hidden in ${held("see-env-secret")}, our loopback server unreached in ${held("network-loopback")}; inside the workspace the write landed in ${ran.filter((c) => c.probes["write-inside"] === "allowed").length}; the only way out relayed ${ran.map((c) => `${c.providerConnections} connections to the provider (${c.transport})`).join(", ")}; the denied command (exec, deny list in the jailed home) ${ran.find((c) => c.transport === "exec")?.probes["denied-command"] ?? "not run"}.`
    : `The jail did not run here: ${cells[0]?.note ?? "no cell ran"}.`;
  evidence.unshift(ctx.evidence("jail-column.json", "table", `${cells.length} jailed cells`, cells));
  return {
    id: "safety-jail",
    question: JAIL_QUESTION,
    answer,
    status: ran.length === cells.length ? "measured" : "error",
    evidence,
    table: cells.map((c) => ({ transport: c.transport, sandbox: "danger-full-access (jailed)", approval: "never", ...c.probes, "provider connections": c.providerConnections, note: c.note ?? null })),
  };
}
