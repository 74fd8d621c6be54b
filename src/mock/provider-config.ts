// How Codex is pointed at a provider without touching its config file: `-c` overrides that define a
// custom model provider for this run only. The same entry is printed as TOML for people to copy.
export const MOCK_PROVIDER_ID = "codex_headless_mock";
export const MOCK_KEY_ENV = "CODEX_HEADLESS_MOCK_KEY";
/** Not a secret: the mock accepts any token. Distinct so its hash is recognisable in captures. */
export const MOCK_TOKEN = "codex-headless-mock-token";
export const MOCK_MODEL = "codex-headless-mock-model";

export interface ProviderEntry {
  baseUrl: string;
  /** env-key: the token comes from the variable named by envKey. openai-auth: from the home's login
   *  (auth.json) or CODEX_API_KEY, as for OpenAI itself (`requires_openai_auth`). */
  auth?: "env-key" | "openai-auth";
  envKey: string;
  model?: string;
  /** Retry budget Codex spends before giving up on a failing provider. */
  requestMaxRetries?: number;
  streamMaxRetries?: number;
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

function entries(entry: ProviderEntry): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ["model_provider", tomlString(MOCK_PROVIDER_ID)],
    ["model", tomlString(entry.model ?? MOCK_MODEL)],
    [`model_providers.${MOCK_PROVIDER_ID}.name`, tomlString("codex-headless mock")],
    [`model_providers.${MOCK_PROVIDER_ID}.base_url`, tomlString(entry.baseUrl)],
    [`model_providers.${MOCK_PROVIDER_ID}.wire_api`, tomlString("responses")],
  ];
  if (entry.auth === "openai-auth") out.push([`model_providers.${MOCK_PROVIDER_ID}.requires_openai_auth`, "true"]);
  else out.push([`model_providers.${MOCK_PROVIDER_ID}.env_key`, tomlString(entry.envKey)]);
  if (entry.requestMaxRetries !== undefined) out.push([`model_providers.${MOCK_PROVIDER_ID}.request_max_retries`, String(entry.requestMaxRetries)]);
  if (entry.streamMaxRetries !== undefined) out.push([`model_providers.${MOCK_PROVIDER_ID}.stream_max_retries`, String(entry.streamMaxRetries)]);
  return out;
}

/** `-c key=value` arguments for argv. */
export function providerOverrides(entry: ProviderEntry): string[] {
  return entries(entry).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
}

/** The same entry as a config.toml snippet. */
export function providerTomlSnippet(entry: ProviderEntry): string {
  const lines = [`model_provider = ${tomlString(MOCK_PROVIDER_ID)}`, `model = ${tomlString(entry.model ?? MOCK_MODEL)}`, "", `[model_providers.${MOCK_PROVIDER_ID}]`];
  for (const [key, value] of entries(entry)) {
    const prefix = `model_providers.${MOCK_PROVIDER_ID}.`;
    if (key.startsWith(prefix)) lines.push(`${key.slice(prefix.length)} = ${value}`);
  }
  return `${lines.join("\n")}\n`;
}
