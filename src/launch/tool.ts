// `tool`: what an agent's tool call typically hands a child — no TTY, stdin a pipe, and a reduced
// environment instead of the user's whole one.
import type { LaunchContext } from "./context.js";

/**
 * Kept from the caller's environment. The first six are exactly what the MCP SDK's stdio client
 * passes to a server it spawns by default (getDefaultEnvironment on POSIX), the most common
 * "agent starts a process" path; the rest is what the runner itself must pass for the run to work
 * at all (Codex home, the provider key, where temp files go).
 */
export const TOOL_ENV_KEEP = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "CODEX_HOME", "TMPDIR"] as const;

/** Prefix of the provider-key variables the runner adds (the mock's, or a real key variable). */
const RUNNER_PREFIXES = ["CODEX_HEADLESS_", "OPENAI_API_KEY", "CODEX_API_KEY"];

export function toolEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if ((TOOL_ENV_KEEP as readonly string[]).includes(name) || RUNNER_PREFIXES.some((prefix) => name.startsWith(prefix))) out[name] = value;
  }
  return out;
}

export const toolContext: LaunchContext = {
  name: "tool",
  describe: "Codex spawned as an agent tool would: no TTY, stdin a pipe, only HOME LOGNAME PATH SHELL TERM USER kept",
  plan: (request) => ({ context: "tool", command: request.codexPath, args: request.codexArgs, env: toolEnvironment(request.env) }),
};
