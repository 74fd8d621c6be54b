// Reads what Codex sent in one Responses request: the prompts so far, and the tool outputs that came
// back since the latest prompt. Scenarios decide their next step from this alone, so the mock holds
// no per-thread state and a resumed thread in a new process is served correctly.
import { z } from "zod";

// Built on first use (z.lazy): the mock parses its first request once Codex runs, and a CLI run
// that built these when the module loaded spent that CPU before Codex was spawned.
export const responsesRequestSchema = z.lazy(() => {
  const contentPart = z.object({ type: z.string(), text: z.string().optional() }).loose();
  const inputItem = z
    .object({
      type: z.string().optional(),
      role: z.string().optional(),
      content: z.union([z.string(), z.array(contentPart)]).optional(),
      call_id: z.string().optional(),
      output: z.unknown().optional(),
      name: z.string().optional(),
      arguments: z.string().optional(),
    })
    .loose();
  return z
    .object({
      model: z.string().optional(),
      input: z.array(inputItem).default([]),
      stream: z.boolean().optional(),
    })
    .loose();
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

export interface ToolOutput {
  callId: string;
  /** The text Codex returned to the model for the call. */
  output: string;
  /** The command's own output: what follows Codex's "Output:" header, when it has one. */
  commandOutput: string;
  exitCode?: number;
}

export interface Conversation {
  /** Prompts the user typed, oldest first (context blocks Codex injects are left out). */
  prompts: string[];
  latestPrompt: string;
  /** Tool outputs after the latest prompt, in order: the step within the current turn. */
  toolOutputs: ToolOutput[];
}

// Codex wraps each attached image in text parts of the prompt's own message: `<image name=[Image #1]
// path="...">`, the input_image part, `</image>` (measured on 0.169.0; exec puts them before the
// prompt's text, app-server after). They are the image's frame, not the user's words.
const IMAGE_FRAME = /^<image\b[^>]*>$|^<\/image>$/;

function textOf(content: ResponsesRequest["input"][number]["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? [])
    .filter((part) => !IMAGE_FRAME.test(part.text ?? ""))
    .map((part) => part.text ?? "")
    .join("");
}

// Codex wraps what it injects as user-role context in a tag (<environment_context>, <user_instructions>,
// ...) or an AGENTS.md heading; a prompt the user typed is anything else.
function isInjectedContext(text: string): boolean {
  return /^\s*<[a-z_]+[\s>]/i.test(text) || /^# AGENTS\.md/.test(text);
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return output.map((part) => (typeof part === "object" && part && "text" in part ? String(part.text) : "")).join("");
  if (output && typeof output === "object" && "content" in output) return outputText((output as { content: unknown }).content);
  return JSON.stringify(output ?? "");
}

export function parseToolOutput(callId: string, output: unknown): ToolOutput {
  const text = outputText(output);
  const marker = text.indexOf("\nOutput:\n");
  const exit = /Process exited with code (-?\d+)/.exec(text);
  return {
    callId,
    output: text,
    commandOutput: marker >= 0 ? text.slice(marker + "\nOutput:\n".length) : text,
    ...(exit ? { exitCode: Number(exit[1]) } : {}),
  };
}

export function readConversation(request: ResponsesRequest): Conversation {
  const prompts: string[] = [];
  let toolOutputs: ToolOutput[] = [];
  for (const item of request.input) {
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      toolOutputs.push(parseToolOutput(item.call_id ?? "", item.output));
    } else if ((item.type === "message" || item.type === undefined) && item.role === "user") {
      const text = textOf(item.content);
      if (isInjectedContext(text)) continue;
      prompts.push(text);
      toolOutputs = [];
    }
  }
  return { prompts, latestPrompt: prompts.at(-1) ?? "", toolOutputs };
}
