// How Codex is pointed at a provider without touching its config file: `-c` overrides that define a
// custom model provider for this run only. The same entry is printed as TOML for people to copy.
import { createHmac, randomBytes } from "node:crypto";
import { overridePairs, asArgs, tomlValue, type TomlValue } from "../codex/config-overrides.js";

export const MOCK_PROVIDER_ID = "codex_headless_mock";
export const MOCK_KEY_ENV = "CODEX_HEADLESS_MOCK_KEY";
/** Not a secret: the mock accepts any token. Distinct so its hash is recognisable in captures. */
export const MOCK_TOKEN = "codex-headless-mock-token";

// Known to this process only: never written to disk, never in the environment of our own process.
const LAUNCH_SECRET = randomBytes(32);

/** The token a run's Codex sends the mock: MOCK_TOKEN and a tag only this process can compute, the
 *  same for every launch on one mock with one home (a pool lane's or a thread's turns keep their
 *  session). Codex keeps it in its environment, which it passes to no command (its default excludes
 *  drop names holding KEY) and which a sandboxed command cannot read (its own PID namespace,
 *  measured on 0.169.0). A run's record keeps only the requests that carry it: red team 13 posted a
 *  request naming another run's thread (its id is in that run's session files, readable by any
 *  sandboxed command) to the shared mock, and it landed in that run's record and audit. */
export function launchMockToken(baseUrl: string, home: string): string {
  return `${MOCK_TOKEN}.${createHmac("sha256", LAUNCH_SECRET).update(`${baseUrl}\0${home}`).digest("hex").slice(0, 32)}`;
}
export const MOCK_MODEL = "codex-headless-mock-model";

const TABLE = `model_providers.${MOCK_PROVIDER_ID}`;

/** Few retries, as `key=value` pairs for a RunSpec's `config`: a run meant to fail (a fault scenario,
 *  no credentials) fails at once instead of after Codex's default five retries. */
export const FEW_RETRIES: string[] = overridePairs({ [`${TABLE}.request_max_retries`]: 0, [`${TABLE}.stream_max_retries`]: 1 });

export interface ProviderEntry {
  baseUrl: string;
  /** env-key: the token comes from the variable named by envKey. openai-auth: from the home's login
   *  (auth.json) or CODEX_API_KEY, as for OpenAI itself (`requires_openai_auth`). */
  auth?: "env-key" | "openai-auth";
  envKey: string;
  /** The model to ask for; null leaves it to the home's configuration (default: the mock's own name). */
  model?: string | null;
}

/** The provider table's own keys (without the `model_providers.ID.` prefix). */
function tableEntries(entry: ProviderEntry): Record<string, TomlValue> {
  return {
    name: "codex-headless mock",
    base_url: entry.baseUrl,
    wire_api: "responses",
    ...(entry.auth === "openai-auth" ? { requires_openai_auth: true } : { env_key: entry.envKey }),
  };
}

/** `-c key=value` arguments for argv. */
export function providerOverrides(entry: ProviderEntry): string[] {
  const table = Object.fromEntries(Object.entries(tableEntries(entry)).map(([key, value]) => [`${TABLE}.${key}`, value]));
  const model = entry.model === null ? {} : { model: entry.model ?? MOCK_MODEL };
  return asArgs(overridePairs({ model_provider: MOCK_PROVIDER_ID, ...model, ...table }));
}

/** The same entry as a config.toml snippet. */
export function providerTomlSnippet(entry: ProviderEntry): string {
  const lines = [`model_provider = ${tomlValue(MOCK_PROVIDER_ID)}`, ...(entry.model === null ? [] : [`model = ${tomlValue(entry.model ?? MOCK_MODEL)}`]), "", `[${TABLE}]`];
  for (const [key, value] of Object.entries(tableEntries(entry))) lines.push(`${key} = ${tomlValue(value, key)}`);
  return `${lines.join("\n")}\n`;
}
