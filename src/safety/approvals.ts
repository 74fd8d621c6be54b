// Approval decisions by policy: a command or file change is accepted or declined by the rules of the
// policy alone. The app-server approval broker calls this for every request (runs with a command list
// use approval policy untrusted, so every command Codex does not itself know to be harmless asks);
// on the exec transport nobody can answer, and the same judge checks afterwards what ran (advisory).
import path from "node:path";
import { isUnder, resolvedPath } from "../core/paths.js";
import type { ApprovalKind } from "../codex/approvals.js";
import type { Policy } from "./policy.js";
import { judgeCommand } from "./command-judge.js";

export interface ApprovalRequest {
  kind: ApprovalKind;
  command?: string | string[];
  cwd?: string;
  paths?: string[];
}

export interface PolicyDecision {
  decision: "accept" | "decline";
  by: "policy";
  /** The rule that decided, e.g. `commands.deny "rm -rf"`. */
  rule: string;
}

function decide(decision: PolicyDecision["decision"], rule: string): PolicyDecision {
  return { decision, by: "policy", rule };
}

/** The policy's answer to one request. Commands are judged by the command judge (command-judge.ts):
 *  parsed as bash would read them, every simple command on its own. */
export async function policyDecision(policy: Policy, request: ApprovalRequest): Promise<PolicyDecision> {
  if (request.kind === "command") {
    const command = request.command ?? [];
    if (command.length === 0) return decide("decline", "commands: empty command");
    const verdict = await judgeCommand(policy.commands, command);
    return decide(verdict.decision, verdict.rule);
  }
  const roots = [...(request.cwd ? [request.cwd] : []), ...policy.sandbox.writable_roots];
  // Codex keeps the working directory's own .git and .codex read-only to its sandbox, and the gate
  // trusts them for it (the committed policy, the project's configuration); an accepted patch is
  // applied outside the sandbox. A path is judged where its links lead, too (red team 27).
  const shielded = request.cwd ? [".git", ".codex"].map((name) => path.join(request.cwd!, name)) : [];
  for (const file of request.paths ?? []) {
    const absolute = request.cwd ? path.resolve(request.cwd, file) : path.resolve(file);
    const spellings = [absolute, resolvedPath(absolute)];
    if (!spellings.every((spelling) => roots.some((root) => isUnder(spelling, root) || isUnder(spelling, resolvedPath(root))))) return decide("decline", `sandbox.writable_roots: ${absolute} is outside the workspace and writable roots`);
    const inside = shielded.find((folder) => spellings.some((spelling) => isUnder(spelling, folder) || isUnder(spelling, resolvedPath(folder))));
    if (inside) return decide("decline", `sandbox.writable_roots: ${absolute} is in ${inside}, which Codex keeps read-only to its sandbox`);
  }
  if (!policy.sandbox.modes.some((mode) => mode !== "read-only")) return decide("decline", "sandbox.modes: read-only only, no file changes");
  return decide("accept", "sandbox.writable_roots");
}
