// The option values codex-headless accepts, each declared once as a zod enum: the CLI's choices, the
// MCP tools' input schemas, the safety policy, the RunSpec and the transports all derive from here.
// Where Codex's generated app-server protocol has the same concept (sandbox mode, approval policy),
// our list is checked at compile time to be a subset of the protocol's union, and every member we
// leave out is named in OMITTED with the reason; a Codex version that adds or drops a member fails
// the type check until this file says what to do with it.
import { z } from "zod";
import type { AskForApproval } from "./generated/v2/AskForApproval.js";
import type { SandboxMode as ProtocolSandboxMode } from "./generated/v2/SandboxMode.js";

/** A zod enum whose error names the option and lists the choices ("unknown X "y"; expected one of ..."). */
function optionEnum<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, { error: (issue) => `unknown ${what} ${JSON.stringify(issue.input)}; expected one of ${values.join(", ")}` });
}

/** Protocol members we do not offer, by concept, with the reason. */
export const OMITTED = {
  sandbox: {},
  approval: {
    granular: "an object of per-category switches, not a mode a flag can name; no caller has needed it",
  },
} as const;

// A protocol union's members by name: a string member is its own name, an object member its one key.
type MemberNames<T> = T extends string ? T : keyof T;
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const covers = <_ extends true>() => undefined;

export const SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const satisfies readonly ProtocolSandboxMode[];
covers<SameSet<(typeof SANDBOX_MODES)[number] | keyof typeof OMITTED.sandbox, MemberNames<ProtocolSandboxMode>>>();
export const sandboxModeSchema = optionEnum("sandbox mode", SANDBOX_MODES);
export type SandboxMode = z.infer<typeof sandboxModeSchema>;

export const APPROVAL_POLICIES = ["never", "on-request", "untrusted"] as const satisfies readonly AskForApproval[];
covers<SameSet<(typeof APPROVAL_POLICIES)[number] | keyof typeof OMITTED.approval, MemberNames<AskForApproval>>>();
export const approvalPolicySchema = optionEnum("approval policy", APPROVAL_POLICIES);
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

// The rest are ours, with no protocol union to check against: how auth is carried into a home (not
// Codex's own AuthMode, which says what kind of credential a home holds), which model provider,
// which Codex entry point drives the run, which CODEX_HOME.

/** How a run's answers to approval requests are given (app-server): "ask" prompts on the terminal. */
export const APPROVAL_ANSWERS = ["accept", "decline", "ask"] as const;
export const approvalAnswerSchema = optionEnum("approval decision", APPROVAL_ANSWERS);
export type ApprovalAnswer = z.infer<typeof approvalAnswerSchema>;

/** How authentication is carried into a home codex-headless prepares. */
export const AUTH_MODES = ["copy", "link", "api-key", "env", "none"] as const;
export const authModeSchema = optionEnum("auth mode", AUTH_MODES);
export type AuthMode = z.infer<typeof authModeSchema>;

export const PROVIDERS = ["mock", "openai"] as const;
export const providerSchema = optionEnum("provider", PROVIDERS);
export type Provider = z.infer<typeof providerSchema>;

/** `exec`: `codex exec --json`, a process per turn; `app-server`: `codex app-server` over JSON-RPC. */
export const TRANSPORTS = ["exec", "app-server"] as const;
export const transportSchema = optionEnum("transport", TRANSPORTS);
export type TransportName = z.infer<typeof transportSchema>;

/** The named home modes; `--home` also takes a path, whose mode is "path". */
export const NAMED_HOME_MODES = ["ambient", "isolated", "repo"] as const;
export type NamedHomeMode = (typeof NAMED_HOME_MODES)[number];
export type HomeMode = NamedHomeMode | "path";
export function isNamedHomeMode(value: string): value is NamedHomeMode {
  return (NAMED_HOME_MODES as readonly string[]).includes(value);
}
