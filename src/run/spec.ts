// A RunSpec is plain data: everything that decides how one headless run is launched. Validated once,
// here; every other module trusts its fields.
import { z } from "zod";
import { approvalAnswerSchema, approvalPolicySchema, authModeSchema, providerSchema, sandboxModeSchema, transportSchema } from "../codex/vocabulary.js";
import { contextSchema } from "../launch/context.js";
import { scenarioNameSchema } from "../mock/scenarios.js";

// Node's timers overflow past 2^31-1 ms and fire at once.
const positiveMs = (what: string) =>
  z
    .number({ error: (issue) => `${what}: expected a positive number of milliseconds, got ${String(issue.input)}` })
    .int()
    .positive(`${what} must be positive`)
    .max(2 ** 31 - 1, `${what} must be at most ${2 ** 31 - 1} ms (about 24 days)`);

export const runSpecSchema = z
  .object({
    prompt: z
      .string({ error: (issue) => `prompt: expected a string, got ${typeof issue.input}` })
      .refine((text) => text.trim().length > 0, "prompt is empty")
      .refine((text) => !text.includes("\0"), "prompt contains NUL bytes"),
    codex: z.string().min(1).default("pinned"),
    provider: providerSchema.default("mock"),
    scenario: scenarioNameSchema.default("hello"),
    scenarioOptions: z.record(z.string(), z.string()).default({}),
    context: contextSchema.default("direct"),
    /** ambient | isolated | repo | a path; the default depends on the provider (see resolveHomeDefault). */
    home: z.string().min(1).optional(),
    keepHome: z.boolean().default(false),
    auth: authModeSchema.optional(),
    sandbox: sandboxModeSchema.optional(),
    approval: approvalPolicySchema.optional(),
    onApproval: approvalAnswerSchema.optional(),
    transport: transportSchema.default("exec"),
    timeoutMs: positiveMs("timeout").default(600_000),
    idleTimeoutMs: positiveMs("idle timeout").optional(),
    firstEventTimeoutMs: positiveMs("first-event timeout").optional(),
    cwd: z.string().min(1).default(() => process.cwd()),
    policy: z.string().optional(),
    ephemeral: z.boolean().default(false),
    /** Continue an existing thread (exec resume / app-server thread resume). */
    resumeThreadId: z.string().min(1).optional(),
    /** Extra `-c key=value` overrides, passed through as given. */
    config: z.array(z.string()).default([]),
    /** `codex exec --profile NAME` (exec transport; app-server has no profile flag). */
    profile: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, "profile: expected a name of letters, digits, '.', '_' or '-'")
      .optional(),
  })
  .strict();

export type RunSpecInput = z.input<typeof runSpecSchema>;
export type RunSpec = z.output<typeof runSpecSchema>;
