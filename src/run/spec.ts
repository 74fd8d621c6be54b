// A RunSpec is plain data: everything that decides how one headless run is launched. Validated once,
// here, and every default that depends on other fields resolved here too (a transform), so every
// other module trusts its fields and none resolves a default of its own.
import { z } from "zod";
import { defaultHomeFor } from "../home/prepare.js";
import { checkConfigValues } from "../codex/config-values.js";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { approvalAnswerSchema, approvalPolicySchema, authModeSchema, providerSchema, sandboxModeSchema, transportSchema } from "../codex/vocabulary.js";
import { contextSchema } from "../launch/context.js";
import { parseScenarioOptions, scenarioNameSchema, scenarioOptionsOf } from "../mock/scenarios.js";
import { overrideValue } from "../codex/config-overrides.js";
import { describeValue } from "../core/errors.js";
import { CODEX_INPUT_LIMIT_CHARS, codexCharCount } from "../codex/input-limit.js";

// Node's timers overflow past 2^31-1 ms and fire at once.
const positiveMs = (what: string) =>
  z
    .number({ error: (issue) => `${what}: expected a positive number of milliseconds, got ${describeValue(issue.input)}` })
    .int()
    .positive(`${what} must be positive`)
    .max(2 ** 31 - 1, `${what} must be at most ${2 ** 31 - 1} ms (about 24 days)`);

// Keywords one of which a JSON Schema for a structured answer has at its top level; an object with
// none of them is most likely not a schema at all (a sample answer, a wrapper), and Codex would pass
// it on for the model to reject or ignore.
const SCHEMA_KEYWORDS = ["type", "properties", "$schema", "$ref", "anyOf", "oneOf", "allOf", "enum", "const", "items"];

/** A JSON Schema by a simple check: a plain JSON object naming at least one schema keyword, whose
 *  `type` (when given) is a string or an array of strings. */
export const outputSchemaSchema = z.unknown().transform((value, ctx) => {
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message: `outputSchema: ${message}` });
    return z.NEVER;
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) return fail(`expected a JSON Schema object, got ${describeValue(value)}`);
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return fail(`not serializable as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const copy = JSON.parse(json) as Record<string, unknown>;
  if (!SCHEMA_KEYWORDS.some((key) => key in copy)) return fail(`expected a JSON Schema with one of ${SCHEMA_KEYWORDS.join(", ")} at its top level, got keys ${Object.keys(copy).join(", ") || "(none)"}`);
  const type = copy.type;
  if (type !== undefined && typeof type !== "string" && !(Array.isArray(type) && type.every((t) => typeof t === "string"))) {
    return fail(`"type" must be a string or an array of strings, got ${describeValue(type)}`);
  }
  // The JSON copy: what Codex will receive, with nothing a later mutation by the caller could change.
  return copy;
});

const promptSchema = z
  .string({ error: (issue) => `prompt: expected a string, got ${typeof issue.input}` })
  .refine((text) => text.trim().length > 0, "prompt is empty")
  .refine((text) => !text.includes("\0"), "prompt contains NUL bytes")
  .superRefine((text, ctx) => {
    // Codex refuses a longer input only after it has started (see codex/input-limit.ts).
    const count = codexCharCount(text);
    if (count > CODEX_INPUT_LIMIT_CHARS) ctx.addIssue({ code: "custom", message: `${count} characters, over the ${CODEX_INPUT_LIMIT_CHARS} Codex accepts in one input (counted as Codex counts: Unicode characters)` });
  });

/** A run's overall time limit when none is given (`--timeout`, `timeoutMs`), in ms. */
export const DEFAULT_TIMEOUT_MS = 600_000;

// Codex's thread ids are UUIDs (it also takes a `urn:uuid:` prefix). `codex exec resume` takes
// anything else as a thread's name, and one it does not know started a new thread, silently (a
// newcomer trial); app-server refuses it only after starting.
const THREAD_ID = /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why `id` is no thread id Codex could resume (one line), or undefined. */
export function badThreadId(id: unknown): string | undefined {
  if (typeof id === "string" && THREAD_ID.test(id)) return undefined;
  return `expected a thread id (a UUID, as thread.id gives), got ${describeValue(id)}; codex exec resume would take it for a thread name and, finding none, start a new thread`;
}

/** A run's options: everything but its prompt (a thread's options, checked before any turn). */
const runOptionsObject = z
  .object({
    codex: z.string().min(1).default("pinned"),
    provider: providerSchema.default("mock"),
    /** The mock's script; "hello" when not given (resolved below: the real provider takes none). */
    scenario: scenarioNameSchema.optional(),
    scenarioOptions: z.record(z.string(), z.string()).default({}),
    context: contextSchema.default("direct"),
    /** ambient | isolated | repo | a path; when not given, the provider's default (resolved below). */
    home: z.string().min(1, "empty; expected ambient, isolated, repo or a path").optional(),
    keepHome: z.boolean().default(false),
    /** Seed the isolated home with the ambient home's configuration (no state; home/seed.ts). */
    seedConfig: z.boolean().default(false),
    auth: authModeSchema.optional(),
    sandbox: sandboxModeSchema.optional(),
    approval: approvalPolicySchema.optional(),
    onApproval: approvalAnswerSchema.optional(),
    transport: transportSchema.default("exec"),
    timeoutMs: positiveMs("timeout").default(DEFAULT_TIMEOUT_MS),
    idleTimeoutMs: positiveMs("idle timeout").optional(),
    firstEventTimeoutMs: positiveMs("first-event timeout").optional(),
    cwd: z.string().min(1).default(() => process.cwd()),
    policy: z.string().optional(),
    ephemeral: z.boolean().default(false),
    /** Continue an existing thread (exec resume / app-server thread resume). */
    resumeThreadId: z
      .string()
      .superRefine((id, ctx) => {
        const why = badThreadId(id);
        if (why) ctx.addIssue({ code: "custom", message: `resumeThreadId: ${why}` });
      })
      .optional(),
    /** Run Codex inside the outer jail (safety/jail.ts): bubblewrap, private network to the provider only. */
    jail: z.boolean().default(false),
    /** Extra `-c key=value` overrides, passed through as given. */
    config: z.array(z.string()).default([]),
    /** `codex exec --profile NAME` (exec transport; app-server has no profile flag). */
    profile: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, "profile: expected a name of letters, digits, '.', '_' or '-'")
      .optional(),
    /** Local image files attached to the prompt (exec `--image`, app-server `localImage` items).
     *  Relative paths are taken from `cwd`; each must be a readable file (checked before spawning). */
    images: z.array(z.string().min(1, "image: expected a file path, got an empty string")).default([]),
    /** A JSON Schema the final message must follow (exec `--output-schema FILE`, app-server
     *  turn/start `outputSchema`). */
    outputSchema: outputSchemaSchema.optional(),
  })
  .strict();

/** The spec's fields as a caller gives them. */
export const runSpecObject = runOptionsObject.extend({ prompt: promptSchema });

/** Checks across fields, and the defaults that depend on other fields, resolved once. A value Codex's
 *  own parser would refuse only after starting (a bad `-c` value, a scenario option) is an issue here. */
function resolve<T extends z.output<typeof runOptionsObject>>(given: T, ctx: z.RefinementCtx): Omit<T, "home"> & { home: string } {
  // A scenario given with the real provider was dropped without a word, and the run went to the
  // paid service (with credentials around, the CLI's default provider) as a plain run.
  if (given.provider !== "mock" && given.scenario !== undefined) {
    ctx.addIssue({ code: "custom", message: `scenario ${given.scenario}: scenarios are the mock provider's; the ${given.provider} provider reads none` });
    return z.NEVER;
  }
  // The mock's default script; a real-provider spec keeps none, so that it parses again as it is.
  const options = { ...given, scenario: given.provider === "mock" ? (given.scenario ?? "hello") : undefined };
  try {
    if (options.provider !== "mock" && Object.keys(options.scenarioOptions).length) {
      throw new CodexHeadlessError("usage", `scenario option ${Object.keys(options.scenarioOptions)[0]}: scenarios are the mock provider's; the ${options.provider} provider reads none`);
    }
    parseScenarioOptions(options.scenario ?? "hello", options.scenarioOptions);
    checkConfigValues(options.config);
    checkMockLogin(options);
  } catch (error) {
    if (!(error instanceof CodexHeadlessError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
    return z.NEVER;
  }
  // DESIGN, "Defaults": the mock never needs the user's home; the real service uses the ambient one.
  return { ...options, scenarioOptions: mockLoginDefault(options), home: options.home ?? defaultHomeFor(options.provider) };
}

/** Codex runs no login shell for commands: `--context user-shell` turns it off (a later
 *  `-c allow_login_shell=true` turns it back on, as later overrides win in Codex), as does `-c allow_login_shell=false`. */
function loginShellOff(options: { context: string; config: readonly string[] }): boolean {
  const set = overrideValue(options.config, "allow_login_shell");
  return set === false || (options.context === "user-shell" && set !== true);
}

/** Codex refuses a command call asking `login: true` with the login shell off ("login shell is
 *  disabled by config"), and the mock, unlike a model, does not try again: the run ended 0 with that
 *  refusal as its answer (a newcomer trial). Asked for explicitly, it is bad input. */
function checkMockLogin(options: z.output<typeof runOptionsObject>): void {
  if (options.scenarioOptions.login === "true" && loginShellOff(options)) {
    const why = options.context === "user-shell" ? `${optionName("context", "user-shell")} turns Codex's login shell off` : `${optionName("config", "allow_login_shell=false")} turns Codex's login shell off`;
    throw new CodexHeadlessError("usage", `scenario option login=true: ${why}, and Codex refuses a command asking for one; give login=false or omit`);
  }
}

/** With the login shell off, a scenario that sends commands leaves `login` out unless told (what the
 *  lab's model of a model does there: launch-contexts/context-run.ts). */
function mockLoginDefault(options: z.output<typeof runOptionsObject>): Record<string, string> {
  const adds = options.provider === "mock" && options.scenarioOptions.login === undefined && scenarioOptionsOf(options.scenario ?? "hello").includes("login") && loginShellOff(options);
  return adds ? { ...options.scenarioOptions, login: "omit" } : options.scenarioOptions;
}

/** A run's options without a prompt, validated and resolved as a spec's are. */
export const runOptionsSchema = runOptionsObject.transform(resolve);
export const runSpecSchema = runSpecObject.transform(resolve);

/** A spec as a RunRecord keeps it: redacted, so its prompt is any text (the input rules above judge
 *  what a caller gives, not what a record holds); keys a newer version added are kept. */
export const recordedSpecSchema = runSpecObject.extend({ prompt: z.string() }).loose();

export type RunSpecInput = z.input<typeof runSpecSchema>;
export type RunSpec = z.output<typeof runSpecSchema>;
export type RunOptionsInput = z.input<typeof runOptionsSchema>;
export type RunOptions = z.output<typeof runOptionsSchema>;
