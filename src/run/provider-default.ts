// The default provider: the real service when the user has credentials, else the mock.
import { existsSync } from "node:fs";
import path from "node:path";
import { ambientCodexHome } from "../core/paths.js";

export function hasOpenAICredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OPENAI_API_KEY || env.CODEX_API_KEY) return true;
  return existsSync(path.join(ambientCodexHome(env), "auth.json"));
}
