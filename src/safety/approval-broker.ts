// The approval broker: every approval Codex asks for over app-server passes through here. The policy
// judges first — what it declines is declined without asking anyone — then the caller's handler
// (accept, decline, ask on the terminal, or a library callback). A handler that throws or answers
// nonsense counts as a decline. Every request and decision becomes an audit entry. A handler still
// thinking when the run stops (closed thread, aborted or timed-out turn) is not waited for: its request
// is declined at once and the handler's signal fires, so nothing is left pending.
import { z } from "zod";
import type { ApprovalCallback, ApprovalQuestion, BrokerDecision } from "../codex/approvals.js";
import { optionName } from "../core/option-names.js";
import { policyDecision } from "./approvals.js";
import { auditEntry, type AuditEntry } from "./audit.js";
import type { Policy } from "./policy.js";

export type ApprovalHandler = "accept" | "decline" | "ask" | ApprovalCallback;

const STOPPED = Symbol("stopped");

const decisionSchema = z.enum(["accept", "decline"]);

export class ApprovalBroker {
  readonly entries: AuditEntry[] = [];
  /** Aborted by stop(): what handlers are still deciding is declined. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly policy: Policy,
    private readonly handler: ApprovalHandler | undefined,
    /** Asks a person; required when handler is "ask". */
    private readonly ask?: ApprovalCallback,
    /** The run's signal: when it aborts, the broker stops (see stop). */
    runSignal?: AbortSignal,
  ) {
    if (runSignal?.aborted) this.stop(runSignal.reason);
    else runSignal?.addEventListener("abort", () => this.stop(runSignal.reason), { once: true });
  }

  /** The run is over or stopping: requests whose handler has not answered are declined now, later
   *  ones without asking, and the handlers' signal fires (with `reason`). Idempotent. */
  stop(reason: unknown = new Error("the run stopped")): void {
    this.stopping.abort(reason);
  }

  async decide(question: ApprovalQuestion): Promise<BrokerDecision> {
    const display = question.command ?? question.argv?.join(" ");
    this.entries.push(
      auditEntry({
        kind: "request",
        ...(display ? { command: display } : {}),
        detail: { kind: question.kind, ...(question.cwd ? { cwd: question.cwd } : {}), ...(question.paths ? { paths: question.paths } : {}), ...(question.reason ? { reason: question.reason } : {}), ...(question.itemId ? { itemId: question.itemId } : {}) },
      }),
    );
    const verdict = await this.judge(question);
    this.entries.push(auditEntry({ kind: "decision", decision: verdict.decision, by: verdict.by, rule: verdict.rule, ...(display ? { command: display } : {}) }));
    return verdict;
  }

  /** A server request nobody can answer (user input, elicitation, ...): declined, and recorded. */
  recordUnanswered(method: string): void {
    this.entries.push(auditEntry({ kind: "request", detail: { method } }));
    this.entries.push(auditEntry({ kind: "decision", decision: "decline", by: "codex-headless", rule: `no handler for ${method}` }));
  }

  private async judge(question: ApprovalQuestion): Promise<BrokerDecision> {
    const byPolicy = await policyDecision(this.policy, {
      kind: question.kind,
      ...(question.command ?? question.argv ? { command: question.command ?? question.argv! } : {}),
      ...(question.cwd ? { cwd: question.cwd } : {}),
      ...(question.paths ? { paths: question.paths } : {}),
    });
    if (byPolicy.decision === "decline") return byPolicy;
    const handler = this.handler;
    if (handler === undefined) return { decision: "decline", by: "default", rule: `no approval handler was given (${optionName("onApproval")}); declining is the safe default` };
    if (handler === "accept" || handler === "decline") return { decision: handler, by: `on-approval ${handler}`, rule: byPolicy.rule };
    const callback = handler === "ask" ? this.ask : handler;
    const by = handler === "ask" ? "terminal" : "callback";
    if (!callback) return { decision: "decline", by, rule: "nobody to ask: no terminal" };
    const { signal } = this.stopping;
    const stopped = (): BrokerDecision => ({ decision: "decline", by: "codex-headless", rule: `the run stopped before the approval handler answered (${reasonText(signal.reason)}); declined` });
    if (signal.aborted) return stopped();
    let onStop!: () => void;
    const stop = new Promise<typeof STOPPED>((resolve) => signal.addEventListener("abort", (onStop = () => resolve(STOPPED)), { once: true }));
    try {
      const raw: unknown = await Promise.race([Promise.resolve().then(() => callback(question, { signal })), stop]);
      if (raw === STOPPED) return stopped();
      const answer = decisionSchema.safeParse(raw);
      if (!answer.success) return { decision: "decline", by: `${by}-error`, rule: `the approval handler answered ${JSON.stringify(raw) ?? String(raw)}, not accept or decline; declined` };
      return { decision: answer.data, by, rule: byPolicy.rule };
    } catch (error) {
      if (signal.aborted) return stopped();
      return { decision: "decline", by: `${by}-error`, rule: `the approval handler threw (${error instanceof Error ? error.message : String(error)}); declined` };
    } finally {
      signal.removeEventListener("abort", onStop);
    }
  }
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
