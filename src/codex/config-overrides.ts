// The only writer and reader of `-c key=value` overrides. Writing: an object of dotted keys and
// JSON-like values becomes `key=value` pairs with the values in TOML (as the Codex SDK's exec.ts
// serializes its config overrides), and a key or value that cannot be written is an error naming the
// key. Reading, the way Codex reads them, so what we judge is what Codex applies: Codex splits at the
// first '=', trims the key, and parses the value as TOML, falling back to the raw text as a string
// (codex-rs common/config_override.rs; measured on 0.169.0: a key with a leading space is trimmed and
// applied).
import { parse } from "smol-toml";
import { CodexHeadlessError } from "../core/errors.js";

/** A value an override can carry. An object is written as an inline table (it replaces the whole
 *  table, where dotted keys would merge into it). */
export type TomlValue = string | number | boolean | readonly TomlValue[] | { readonly [key: string]: TomlValue };

/** Overrides as an object: each key a dotted config path (`model_providers.x.base_url`). */
export type ConfigOverrides = Readonly<Record<string, TomlValue | undefined>>;

/** A key part that can go on a `-c` command line as it is (no quoting for dots or spaces). */
export const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function writeError(key: string, what: string): CodexHeadlessError {
  return new CodexHeadlessError("usage", `config override ${key}: ${what}`, { data: { key } });
}

/** One value in TOML: strings quoted as JSON strings are (a TOML basic string), numbers finite. */
export function tomlValue(value: TomlValue, key = "value"): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw writeError(key, `expected a finite number, got ${String(value)}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item, i) => tomlValue(item, `${key}[${i}]`)).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, TomlValue>);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([inner, item]) => `${tomlKey(inner, `${key}.${inner}`)} = ${tomlValue(item, `${key}.${inner}`)}`).join(", ")} }`;
  }
  throw writeError(key, `expected a string, number, boolean, array or table, got ${value === null ? "null" : typeof value}`);
}

function tomlKey(part: string, key: string): string {
  if (BARE_KEY.test(part)) return part;
  if (part.length === 0) throw writeError(key, "empty key part");
  return JSON.stringify(part);
}

/** `key=value` pairs, in the object's order; undefined values are left out. Every dotted part of a key
 *  must be bare (letters, digits, '_', '-'): Codex splits keys at dots and does not unquote them. */
export function overridePairs(overrides: ConfigOverrides): string[] {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!key.split(".").every((part) => BARE_KEY.test(part))) throw writeError(key, "expected dotted bare key parts (letters, digits, '_', '-')");
    pairs.push(`${key}=${tomlValue(value, key)}`);
  }
  return pairs;
}

/** A config object in @openai/codex-sdk's shape (`config` on `new Codex(...)`): nested plain objects
 *  are flattened into dotted keys, an empty object becomes `key={}`, and everything else is a value
 *  (arrays and scalars; the SDK's flattening, 0.163.0). Returns `key=value` pairs in the object's
 *  order. Errors: usage, naming the key path (a non-object root, an empty or non-bare key part, null,
 *  a non-finite number). */
export function flattenConfig(config: unknown): string[] {
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw writeError("(root)", `expected an object of config keys, got ${config === null ? "null" : Array.isArray(config) ? "an array" : typeof config}`);
  const flat: Record<string, TomlValue> = {};
  const walk = (value: Record<string, unknown>, prefix: string) => {
    const entries = Object.entries(value);
    if (prefix && entries.length === 0) flat[prefix] = {};
    for (const [key, child] of entries) {
      if (child === undefined) continue;
      const at = prefix ? `${prefix}.${key}` : key;
      if (!BARE_KEY.test(key)) throw writeError(at, `key part ${JSON.stringify(key)} must be letters, digits, '_' or '-' (Codex splits keys at dots)`);
      if (child !== null && typeof child === "object" && !Array.isArray(child)) walk(child as Record<string, unknown>, at);
      else if (child === null) throw writeError(at, "cannot be null");
      else flat[at] = child as TomlValue;
    }
  };
  walk(config as Record<string, unknown>, "");
  return overridePairs(flat);
}

/** The same as argv: ["-c", "key=value", ...]. */
export function overrideArgs(overrides: ConfigOverrides): string[] {
  return asArgs(overridePairs(overrides));
}

/** `key=value` pairs as argv. */
export function asArgs(pairs: readonly string[]): string[] {
  return pairs.flatMap((pair) => ["-c", pair]);
}

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

/** The value the overrides give `key` (later `-c` win, as in Codex), or undefined: the last override
 *  of `key` itself, of a table above it (`-c 'sandbox_workspace_write={ writable_roots = [...] }'`
 *  replaces the whole table, and with it what dotted keys set before; a table without the key leaves
 *  it unset), or of a key inside it, set into the table found so far. Red team 21: only the dotted key
 *  was read, and the writable roots a whole table gave Codex were not judged. */
export function overrideValue(config: readonly string[], key: string): unknown {
  const parts = key.split(".");
  let found: unknown;
  for (const pair of config) {
    const parsed = parseOverride(pair);
    if (!parsed) continue;
    const at = parsed.key.split(".");
    if (parsed.key === key) found = parsed.value;
    else if (at.length < parts.length && at.every((part, i) => part === parts[i])) {
      // A table above the key: what it holds at the rest of the path, or nothing.
      let value: unknown = parsed.value;
      for (const part of parts.slice(at.length)) value = value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
      found = value;
    } else if (at.length > parts.length && parts.every((part, i) => part === at[i])) {
      // A key inside the table: set into it (dotted keys merge).
      const table: Record<string, unknown> = found !== null && typeof found === "object" && !Array.isArray(found) ? structuredClone(found as Record<string, unknown>) : {};
      let into = table;
      for (const part of at.slice(parts.length, -1)) {
        const next = into[part];
        into = into[part] = next !== null && typeof next === "object" && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
      }
      into[at.at(-1)!] = parsed.value;
      found = table;
    }
  }
  return found;
}
