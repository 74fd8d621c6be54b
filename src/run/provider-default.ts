// The default provider: the real service when the user has credentials, else the mock.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Provider } from "../codex/vocabulary.js";
import { ambientCodexHome } from "../core/paths.js";

/** The provider the CLI and the MCP server use when none is named (DESIGN, "Command line"): the real
 *  service when the user has credentials, else the mock. The library does not guess: it defaults to
 *  the mock (run/spec.ts), so a program never reaches the paid service without asking for it. */
export function defaultProvider(env: NodeJS.ProcessEnv = process.env): Provider {
  return hasOpenAICredentials(env) ? "openai" : "mock";
}

export function hasOpenAICredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OPENAI_API_KEY || env.CODEX_API_KEY) return true;
  return existsSync(path.join(ambientCodexHome(env), "auth.json"));
}
