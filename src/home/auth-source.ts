// Reads and checks the credentials a run would carry into a non-ambient home: the ambient auth.json
// (for copy and link) or an API key from the environment (for api-key and env). Never changes them.
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { ambientCodexHome } from "../core/paths.js";


const authFileSchema = z
  .object({
    OPENAI_API_KEY: z.string().nullable().optional(),
    tokens: z.object({ refresh_token: z.string().optional() }).loose().nullable().optional(),
  })
  .loose();

export interface AuthFile {
  path: string;
  /** "api-key" when it holds an API key, "chatgpt" when it holds ChatGPT login tokens. */
  kind: "api-key" | "chatgpt";
  apiKey?: string;
}

const usage = (message: string, file: string) => new CodexHeadlessError("usage", message, { data: { path: file } });

/** The ambient auth.json, validated: present, a regular file, private (0600), JSON of a known shape. */
export function readAuthFile(env: NodeJS.ProcessEnv): AuthFile {
  const file = path.join(ambientCodexHome(env), "auth.json");
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    throw usage(`${optionName("auth")}: no auth.json at ${file} to carry over (log in with codex first, or use ${optionName("auth", "api-key")} or ${optionName("auth", "env")})`, file);
  }
  if (!stat.isFile()) throw usage(`${optionName("auth")}: ${file} is not a regular file`, file);
  if ((stat.mode & 0o077) !== 0) {
    throw usage(`${optionName("auth")}: ${file} has mode ${(stat.mode & 0o777).toString(8)}; credentials must be private (chmod 600 ${file})`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw usage(`${optionName("auth")}: ${file} is not valid JSON (corrupt auth.json)`, file);
  }
  const parsed = authFileSchema.safeParse(json);
  if (!parsed.success) throw usage(`${optionName("auth")}: ${file} is not a Codex auth.json (${parsed.error.issues[0]?.message})`, file);
  if (parsed.data.OPENAI_API_KEY) return { path: file, kind: "api-key", apiKey: parsed.data.OPENAI_API_KEY };
  if (parsed.data.tokens?.refresh_token) return { path: file, kind: "chatgpt" };
  throw usage(`${optionName("auth")}: ${file} holds neither an API key nor login tokens`, file);
}

/** An API key from the environment: CODEX_API_KEY (what Codex reads), else OPENAI_API_KEY. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.CODEX_API_KEY || env.OPENAI_API_KEY || undefined;
}
