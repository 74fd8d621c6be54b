// Public library API: a re-export barrel, nothing else.
export { CodexHeadlessError, CodexRunError, type ErrorCode } from "./errors.js";
export { Codex } from "./client/codex.js";
export { Thread, type Turn, type StreamedTurn } from "./client/thread.js";
export type { CodexOptions, ThreadOptions, TurnOptions, Input } from "./client/options.js";
export { locateCodex, pinnedCodexVersion, type CodexBinary, type CodexChoice } from "./codex/locate.js";
export { startMockProvider, type MockProvider, type MockProviderOptions, type CapturedRequest } from "./mock/server.js";
export { SCENARIO_NAMES, type ScenarioName } from "./mock/scenarios.js";
export { runOnce, parseRunSpec, type RunHooks } from "./run/runner.js";
export { writeRecord, runRecordSchema, type RunRecord } from "./run/record.js";
export { runSpecSchema, type RunSpec, type RunSpecInput } from "./run/spec.js";
export { EXIT_CODES, type Outcome } from "./run/outcome.js";
export type { NormalizedEvent, ThreadItem, Usage } from "./transport/events.js";
export { loadPolicy, parsePolicyText, type LoadedPolicy } from "./safety/policy-file.js";
export { defaultPolicy, policySchema, type Policy, type PolicyInput } from "./safety/policy.js";
export { policyDecision, type ApprovalRequest, type PolicyDecision } from "./safety/approvals.js";
export { gateRun, type GateResult } from "./safety/gate.js";
export { runPreflight, type PreflightReport, type Check } from "./safety/preflight.js";
