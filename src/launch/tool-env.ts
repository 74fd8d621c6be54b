// The environment Codex's tools really saw, read from what reached the provider (the `env` output
// inside the next request), not from Codex's own report of it.
import type { CapturedRequest } from "../mock/server.js";
import { readConversation, responsesRequestSchema } from "../mock/conversation.js";

export function parseEnvOutput(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split("\n")) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) {
      last = match[1]!;
      env[last] = match[2]!;
    } else if (last !== undefined && line !== "") {
      // A value with a newline in it continues on the next line.
      env[last] += `\n${line}`;
    }
  }
  return env;
}

/** Every tool environment seen in the captured requests, in order (one per `env` call). */
export function toolEnvsFromRequests(requests: CapturedRequest[], isEnvCall: (command: string) => boolean = (c) => c.trim() === "env"): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const parsed = responsesRequestSchema.safeParse(request.body);
    if (!parsed.success) continue;
    const calls = new Map<string, string>();
    for (const item of parsed.data.input) {
      if (item.type === "function_call" && item.call_id && item.arguments) {
        try {
          const args = JSON.parse(item.arguments) as { cmd?: unknown };
          if (typeof args.cmd === "string") calls.set(item.call_id, args.cmd);
        } catch {
          // not a command call
        }
      }
    }
    for (const output of readConversation(parsed.data).toolOutputs) {
      const command = calls.get(output.callId);
      if (!command || !isEnvCall(command) || seen.has(output.callId)) continue;
      seen.add(output.callId);
      out.push(parseEnvOutput(output.commandOutput));
    }
  }
  return out;
}
