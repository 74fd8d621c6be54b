// MCP tool annotations (hints a client may show or act on, never a guarantee): every tool says
// whether it changes anything (readOnlyHint), whether what it changes can be destroyed
// (destructiveHint: Codex's commands may edit or delete files within the run's sandbox), and whether
// it reaches beyond this machine (openWorldHint: a model provider, a network check).
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";

const RUNS_CODEX: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
const READS_OURS: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const STOPS_A_RUN: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export const TOOL_ANNOTATIONS = {
  run_prompt: RUNS_CODEX,
  run_start: RUNS_CODEX,
  run_status: READS_OURS,
  run_cancel: STOPS_A_RUN,
  read_record: READS_OURS,
  thread_start: RUNS_CODEX,
  thread_continue: RUNS_CODEX,
  thread_interrupt: STOPS_A_RUN,
  // It starts Codex's sandbox probe and checks network reach; it changes nothing of the user's.
  doctor: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  lab_findings: READS_OURS,
} as const satisfies Record<string, ToolAnnotations>;

export type ToolName = keyof typeof TOOL_ANNOTATIONS;
