// Secrets never reach anything we write. A value is secret when its variable's name looks secret, when
// it equals a secret we were told about (auth files, keys), or when its format is a known secret's
// (secretlint's recommended rules, a maintained library of token formats, plus the shapes below).
// Never by entropy alone: thread ids and our SHA-256 fingerprints look random and must survive.
// Replaced by a short hash prefix so two records can still be compared.
import { createHash } from "node:crypto";
import { creator as secretlintRecommended } from "@secretlint/secretlint-rule-preset-recommend";
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
// Values stop at a backslash too: text is often JSON-escaped (a request body), where "\n" is two
// characters and a value would otherwise run on into the next line's secret and cut it in two.
const SHAPED_SECRETS: Array<{ pattern: RegExp; replace: (match: string, ...groups: string[]) => string }> = [
  // A private key block, whole (first, before any other shape can cut it); without its END line (a
  // streamed chunk, a truncated preview) everything after BEGIN goes.
  { pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|[\s\S]*$)/g, replace: (block) => redactedMarker(block) },
  {
    pattern: /\b([A-Za-z_][A-Za-z0-9_]*)=([^\s"'`\\]{8,})/g,
    replace: (match, name, value) => (isSecretName(name!) ? `${name}=${redactedMarker(value!)}` : match),
  },
  {
    pattern: /"([A-Za-z_][A-Za-z0-9_-]*)"\s*:\s*"([^"\\]{8,})"/g,
    replace: (match, name, value) => (isSecretName(name!) && !/^<redacted:/.test(value!) ? match.replace(value!, redactedMarker(value!)) : match),
  },
  // NAME="value", NAME: 'value' (a printed .env or shell file, a -c override) under a secret name.
  {
    pattern: /\b([A-Za-z_][A-Za-z0-9_]*)(\s*[=:]\s*)(["'])([^"'\n]{8,})\3/g,
    replace: (match, name, sep, quote, value) => (isSecretName(name!) && !/^<redacted:/.test(value!) ? `${name}${sep}${quote}${redactedMarker(value!)}${quote}` : match),
  },
  // A password in a URL, whatever the scheme or the variable's name: scheme://user:PASSWORD@host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]+:)([^\s@/"'<>\\]{3,})@/gi, replace: (match, head, password) => (/^<redacted:/.test(password!) ? match : `${head}${redactedMarker(password!)}@`) },
  // An Authorization header's credentials, any scheme.
  {
    pattern: /\b((?:Proxy-)?Authorization\s*[:=]\s*(?:(?:Basic|Bearer|Token|Digest|Negotiate)\s+)?)(?!sha256:|<redacted:)([^\s"',;\\]{6,})/gi,
    replace: (_m, head, value) => `${head}${redactedMarker(value!)}`,
  },
  { pattern: /\b(Bearer\s+)(?!sha256:|<redacted:)([A-Za-z0-9._~+/=-]{8,})/g, replace: (_m, prefix, token) => `${prefix}${redactedMarker(token!)}` },
  { pattern: /\b(sk-[A-Za-z0-9_-]{16,})/g, replace: (_m, key) => redactedMarker(key!) },
  // GitLab tokens by their documented prefixes (personal, deploy, runner, pipeline-trigger, feed,
  // incoming-mail, CI job, OAuth secret, agent): no secretlint rule package covers GitLab (none in the
  // recommended preset 11.2.5, none among @secretlint's published rules), so the shapes live here.
  { pattern: /\b(gl(?:pat|dt|rt|ptt|ft|imt|cbt|oas|agent)-[A-Za-z0-9_.-]{20,})/g, replace: (_m, token) => redactedMarker(token!) },
];

type RuleContext = { report(descriptor: { range: readonly [number, number] }): void; createTranslator(): (...args: unknown[]) => unknown; ignore(): void };
type FileRule = { create(context: RuleContext, options: Record<string, unknown>): { file?: (source: { content: string; filePath: string; ext: string; contentType: "text" }) => unknown } };

/** The [start, end) ranges secretlint's recommended rules report in TEXT, found synchronously (each
 *  rule's text handler is a plain function of the text; its async branch is for binary key stores). */
function libraryFindings(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const context: RuleContext = { report: (d) => ranges.push([d.range[0], d.range[1]]), createTranslator: () => (id: unknown) => ({ id }), ignore: () => {} };
  for (const rule of secretlintRecommended.rules as unknown as FileRule[]) {
    try {
      rule.create(context, {}).file?.({ content: text, filePath: "output.txt", ext: ".txt", contentType: "text" });
    } catch {
      // A rule that cannot read this text finds nothing in it; the shapes and known values still apply.
    }
  }
  return ranges;
}

function redactRanges(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  // Widest first at each start, overlapping ranges merged, replaced from the end.
  const merged: Array<[number, number]> = [];
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
    const last = merged.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = text;
  for (const [start, end] of merged.reverse()) out = `${out.slice(0, start)}${redactedMarker(text.slice(start, end))}${out.slice(end)}`;
  return out;
}

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
    if (out.length >= MIN_SECRET_LENGTH) out = redactRanges(out, libraryFindings(out));
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
