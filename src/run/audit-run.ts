// The audit of one exec run: the gate's decision, every command the model asked for (read from what
// reached the provider, because a sandbox- or policy-denied command can leave no exec event at all)
// with the policy's verdict on it, and every command Codex reported running.
import { readConversation, responsesRequestSchema } from "../mock/conversation.js";
import type { CapturedRequest } from "../mock/server.js";
import type { NormalizedEvent } from "../transport/events.js";
import { policyDecision } from "../safety/approvals.js";
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

export function auditRun(gate: GateResult, events: NormalizedEvent[], requests: CapturedRequest[]): AuditEntry[] {
  const entries = [...gate.audit];
  for (const asked of requestedCommands(requests)) {
    entries.push(auditEntry({ kind: "request", command: asked.command, detail: { callId: asked.callId } }));
    const verdict = policyDecision(gate.policy, { kind: "command", command: asked.command });
    entries.push(
      auditEntry({
        kind: "decision",
        decision: verdict.decision,
        by: verdict.by,
        rule: verdict.rule,
        command: asked.command,
        detail: { enforcedBy: verdict.decision === "decline" ? "codex execpolicy rules (exec transport)" : "none needed", ...(asked.output ? { toolOutput: asked.output } : {}) },
      }),
    );
  }
  return [...entries, ...ranEntries(events)];
}

/** Commands Codex ran, from the exec event stream. A sandbox-denied command may leave no event at
 *  all, so this is what Codex reported, not proof that nothing else ran. */
export function ranEntries(events: NormalizedEvent[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const event of events) {
    if (event.type !== "item.completed" || event.item.type !== "command_execution") continue;
    const item = event.item as { command?: string; exit_code?: number | null; status?: string };
    out.push(auditEntry({ kind: "ran", command: item.command ?? "", exitCode: item.exit_code ?? null, ...(item.status ? { status: item.status } : {}) }));
  }
  return out;
}
