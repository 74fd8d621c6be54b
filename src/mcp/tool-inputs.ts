// Input schemas of the MCP tools (zod; the SDK validates and publishes them as JSON Schema). Each is
// strict: an argument a tool does not know is refused, as the library refuses an unknown option (a
// newcomer trial: run_prompt ran with a misspelt argument dropped). The JSON Schema says
// additionalProperties: false, so a client can tell before it calls.
import { z } from "zod";
import { SCENARIO_NAMES } from "../mock/scenarios.js";
import { approvalAnswerSchema, approvalPolicySchema, providerSchema, sandboxModeSchema, transportSchema } from "../codex/vocabulary.js";
import { CONTEXTS } from "../launch/context.js";

export const runInput = z.strictObject({
  prompt: z.string().min(1).describe("the prompt for Codex"),
  provider: providerSchema.optional().describe("model provider (default: openai with credentials, else mock)"),
  scenario: z.enum(SCENARIO_NAMES).optional().describe("mock provider script"),
  sandbox: sandboxModeSchema.optional(),
  approval: approvalPolicySchema.optional(),
  context: z.enum(CONTEXTS).optional().describe("launch context"),
  transport: transportSchema.optional().describe("exec (default) or app-server (needed to answer approvals)"),
  onApproval: approvalAnswerSchema.exclude(["ask"]).optional().describe("answer to Codex's approval requests, after the safety policy (app-server; default decline)"),
  home: z.string().min(1).optional().describe("ambient, isolated, repo or a path"),
  cwd: z.string().min(1).optional().describe("working directory for Codex"),
  timeoutSeconds: z.number().positive().max(86_400).optional(),
});

export const readRecordInput = z.strictObject({
  runId: z.string().min(1).describe("the runId a run tool returned"),
});

export const threadContinueInput = z.strictObject({
  threadId: z.string().min(1).describe("the threadId thread_start returned"),
  prompt: z.string().min(1),
});

export const threadIdInput = z.strictObject({
  threadId: z.string().min(1),
});

export const labFindingsInput = z.strictObject({
  dir: z.string().min(1).optional().describe("the lab report folder (default: lab-report)"),
});

export const runStatusInput = z.strictObject({
  runId: z.string().min(1).describe("the runId run_start returned"),
  waitSeconds: z.number().min(0).max(50).optional().describe("wait up to this long for the run to end before answering (a long poll; default 0)"),
});

export const runCancelInput = z.strictObject({
  runId: z.string().min(1).describe("the runId run_start returned"),
});

/** doctor takes no argument: any is refused. */
export const noInput = z.strictObject({});
