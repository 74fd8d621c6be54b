// Approval decisions by policy: a command or file change is accepted or declined by the rules of the
// policy alone. The app-server approval broker calls this for every request; the exec transport
// enforces the same deny list through Codex's own execpolicy rules (see exec-rules.ts).
import path from "node:path";
import { isUnder } from "../core/paths.js";
import type { ApprovalKind } from "../codex/approvals.js";
import type { Policy } from "./policy.js";

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

// Shells wrap the real command: `/bin/bash -lc 'touch x'` is judged as `touch x`.
function unwrapShell(tokens: string[]): string[] {
  const [first, flag, script] = tokens;
  if (first && /(^|\/)(ba|z|da)?sh$/.test(first) && flag && /^-[a-z]*c$/.test(flag) && script !== undefined) return script.trim().split(/\s+/);
  return tokens;
}

export function commandTokens(command: string | string[]): string[] {
  const tokens = Array.isArray(command) ? command : command.trim().split(/\s+/);
  return unwrapShell(tokens.filter((t) => t.length > 0));
}

/** A prefix matches whole tokens: "rm -rf" matches "rm -rf /x", "git" does not match "gitk". */
function startsWith(tokens: string[], prefix: string): boolean {
  const want = prefix.trim().split(/\s+/);
  return want.length <= tokens.length && want.every((token, i) => tokens[i] === token);
}

// Every command of a compound line (`a && b; c | d`) must pass on its own.
function segments(tokens: string[]): string[][] {
  const out: string[][] = [[]];
  for (const token of tokens) {
    if (["&&", "||", ";", "|", "&"].includes(token)) out.push([]);
    else out.at(-1)!.push(token.replace(/;$/, ""));
  }
  return out.filter((s) => s.length > 0);
}

function decide(decision: PolicyDecision["decision"], rule: string): PolicyDecision {
  return { decision, by: "policy", rule };
}

export function policyDecision(policy: Policy, request: ApprovalRequest): PolicyDecision {
  if (request.kind === "command") {
    const tokens = commandTokens(request.command ?? []);
    if (tokens.length === 0) return decide("decline", "commands: empty command");
    for (const segment of segments(tokens)) {
      const denied = policy.commands.deny.find((prefix) => startsWith(segment, prefix));
      if (denied) return decide("decline", `commands.deny ${JSON.stringify(denied)}`);
      if (policy.commands.allow.length > 0 && !policy.commands.allow.some((prefix) => startsWith(segment, prefix))) {
        return decide("decline", `commands.allow does not list ${JSON.stringify(segment[0])}`);
      }
    }
    return decide("accept", policy.commands.allow.length > 0 ? "commands.allow" : "commands: not denied");
  }
  const roots = [...(request.cwd ? [request.cwd] : []), ...policy.sandbox.writable_roots];
  for (const file of request.paths ?? []) {
    const absolute = request.cwd ? path.resolve(request.cwd, file) : path.resolve(file);
    if (!roots.some((root) => isUnder(absolute, root))) return decide("decline", `sandbox.writable_roots: ${absolute} is outside the workspace and writable roots`);
  }
  if (!policy.sandbox.modes.some((mode) => mode !== "read-only")) return decide("decline", "sandbox.modes: read-only only, no file changes");
  return decide("accept", "sandbox.writable_roots");
}
