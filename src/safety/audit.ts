// The audit log: one JSONL entry for everything requested, approved, declined and run. Entries also
// go into RunRecord.audit. Values pass through the Redactor before they are written anywhere.
import path from "node:path";
import { appendFileReplacing } from "../core/safe-fs.js";
import { z } from "zod";
import { Redactor } from "../observe/redact.js";

export const auditEntrySchema = z.object({
  at: z.string(),
  /** gate: the run-level decision; request/decision: an approval (by the policy, a handler, or
   *  Codex itself, with its words as evidence); ran: a command Codex reported running, with its exit
   *  code; matched: a command that ran although the policy's command lists decline it. */
  kind: z.enum(["gate", "request", "decision", "ran", "matched"]),
  decision: z.enum(["accept", "decline", "refused", "allowed"]).optional(),
  by: z.string().optional(),
  rule: z.string().optional(),
  command: z.string().optional(),
  exitCode: z.number().nullable().optional(),
  status: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export function auditEntry(entry: Omit<AuditEntry, "at">): AuditEntry {
  return auditEntrySchema.parse({ at: new Date().toISOString(), ...entry });
}

/** Appends entries to a JSONL file (CODEX_HEADLESS_AUDIT_LOG or a caller's path), redacted. */
export function appendAudit(file: string, entries: AuditEntry[], redactor: Redactor): void {
  if (entries.length === 0) return;
  // Rewritten and renamed, never appended through whatever is at the path (a planted link).
  appendFileReplacing(file, entries.map((entry) => `${redactor.redactString(JSON.stringify(entry))}\n`).join(""));
}

export const AUDIT_FILE = "audit.jsonl";

/** DIR/audit.jsonl beside the record. */
export function writeAuditLog(dir: string, entries: Array<Record<string, unknown>>): string {
  const file = path.join(dir, AUDIT_FILE);
  appendAudit(file, entries.map((entry) => auditEntrySchema.parse(entry)), new Redactor());
  return file;
}

export function refusalEntry(error: { message: string; data: Record<string, unknown> }): AuditEntry {
  return auditEntry({ kind: "gate", decision: "refused", by: "policy", rule: String(error.data.rule ?? ""), detail: { message: error.message, source: error.data.source } });
}
