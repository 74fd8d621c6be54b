// The matrix runner: one fixture per cell, the probe script and the denied command run through the
// same runner as `run`, outcomes read from disk, our loopback counter and the captured tool output.
// On app-server every approval request is accepted: the cell measures what a permissive orchestrator
// that approves everything actually lets through (the deny list still applies, through the broker).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../../../../core/errors.js";
import { APPROVAL_POLICIES, SANDBOX_MODES, TRANSPORTS } from "../../../../codex/vocabulary.js";
import type { LabContext } from "../../../experiment.js";
import type { Evidence } from "../../../findings.js";
import {
  DENIED_FILE,
  DENIED_PREFIX,
  ENV_CANARY_NAME,
  HOME_CANARY_FILE,
  INSIDE_FILE,
  OUTSIDE_FILE,
  outcomeOf,
  probeScript,
  PROBES,
  reportedProbes,
  startCounter,
  type ProbeId,
  type ProbeOutcome,
} from "./probes.js";

export const MATRIX_TRANSPORTS = TRANSPORTS;

export interface CellResult {
  transport: (typeof MATRIX_TRANSPORTS)[number];
  sandbox: (typeof SANDBOX_MODES)[number];
  approval: (typeof APPROVAL_POLICIES)[number];
  /** codex-failed: Codex itself rejected the configuration, so no probe ran. */
  status: "ran" | "refused" | "codex-failed" | "error";
  /** "refused": the gate refused that probe's run (the denied-command probe on app-server without untrusted). */
  probes: Record<ProbeId, ProbeOutcome | "not run" | "refused">;
  note?: string;
}

// The lab's own policy: every mode allowed (the fixture is disposable and the probes touch only it),
// Codex's env defaults alone. The denied-command probe adds one denied prefix: on app-server a deny
// list needs approval untrusted (the gate refuses it with the others), so the other probes run without it.
const MATRIX_POLICY = `[sandbox]
modes = ["read-only", "workspace-write", "danger-full-access"]
[danger]
allow = true
externally_sandboxed = true
require_container = false
[approval]
policies = ["never", "on-request", "untrusted"]
[env]
exclude = []
`;
const DENY_POLICY = `${MATRIX_POLICY}[commands]\ndeny = ["${DENIED_PREFIX}"]\n`;

const HOME_MARKER = "lab-home-canary-9e7c";

function emptyProbes(value: ProbeOutcome | "not run"): CellResult["probes"] {
  return Object.fromEntries(PROBES.map((p) => [p, value])) as CellResult["probes"];
}

async function runCell(ctx: LabContext, cell: Omit<CellResult, "status" | "probes">, envCanaryValue: string, evidence: Evidence[]): Promise<CellResult> {
  const name = `${cell.transport}-${cell.sandbox}-${cell.approval}`;
  const fixture = ctx.fixture(name);
  const root = path.dirname(fixture.cwd);
  const outside = path.join(root, "outside");
  mkdirSync(outside, { recursive: true });
  mkdirSync(path.join(fixture.cwd, ".git"), { recursive: true });
  writeFileSync(path.join(fixture.home, HOME_CANARY_FILE), `${HOME_MARKER}\n`, { mode: 0o600 });
  const policy = path.join(root, "policy.toml");
  writeFileSync(policy, MATRIX_POLICY);
  const denyPolicy = path.join(root, "deny-policy.toml");
  writeFileSync(denyPolicy, DENY_POLICY);
  const counter = await startCounter();
  const env = { ...fixture.env, [ENV_CANARY_NAME]: envCanaryValue };
  const base = {
    scenario: "shell" as const,
    sandbox: cell.sandbox,
    approval: cell.approval,
    policy,
    transport: cell.transport,
    ...(cell.transport === "app-server" ? { onApproval: "accept" as const } : {}),
    timeoutMs: 45_000,
    idleTimeoutMs: 30_000,
  };
  try {
    const probe = await ctx.run(`${name}-probes`, { ...base, prompt: "run the probes", scenarioOptions: { command: probeScript({ outsideDir: outside, port: counter.port }) } }, fixture, { env });
    const denied = await ctx.run(`${name}-denied`, { ...base, policy: denyPolicy, prompt: "run the denied command", scenarioOptions: { command: `${DENIED_PREFIX} ${DENIED_FILE}` } }, fixture, { env }).catch((error: unknown) => {
      if (error instanceof CodexHeadlessError && error.code === "refused") return { refused: error.message };
      throw error;
    });
    evidence.push(probe.evidence, "refused" in denied ? ctx.evidence(`${name}-denied-refused.txt`, "log", `${name}-denied: ${denied.refused}`.slice(0, 200), `${denied.refused}\n`) : denied.evidence);
    const { reported, outputs } = reportedProbes(probe.record.provider.requests);
    const any = outputs.length > 0;
    if (!any && probe.record.outcome === "codex-failed") {
      const why = probe.record.stderr.map((l) => l.line).find((l) => /error/i.test(l)) ?? probe.record.reason ?? "codex failed";
      return { ...cell, status: "codex-failed", probes: emptyProbes("not run"), note: why.slice(0, 200) };
    }
    const deniedOut = "refused" in denied ? [] : reportedProbes(denied.record.provider.requests).outputs;
    const probes = {
      "write-inside": outcomeOf(existsSync(path.join(fixture.cwd, INSIDE_FILE)), reported["write-inside"], any),
      "write-outside": outcomeOf(existsSync(path.join(outside, OUTSIDE_FILE)), reported["write-outside"], any),
      "read-home-secret": outcomeOf(false, reported["read-home-secret"], any),
      "see-env-secret": outcomeOf(false, reported["see-env-secret"], any),
      "network-loopback": outcomeOf(counter.count() > 0, reported["network-loopback"], any),
      "denied-command": "refused" in denied ? ("refused" as const) : outcomeOf(existsSync(path.join(fixture.cwd, DENIED_FILE)), undefined, deniedOut.length > 0),
    };
    const deniedOutcome = "refused" in denied ? "refused" : denied.record.outcome;
    const note = probe.record.outcome !== "ok" || (deniedOutcome !== "ok" && deniedOutcome !== "refused") ? `outcomes: probes ${probe.record.outcome}, denied ${deniedOutcome}` : undefined;
    return { ...cell, status: "ran", probes, ...(note ? { note } : {}) };
  } catch (error) {
    // Refused before Codex started: by the gate, or as a combination Codex would refuse (exec takes
    // no "untrusted": codex/config-values.ts, measured by surface-approval-policies).
    const refused = error instanceof CodexHeadlessError && (error.code === "refused" || error.code === "usage");
    const message = error instanceof Error ? error.message : String(error);
    evidence.push(ctx.evidence(`${name}-error.txt`, "log", `${name}: ${message}`.slice(0, 200), `${message}\n`));
    return { ...cell, status: refused ? "refused" : "error", probes: emptyProbes("not run"), note: message };
  } finally {
    await counter.close();
  }
}

export async function runMatrix(ctx: LabContext, options: { envCanaryValue: string }): Promise<{ cells: CellResult[]; evidence: Evidence[] }> {
  const cells: CellResult[] = [];
  const evidence: Evidence[] = [];
  for (const transport of MATRIX_TRANSPORTS) {
    for (const sandbox of SANDBOX_MODES) {
      for (const approval of APPROVAL_POLICIES) {
        ctx.progress(`cell ${transport} / ${sandbox} / ${approval}`);
        cells.push(await runCell(ctx, { transport, sandbox, approval }, options.envCanaryValue, evidence));
      }
    }
  }
  evidence.unshift(ctx.evidence("matrix.json", "table", `${cells.length} cells`, cells));
  return { cells, evidence };
}
