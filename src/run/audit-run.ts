// The audit of one run, observed facts only: the gate's decision, every command the model asked for
// (read from what reached the provider, because a sandbox- or policy-denied command can leave no exec
// event at all), Codex's own refusals with its words as evidence, every command Codex reported
// running, and those of them the policy's command lists decline.
import { readConversation, responsesRequestSchema } from "../mock/conversation.js";
import type { CapturedRequest } from "../mock/server.js";
import type { NormalizedEvent } from "../transport/events.js";
import { judgeCommand } from "../safety/command-judge.js";
import type { Policy } from "../safety/policy.js";
import { auditEntry, type AuditEntry } from "../safety/audit.js";
import type { GateResult } from "../safety/gate.js";

interface Requested {
  callId: string;
  command: string;
  output?: string;
}

/** Commands the model asked for, with what Codex sent back for each. */
export function requestedCommands(requests: CapturedRequest[]): Requested[] {
  const byId = new Map<string, Requested>();
  for (const request of requests) {
    const parsed = responsesRequestSchema.safeParse(request.body);
    if (!parsed.success) continue;
    for (const item of parsed.data.input) {
      if (item.type !== "function_call" || !item.call_id || !item.arguments) continue;
      try {
        const args = JSON.parse(item.arguments) as { cmd?: unknown; command?: unknown };
        const command = typeof args.cmd === "string" ? args.cmd : Array.isArray(args.command) ? args.command.join(" ") : undefined;
        if (command !== undefined && !byId.has(item.call_id)) byId.set(item.call_id, { callId: item.call_id, command });
      } catch {
        // not a command call
      }
    }
    for (const output of readConversation(parsed.data).toolOutputs) {
      const known = byId.get(output.callId);
      if (known) known.output = output.output.slice(0, 500);
    }
  }
  return [...byId.values()];
}

// Codex's own answer to a command its execpolicy rules forbid, as the tool output it sends back
// (measured on 0.169.0: "exec_command failed: CreateProcess { ... `CMD` rejected: JUSTIFICATION ... }"),
// and no command item at all.
const CODEX_REJECTED = /rejected: ([^")\\]+)/;

/** The audit of an exec run, facts only: what the model asked for (read from what reached the
 *  provider), what Codex answered when it refused (its words, as evidence), what Codex reported
 *  running (its items, with exit codes), and which of those the policy's command lists decline. */
export function auditRun(gate: GateResult, events: NormalizedEvent[], requests: CapturedRequest[], matches: readonly ListMatch[]): AuditEntry[] {
  const entries = [...gate.audit];
  for (const asked of requestedCommands(requests)) {
    entries.push(auditEntry({ kind: "request", command: asked.command, detail: { callId: asked.callId } }));
    const rejected = asked.output === undefined ? undefined : CODEX_REJECTED.exec(asked.output);
    if (rejected) {
      entries.push(auditEntry({ kind: "decision", decision: "decline", by: "codex", rule: rejected[1]!.trim(), command: asked.command, detail: { evidence: asked.output!.slice(0, 300) } }));
    }
  }
  return [...entries, ...ranEntries(events), ...matchEntries(matches)];
}

/** A command Codex reported running that the policy's command lists decline. */
export interface ListMatch {
  command: string;
  rule: string;
  exitCode: number | null;
}

/** Commands Codex reported running (an item with an exit code or a final status) that the command
 *  judge declines. On exec these are what the advisory deny list could not stop; on app-server,
 *  commands that ran without asking. */
export async function listMatches(policy: Policy, events: NormalizedEvent[]): Promise<ListMatch[]> {
  if (policy.commands.deny.length === 0 && policy.commands.allow.length === 0) return [];
  const out: ListMatch[] = [];
  for (const entry of ranEntries(events)) {
    if (!entry.command || (entry.exitCode === null && entry.status !== "completed" && entry.status !== "failed")) continue;
    const verdict = await judgeCommand(policy.commands, entry.command);
    if (verdict.decision === "decline") out.push({ command: entry.command, rule: verdict.rule, exitCode: entry.exitCode ?? null });
  }
  return out;
}

export function matchEntries(matches: readonly ListMatch[]): AuditEntry[] {
  return matches.map((match) => auditEntry({ kind: "matched", command: match.command, exitCode: match.exitCode, by: "policy", rule: match.rule }));
}

/** Commands Codex ran, from its command items (both transports). A sandbox-denied command may leave no event at
 *  all, so this is what Codex reported, not proof that nothing else ran. */
export function ranEntries(events: NormalizedEvent[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const event of events) {
    if (event.type !== "item.completed" || event.item.type !== "command_execution") continue;
    const item = event.item as { command?: string; exit_code?: number | null; status?: string };
    // A command declined on approval is reported as an item too; it did not run.
    if (item.status === "declined") continue;
    out.push(auditEntry({ kind: "ran", command: item.command ?? "", exitCode: item.exit_code ?? null, ...(item.status ? { status: item.status } : {}) }));
  }
  return out;
}
