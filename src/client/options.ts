// Options of the library API. Set on `new Codex(...)` as defaults, overridable per thread. Both
// spellings are accepted: ours (the CLI's names) and @openai/codex-sdk's CodexOptions/ThreadOptions
// (0.163.0, the devDependency the compatibility test runs), resolved here, once, into ours; the
// RunSpec schema then validates the values as it does for the CLI.
import { z } from "zod";
import { CodexHeadlessError, describeValue } from "../core/errors.js";
import { nearestName } from "../core/nearest.js";
import { flattenConfig, overridePairs, overrideValue } from "../codex/config-overrides.js";
import { approvalPolicySchema, sandboxModeSchema, type ApprovalPolicy, type SandboxMode } from "../codex/vocabulary.js";
import { runSpecObject, type RunSpecInput } from "../run/spec.js";
import type { ApprovalCallback } from "../codex/approvals.js";

/** A config object as @openai/codex-sdk takes it: nested tables flatten to dotted `-c` keys. */
export type ConfigObject = { [key: string]: ConfigValue };
export type ConfigValue = string | number | boolean | ConfigValue[] | ConfigObject;

/** @openai/codex-sdk's names (CodexOptions and ThreadOptions of 0.163.0), same meaning, with the
 *  differences the README lists (our safety policy judges what they ask for). */
export interface SdkOptions {
  /** The Codex binary to run (ours: `codex: PATH`). */
  codexPathOverride?: string;
  /** The OpenAI provider's base URL (`-c openai_base_url=...`); implies provider "openai". */
  baseUrl?: string;
  /** An API key given to Codex as CODEX_API_KEY (hidden from tools by the default policy); implies
   *  provider "openai". */
  apiKey?: string;
  /** Raw `key=value` overrides, after `config`. */
  configOverrides?: string[];
  /** `-c model=...`. */
  model?: string;
  /** Ours: `sandbox`. */
  sandboxMode?: SandboxMode;
  /** Ours: `cwd`. */
  workingDirectory?: string;
  /** codex-headless always skips Codex's git-repository check (the policy decides what a run may
   *  do); `false` asks for the check and is a usage error. */
  skipGitRepoCheck?: boolean;
  /** `-c model_reasoning_effort=...`. */
  modelReasoningEffort?: "minimal" | "low" | "medium" | "high" | "xhigh" | "max" | "ultra" | "persistent";
  /** `-c sandbox_workspace_write.network_access=...`: a caller override the policy must allow. */
  networkAccessEnabled?: boolean;
  /** `-c web_search=...`. */
  webSearchMode?: "disabled" | "cached" | "live";
  /** Legacy: true is webSearchMode "live", false "disabled". */
  webSearchEnabled?: boolean;
  /** Ours: `approval`. Codex's protocol has no "on-failure" any more: a usage error. */
  approvalPolicy?: ApprovalPolicy;
  /** Extra writable roots (`-c sandbox_workspace_write.writable_roots=[...]`): a caller override the
   *  policy must allow. */
  additionalDirectories?: string[];
}

type OwnOptions = Omit<RunSpecInput, "prompt" | "resumeThreadId" | "onApproval" | "images" | "outputSchema" | "config"> & {
  /** The environment Codex starts from (default: this process's); it replaces ours, as in the SDK. */
  env?: NodeJS.ProcessEnv;
  /** How approval requests are answered (app-server transport): "accept", "decline", "ask" (on the
   *  terminal) or a callback. A callback that throws or answers anything else declines. The policy
   *  is applied first either way. */
  onApproval?: RunSpecInput["onApproval"] | ApprovalCallback;
  /** Extra `-c` overrides: `key=value` strings (ours) or an object (the SDK's shape). */
  config?: string[] | ConfigObject;
};

export type CodexOptions = OwnOptions & SdkOptions;
export type ThreadOptions = CodexOptions;

/** Options in our spelling only, config as `key=value` pairs: what a Thread runs with. */
export type ResolvedOptions = Omit<OwnOptions, "config"> & { config?: string[]; apiKey?: string };

const ALIASES = { sandboxMode: "sandbox", workingDirectory: "cwd", approvalPolicy: "approval", codexPathOverride: "codex" } as const;

const sdkSchema = z
  .object({
    codexPathOverride: z.string().min(1, "codexPathOverride: expected a path"),
    baseUrl: z.url({ error: (issue) => `baseUrl: expected a URL, got ${describeValue(issue.input)}` }),
    apiKey: z.string().min(1, "apiKey: expected a non-empty string"),
    configOverrides: z.array(z.string(), { error: "configOverrides: expected an array of key=value strings" }),
    model: z.string().min(1, "model: expected a model name"),
    sandboxMode: sandboxModeSchema,
    workingDirectory: z.string().min(1, "workingDirectory: expected a path"),
    skipGitRepoCheck: z.boolean({ error: "skipGitRepoCheck: expected a boolean" }),
    modelReasoningEffort: z.enum(["minimal", "low", "medium", "high", "xhigh", "max", "ultra", "persistent"], { error: (issue) => `modelReasoningEffort: unknown effort ${describeValue(issue.input)}` }),
    networkAccessEnabled: z.boolean({ error: "networkAccessEnabled: expected a boolean" }),
    webSearchMode: z.enum(["disabled", "cached", "live"], { error: (issue) => `webSearchMode: expected disabled, cached or live, got ${describeValue(issue.input)}` }),
    webSearchEnabled: z.boolean({ error: "webSearchEnabled: expected a boolean" }),
    approvalPolicy: approvalPolicySchema,
    additionalDirectories: z.array(z.string().min(1), { error: "additionalDirectories: expected an array of paths" }),
  })
  .partial();

/** Keys callers sometimes put in thread options that belong elsewhere, with where they go. */
const MISPLACED = new Map<string, string>([
  ["outputSchema", "outputSchema is not a thread option: give it per turn, thread.run(input, { outputSchema })"],
  ["images", 'images is not a thread option: give them per turn, as { type: "local_image", path } input items'],
  ["prompt", "prompt is not a thread option: give it to thread.run(prompt)"],
  ["resumeThreadId", "resumeThreadId is not a thread option: use codex.resumeThread(id, options)"],
  ["threadSource", "threadSource: codex-headless cannot pass it on (the Codex it pins has no --thread-source)"],
]);

const OWN_KEYS = [...Object.keys(runSpecObject.shape).filter((key) => !["prompt", "resumeThreadId", "images", "outputSchema"].includes(key)), "env"];
const KNOWN_KEYS = [...OWN_KEYS, ...Object.keys(sdkSchema.shape)];

function usage(message: string, data: Record<string, unknown> = {}): CodexHeadlessError {
  return new CodexHeadlessError("usage", message, { data });
}

/**
 * Options in either spelling → ours. Errors (usage, one line): an unknown key (naming the nearest
 * known one), both spellings of one option with different values, an SDK option's bad value, one
 * we cannot pass on. Our own options' values are checked later, by the RunSpec schema.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw usage(`options: expected an object, got ${describeValue(options)}`);
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (given[key] === undefined) continue;
    const misplaced = MISPLACED.get(key);
    if (misplaced) throw usage(misplaced, { key });
    if (!KNOWN_KEYS.includes(key)) {
      const near = nearestName(key, KNOWN_KEYS);
      throw usage(`unknown option ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ""}`, { key, ...(near ? { nearest: near } : {}) });
    }
  }
  const sdkKeys = Object.keys(sdkSchema.shape).filter((key) => given[key] !== undefined);
  const sdk = sdkSchema.safeParse(Object.fromEntries(sdkKeys.map((key) => [key, given[key]])));
  if (!sdk.success) {
    const issue = sdk.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    throw usage(issue.message.startsWith(`${key}:`) ? issue.message : `${key}: ${issue.message}`, { key });
  }
  const s = sdk.data;
  const resolved: Record<string, unknown> = Object.fromEntries(OWN_KEYS.filter((key) => given[key] !== undefined && key !== "config").map((key) => [key, given[key]]));
  for (const [sdkKey, ours] of Object.entries(ALIASES)) {
    const value = s[sdkKey as keyof typeof s];
    if (value === undefined) continue;
    if (resolved[ours] !== undefined && resolved[ours] !== value) {
      throw usage(`${sdkKey} and ${ours} are one option and were given different values (${JSON.stringify(value)}, ${JSON.stringify(resolved[ours])}); give one`, { keys: [sdkKey, ours] });
    }
    resolved[ours] = value;
  }
  if (s.skipGitRepoCheck === false) throw usage("skipGitRepoCheck: false is not supported: codex-headless always skips Codex's git-repository check (the safety policy decides what a run may do)", { key: "skipGitRepoCheck" });
  if (s.webSearchMode !== undefined && s.webSearchEnabled !== undefined && s.webSearchMode !== (s.webSearchEnabled ? "live" : "disabled")) {
    throw usage(`webSearchMode and webSearchEnabled disagree (${JSON.stringify(s.webSearchMode)}, ${String(s.webSearchEnabled)}); give webSearchMode alone`, { keys: ["webSearchMode", "webSearchEnabled"] });
  }
  if ((s.baseUrl !== undefined || s.apiKey !== undefined) && given.provider === "mock") {
    throw usage(`${s.baseUrl !== undefined ? "baseUrl" : "apiKey"} is for the openai provider; the mock provider ignores it (drop provider: "mock" or this option)`, { key: s.baseUrl !== undefined ? "baseUrl" : "apiKey" });
  }
  // baseUrl and apiKey say "a real provider", as they do in the SDK: the openai provider unless given.
  if ((s.baseUrl !== undefined || s.apiKey !== undefined) && resolved.provider === undefined) resolved.provider = "openai";
  const config = configPairs(given.config);
  // In the SDK's order: its config object, the raw overrides, then the options it writes as `-c`.
  const managed = overridePairs({
    openai_base_url: s.baseUrl,
    model: s.model,
    model_reasoning_effort: s.modelReasoningEffort,
    "sandbox_workspace_write.network_access": s.networkAccessEnabled,
    web_search: s.webSearchMode ?? (s.webSearchEnabled === undefined ? undefined : s.webSearchEnabled ? "live" : "disabled"),
    "sandbox_workspace_write.writable_roots": s.additionalDirectories,
  });
  const pairs = [...config, ...(s.configOverrides ?? []), ...managed];
  // A config naming its own model provider, as an SDK user points Codex at a server, is not ours
  // to replace with the mock: the openai provider (no mock) unless given.
  if (resolved.provider === undefined && overrideValue(pairs, "model_provider") !== undefined) resolved.provider = "openai";
  if (pairs.length > 0 || given.config !== undefined) resolved.config = pairs;
  if (s.apiKey !== undefined) resolved.apiKey = s.apiKey;
  return resolved as ResolvedOptions;
}

function configPairs(config: unknown): string[] {
  if (config === undefined) return [];
  if (Array.isArray(config)) {
    const bad = config.findIndex((pair) => typeof pair !== "string");
    if (bad >= 0) throw usage(`config[${bad}]: expected a key=value string, got ${describeValue(config[bad])}`, { key: "config" });
    return config as string[];
  }
  return flattenConfig(config);
}

/** Thread options over the Codex defaults: thread values win, config overrides add up (the
 *  thread's after the defaults', so they win in Codex). */
export function mergeOptions(defaults: ResolvedOptions, thread: ResolvedOptions): ResolvedOptions {
  const merged: ResolvedOptions = { ...defaults, ...thread };
  if (defaults.config || thread.config) merged.config = [...(defaults.config ?? []), ...(thread.config ?? [])];
  return merged;
}

// Turn options and inputs are checked at the boundary, strictly: an option or an input item we cannot
// pass on to Codex is the caller's mistake and a usage error, never silently dropped (as the Codex
// SDK drops unknown input items).
const turnOptionsSchema = z
  .object({
    /** A JSON Schema for the turn's final message (validated by the RunSpec's outputSchema rule). */
    outputSchema: z.unknown().optional(),
    signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, "signal: expected an AbortSignal").optional(),
  })
  .strict();

export type TurnOptions = z.input<typeof turnOptionsSchema>;

const userInputSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("text"), text: z.string({ error: "text: expected a string" }) }).strict(),
    z.object({ type: z.literal("local_image"), path: z.string({ error: "path: expected a file path string" }).min(1, "path: expected a file path, got an empty string") }).strict(),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? `unsupported input item type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)}; expected "text" or "local_image"` : undefined) },
);

export type UserInput = z.infer<typeof userInputSchema>;

const inputSchema = z.array(userInputSchema, { error: "expected a string or an array of input items" });

export type Input = string | UserInput[];

/** What a turn asks of Codex: the prompt (text items joined by blank lines, as the SDK does), the
 *  images in their order, and the options. Errors: usage, one line naming the item or key. */
export function readTurn(input: unknown, turnOptions: unknown): { prompt: string; images: string[]; outputSchema?: unknown; signal?: AbortSignal } {
  const options = turnOptionsSchema.safeParse(turnOptions ?? {});
  if (!options.success) throw usageFrom("turn options", options.error);
  const parsed = typeof input === "string" ? { success: true as const, data: [{ type: "text" as const, text: input }] } : inputSchema.safeParse(input);
  if (!parsed.success) throw usageFrom("input", parsed.error);
  const items: UserInput[] = parsed.data;
  const prompt = items.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n\n");
  const images = items.flatMap((item) => (item.type === "local_image" ? [item.path] : []));
  return {
    prompt,
    images,
    ...(options.data.outputSchema !== undefined ? { outputSchema: options.data.outputSchema } : {}),
    ...(options.data.signal ? { signal: options.data.signal } : {}),
  };
}

function usageFrom(what: string, error: z.ZodError): CodexHeadlessError {
  const issue = error.issues[0]!;
  const item = typeof issue.path[0] === "number" ? `input item ${issue.path[0]}` : undefined;
  if (issue.code === "unrecognized_keys" && item) {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(", ");
    return new CodexHeadlessError("usage", `${item}: unsupported key ${keys}; codex-headless cannot pass it on (text items carry text, local_image items a path)`, { data: { keys: issue.keys } });
  }
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(", ");
    return new CodexHeadlessError("usage", `${what}: unsupported option ${keys}; codex-headless cannot pass it on (supported: ${Object.keys(turnOptionsSchema.shape).join(", ")})`, { data: { keys: issue.keys } });
  }
  return new CodexHeadlessError("usage", `${item ?? what}: ${issue.message}`, { data: { issues: error.issues } });
}
