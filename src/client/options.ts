// Options of the library API. Set on `new Codex(...)` as defaults, overridable per thread; one
// validation for both, by the RunSpec schema the CLI uses.
import type { RunSpecInput } from "../run/spec.js";
import type { ApprovalCallback } from "../codex/approvals.js";

export type CodexOptions = Omit<RunSpecInput, "prompt" | "resumeThreadId" | "onApproval"> & {
  /** The environment Codex starts from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** How approval requests are answered (app-server transport): "accept", "decline", "ask" (on the
   *  terminal) or a callback. A callback that throws or answers anything else declines. The policy
   *  is applied first either way. */
  onApproval?: RunSpecInput["onApproval"] | ApprovalCallback;
};

export type ThreadOptions = CodexOptions;

export interface TurnOptions {
  signal?: AbortSignal;
}

export type Input = string | Array<{ type: "text"; text: string }>;

export function promptOf(input: Input): string {
  return typeof input === "string" ? input : input.map((part) => part.text).join("\n\n");
}
