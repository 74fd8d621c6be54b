// A collaboration script: who talks, in which order, for how many rounds, starting from what.
import { z } from "zod";
import { scenarioNameSchema } from "../mock/scenarios.js";
import { contextSchema } from "../launch/context.js";
import { providerSchema } from "../codex/vocabulary.js";
import { DEFAULT_TIMEOUT_MS } from "../run/spec.js";

export const collabAgentSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, "agent names are lower-case words (letters, digits, -)"),
    /** Put before every input this agent receives: its standing instructions (e.g. "You review code."). */
    role: z.string().default(""),
    /** The mock's script for this agent ("multi-turn" when not given); the real provider takes none. */
    scenario: scenarioNameSchema.optional(),
    context: contextSchema.default("direct"),
  })
  .strict();

export const collabScriptSchema = z
  .object({
    opening: z.string().refine((text) => text.trim().length > 0, "the opening message is empty"),
    agents: z
      .array(collabAgentSchema)
      .min(2, "a collaboration needs at least two agents")
      .refine((agents) => new Set(agents.map((a) => a.name)).size === agents.length, "agent names must be distinct"),
    rounds: z.number().int("a whole number").min(1, "at least 1").max(50, "at most 50 (each round is a turn of every agent)"),
    provider: providerSchema.default("mock"),
    timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  })
  .strict()
  .superRefine((script, ctx) => {
    const index = script.agents.findIndex((agent) => agent.scenario !== undefined);
    if (script.provider !== "mock" && index >= 0) {
      ctx.addIssue({ code: "custom", path: ["agents", index, "scenario"], message: `${script.agents[index]!.scenario}: scenarios are the mock provider's; the ${script.provider} provider reads none` });
    }
  });

export type CollabScript = z.output<typeof collabScriptSchema>;
export type CollabScriptInput = z.input<typeof collabScriptSchema>;
