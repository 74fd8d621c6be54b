// Secrets never reach anything we write. A value is secret when its variable's name looks secret, or
// when it equals a secret we were told about (auth files, keys). Replaced by a short hash prefix so
// two records can still be compared.
import { createHash } from "node:crypto";
import { isSecretName } from "./secret-names.js";

/** Shorter values are not treated as secrets: replacing them everywhere would shred the record. */
const MIN_SECRET_LENGTH = 8;

export function hashPrefix(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 12);
}

export function redactedMarker(value: string): string {
  return `<redacted:${hashPrefix(value)}>`;
}

// Secrets we do not know by value but recognise by shape: NAME=value / "name": "value" with a secret
// name (env dumps, .env files, auth.json seen through a tool), bearer tokens, and OpenAI-style keys.
const SHAPED_SECRETS: Array<{ pattern: RegExp; replace: (match: string, ...groups: string[]) => string }> = [
  {
    pattern: /\b([A-Za-z_][A-Za-z0-9_]*)=([^\s"'`]{8,})/g,
    replace: (match, name, value) => (isSecretName(name!) ? `${name}=${redactedMarker(value!)}` : match),
  },
  {
    pattern: /"([A-Za-z_][A-Za-z0-9_-]*)"\s*:\s*"([^"\\]{8,})"/g,
    replace: (match, name, value) => (isSecretName(name!) && !/^<redacted:/.test(value!) ? match.replace(value!, redactedMarker(value!)) : match),
  },
  { pattern: /\b(Bearer\s+)(?!sha256:)([A-Za-z0-9._~+/=-]{8,})/g, replace: (_m, prefix, token) => `${prefix}${redactedMarker(token!)}` },
  { pattern: /\b(sk-[A-Za-z0-9_-]{16,})/g, replace: (_m, key) => redactedMarker(key!) },
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  addSecret(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    // Longest first, so a secret that contains another is replaced whole.
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(sorted.join("|"), "g");
  }

  /** Learns the secret values of an environment (by variable name). */
  addSecretsFromEnv(env: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(env)) if (value && isSecretName(name)) this.addSecret(value);
  }

  redactString(text: string): string {
    let out = this.pattern ? text.replace(this.pattern, (match) => redactedMarker(match)) : text;
    for (const shape of SHAPED_SECRETS) out = out.replace(shape.pattern, shape.replace as (match: string, ...groups: string[]) => string);
    return out;
  }

  /** Learns every string value of a JSON credentials file (auth.json): tokens, keys, ids. */
  addSecretsFromJson(value: unknown): void {
    if (typeof value === "string") this.addSecret(value);
    else if (Array.isArray(value)) for (const item of value) this.addSecretsFromJson(item);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) this.addSecretsFromJson(inner);
  }

  redactEnv(env: Record<string, string | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) continue;
      out[name] = isSecretName(name) && value.length > 0 ? redactedMarker(value) : this.redactString(value);
    }
    return out;
  }

  /** Deep copy of any JSON-like value with every known secret replaced. */
  redactDeep<T>(value: T): T {
    if (typeof value === "string") return this.redactString(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = this.redactDeep(inner);
      return out as T;
    }
    return value;
  }
}
