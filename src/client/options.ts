// Options of the library API. Set on `new Codex(...)` as defaults, overridable per thread; one
// validation for both, by the RunSpec schema the CLI uses.
import { z } from "zod";
import { CodexHeadlessError } from "../core/errors.js";
import type { RunSpecInput } from "../run/spec.js";
import type { ApprovalCallback } from "../codex/approvals.js";

export type CodexOptions = Omit<RunSpecInput, "prompt" | "resumeThreadId" | "onApproval" | "images" | "outputSchema"> & {
  /** The environment Codex starts from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** How approval requests are answered (app-server transport): "accept", "decline", "ask" (on the
   *  terminal) or a callback. A callback that throws or answers anything else declines. The policy
   *  is applied first either way. */
  onApproval?: RunSpecInput["onApproval"] | ApprovalCallback;
};

export type ThreadOptions = CodexOptions;

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
