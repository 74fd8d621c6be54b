// Reading `-c key=value` overrides the way Codex reads them, so what we judge is what Codex applies.
// Codex splits at the first '=', trims the key, and parses the value as TOML, falling back to the
// raw text as a string (codex-rs common/config_override.rs; measured on 0.169.0: a key with a leading
// space is trimmed and applied).
import { parse } from "smol-toml";

export interface ConfigOverride {
  key: string;
  value: unknown;
}

/** One `key=value` pair as Codex understands it; undefined when there is no '='. */
export function parseOverride(pair: string): ConfigOverride | undefined {
  const at = pair.indexOf("=");
  if (at < 0) return undefined;
  const key = pair.slice(0, at).trim();
  const text = pair.slice(at + 1).trim();
  try {
    return { key, value: parse(`v = ${text}`).v };
  } catch {
    return { key, value: text.replace(/^["']|["']$/g, "") };
  }
}

/** The value the last override of `key` gives (later `-c` win, as in Codex), or undefined. */
export function overrideValue(config: readonly string[], key: string): unknown {
  let found: unknown;
  for (const pair of config) {
    const parsed = parseOverride(pair);
    if (parsed?.key === key) found = parsed.value;
  }
  return found;
}
