import { describe, expect, it } from "vitest";
import { parseToolOutput, readConversation, responsesRequestSchema } from "../../src/mock/conversation.js";

const msg = (role: string, text: string) => ({ type: "message", role, content: [{ type: "input_text", text }] });

describe("readConversation", () => {
  it("skips injected context and counts tool outputs since the latest prompt", () => {
    const request = responsesRequestSchema.parse({
      input: [
        msg("developer", "instructions"),
        msg("user", "<environment_context>\n  <cwd>/x</cwd>\n</environment_context>"),
        msg("user", "first"),
        { type: "function_call", call_id: "a", name: "exec_command", arguments: "{}" },
        { type: "function_call_output", call_id: "a", output: "Process exited with code 0\nOutput:\nold\n" },
        msg("user", "second"),
        { type: "function_call_output", call_id: "b", output: "Chunk ID: 1\nProcess exited with code 3\nOutput:\nnew\n" },
      ],
    });
    const conversation = readConversation(request);
    expect(conversation.prompts).toEqual(["first", "second"]);
    expect(conversation.toolOutputs).toEqual([{ callId: "b", output: "Chunk ID: 1\nProcess exited with code 3\nOutput:\nnew\n", commandOutput: "new\n", exitCode: 3 }]);
  });

  it("reads a prompt framed by attached images as the user's prompt", () => {
    // The shape Codex 0.169.0 sent for `exec --image` (captured from the mock): frame, image, frame, text.
    const content = [
      { type: "input_text", text: '<image name=[Image #1] path="/w/p.png">' },
      { type: "input_image", image_url: "data:image/png;base64,AAAA" },
      { type: "input_text", text: "</image>" },
      { type: "input_text", text: "what is it?" },
    ];
    const request = responsesRequestSchema.parse({ input: [{ type: "message", role: "user", content }] });
    expect(readConversation(request).prompts).toEqual(["what is it?"]);
  });

  it("reads structured tool output too", () => {
    expect(parseToolOutput("c", [{ type: "input_text", text: "plain" }]).commandOutput).toBe("plain");
  });
});
