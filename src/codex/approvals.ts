// What an approval request from Codex is, and what can be answered, as the transport, the safety
// broker and a library caller all see it. Here, below both transport/ and safety/, so that neither
// needs the other for the shape of a question.

/** The two kinds of request Codex sends over app-server: run a command, or change files. */
export type ApprovalKind = "command" | "file-change";

export type ApprovalDecision = "accept" | "decline";

/** What Codex asks to do, as the handler sees it. */
export interface ApprovalQuestion {
  kind: ApprovalKind;
  /** The command line Codex will run (commands): what the policy judges. */
  command?: string;
  /** The argv, when Codex gave one instead of a command line (the legacy execCommandApproval). */
  argv?: string[];
  cwd?: string;
  /** Files a change touches (file changes). */
  paths?: string[];
  reason?: string;
  threadId?: string;
  turnId?: string;
  itemId?: string;
}

/** What a handler gets beside the question. */
export interface ApprovalContext {
  /** Aborted when the run stops before the handler answered (the thread was closed, the turn was
   *  aborted or timed out, Codex died): the request is then declined without waiting for the answer,
   *  and a handler waiting on a person can stop asking. */
  signal: AbortSignal;
}

/** A library caller's own answer; one that throws or answers anything else counts as a decline. */
export type ApprovalCallback = (question: ApprovalQuestion, context: ApprovalContext) => ApprovalDecision | Promise<ApprovalDecision>;

/** The answer given, who gave it (the policy, a handler) and the rule or reason. */
export interface BrokerDecision {
  decision: ApprovalDecision;
  by: string;
  rule: string;
}
