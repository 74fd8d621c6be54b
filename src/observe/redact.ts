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
/** Between texts given to the library together: no token format spans a NUL on a line of its own. */
const SEPARATOR = "\n\u0000\n";

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
  // incoming-mail, CI job, OAuth secret, agent): the recommended preset's gitlab rule (12.0.0) knows
  // personal access tokens (`glpat-`) only, so the other prefixes live here.
  { pattern: /\b(gl(?:pat|dt|rt|ptt|ft|imt|cbt|oas|agent)-[A-Za-z0-9_.-]{20,})/g, replace: (_m, token) => redactedMarker(token!) },
  // Stripe's secret and restricted keys, live and test (`sk_live_…`, `rk_test_…`): secretlint's stripe
  // rule came with its 13.0.0, which needs Node 22; ours is Node 20 (the last preset for it is 12.0.0).
  { pattern: /\b([sr]k_(?:live|test)_[A-Za-z0-9]{20,})/g, replace: (_m, key) => redactedMarker(key!) },
  // Google API keys (`AIza` and 35 more characters) and JSON Web Tokens (a session's bearer token,
  // ChatGPT's id and access tokens among them): no secretlint rule covers either (its gcp rule reads
  // service-account files only). A JWT's three parts are base64url; the first two are JSON objects.
  { pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, replace: (_m, key) => redactedMarker(key!) },
  { pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g, replace: (_m, token) => redactedMarker(token!) },
];

/** Options of the library's rules that are off by default: the AWS rule finds access key ids
 *  (`AKIA…`, one half of a key pair, enough to name the account) only when asked. */
const RULE_OPTIONS: Record<string, Record<string, unknown>> = { "@secretlint/secretlint-rule-aws": { enableIDScanRule: true } };

type RuleContext = { report(descriptor: { range: readonly [number, number] }): void; createTranslator(): (...args: unknown[]) => unknown; ignore(): void };
type FileRule = { meta?: { id?: string }; create(context: RuleContext, options: Record<string, unknown>): { file?: (source: { content: string; filePath: string; ext: string; contentType: "text" }) => unknown } };

/** The [start, end) ranges secretlint's recommended rules report in TEXT, found synchronously (each
 *  rule's text handler is a plain function of the text; its async branch is for binary key stores). */
function libraryFindings(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const context: RuleContext = { report: (d) => ranges.push([d.range[0], d.range[1]]), createTranslator: () => (id: unknown) => ({ id }), ignore: () => {} };
  for (const rule of secretlintRecommended.rules as unknown as FileRule[]) {
    try {
      rule.create(context, RULE_OPTIONS[rule.meta?.id ?? ""] ?? {}).file?.({ content: text, filePath: "output.txt", ext: ".txt", contentType: "text" });
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

let warmed = false;

/**
 * Runs every rule and shape once, on a text holding no secret, so that V8 compiles them now: the
 * first redaction in a process cost 75-95 ms of CPU (CPU profiles of `codex-headless run`: the
 * rules' functions and patterns compiled on first use, secretlint's privatekey and basicauth rules
 * the largest), and it fell on Codex's first event, while Codex went on to ask the mock, served by
 * this same busy process. Called once Codex is spawned (run/drive.ts), it overlaps Codex's own
 * start-up instead. Once per process; changes nothing, redacts nothing. Never needed for
 * correctness: an unwarmed redactor redacts the same, only its first call is slower.
 */
export function warmRedaction(): void {
  if (warmed) return;
  warmed = true;
  new Redactor().redactString("codex-headless warms its redaction rules: https://example.invalid/ Authorization: none");
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Redacted texts remembered across redactors, per set of known secrets: a pool lane's records carry
// the same ~45 KB model request (instructions, tool descriptions) task after task, and redacting it
// again was ~3-4 ms of each task's ~30 ms of our CPU (CPU profile of 40 pool tasks on one lane).
// What a text becomes depends only on the text and the secrets known by value (the library's rules
// and the shapes are fixed in the process): the key is the text under a hash of those secrets, so a
// redactor that knows one more secret never reads another's entry. Texts shorter than MEMO_MIN_CHARS
// are not kept (cheap to redact, and many); the memo holds at most MEMO_MAX_CHARS, oldest out first:
// about ten of those bodies with their keys, enough for a pool's lanes, and a bound on what a process
// running many different runs keeps (the harness's memory is a target of its own, bench/concurrency).
const MEMO_MIN_CHARS = 256;
const MEMO_MAX_CHARS = 1_000_000;
const memo = new Map<string, string>();
let memoChars = 0;

function memoGet(key: string): string | undefined {
  const hit = memo.get(key);
  if (hit !== undefined) {
    // Most recently used last: the oldest entry is the first to go.
    memo.delete(key);
    memo.set(key, hit);
  }
  return hit;
}

function memoSet(key: string, value: string): void {
  if (memo.has(key)) return;
  memo.set(key, value);
  memoChars += key.length + value.length;
  for (const [old, kept] of memo) {
    if (memoChars <= MEMO_MAX_CHARS) break;
    memo.delete(old);
    memoChars -= old.length + kept.length;
  }
}

/** Forgets every remembered redaction (tests). */
export function clearRedactionMemo(): void {
  memo.clear();
  memoChars = 0;
}

/** How many redacted texts are remembered, and their characters with their keys (tests). */
export function redactionMemoSize(): { entries: number; chars: number } {
  return { entries: memo.size, chars: memoChars };
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;
  /** The memo's key prefix for this redactor's known secrets (changes with each one learned). */
  private memoPrefix = "none\u0000";

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  private longest = 0;

  /** The length of the longest secret known by value (0 when none). Kept as secrets are learned:
   *  DeltaRedactor asks for it at every streamed delta. */
  get longestSecret(): number {
    return this.longest;
  }

  addSecret(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.longest = Math.max(this.longest, value.length);
    // Longest first, so a secret that contains another is replaced whole.
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(sorted.join("|"), "g");
    this.memoPrefix = `${createHash("sha256").update(JSON.stringify(sorted)).digest("hex")}\u0000`;
  }

  /** Learns the secret values of an environment (by variable name). */
  addSecretsFromEnv(env: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(env)) if (value && isSecretName(name)) this.addSecret(value);
  }

  redactString(text: string): string {
    return this.redactMany([text])[0]!;
  }

  /** Every text redacted as redactString would, with secretlint's rules run once over all of them
   *  instead of once per text: a record holds hundreds of strings, and the rules' set-up per call was
   *  most of the redaction time in a CPU profile of `codex-headless run`. Equal texts are done once. */
  redactMany(texts: readonly string[], remember = true): string[] {
    const done = new Map<string, string>();
    const unique: string[] = [];
    for (const text of new Set(texts)) {
      const hit = text.length >= MEMO_MIN_CHARS ? memoGet(this.memoPrefix + text) : undefined;
      if (hit === undefined) unique.push(text);
      else done.set(text, hit);
    }
    const known = unique.map((text) => (this.pattern ? text.replace(this.pattern, (match) => redactedMarker(match)) : text));
    // One text for the library: the candidates joined by a line no token can span (a NUL between
    // newlines), each range then given back to the text it falls in (cut at its edges).
    const spans: Array<{ index: number; start: number; end: number }> = [];
    let joined = "";
    known.forEach((text, index) => {
      if (text.length < MIN_SECRET_LENGTH) return;
      if (joined.length > 0) joined += SEPARATOR;
      spans.push({ index, start: joined.length, end: joined.length + text.length });
      joined += text;
    });
    const ranges = new Map<number, Array<[number, number]>>();
    /** Texts a finding ran into from beyond their own edges: what they became depends on their
     *  neighbours, so it is not remembered. */
    const spilled = new Set<number>();
    if (joined.length > 0) {
      for (const [start, end] of libraryFindings(joined)) {
        for (const span of spans) {
          if (end <= span.start || start >= span.end) continue;
          if (start < span.start || end > span.end) spilled.add(span.index);
          const own = ranges.get(span.index) ?? [];
          own.push([Math.max(start, span.start) - span.start, Math.min(end, span.end) - span.start]);
          ranges.set(span.index, own);
        }
      }
    }
    unique.forEach((text, index) => {
      let out = redactRanges(known[index]!, ranges.get(index) ?? []);
      for (const shape of SHAPED_SECRETS) out = out.replace(shape.pattern, shape.replace as (match: string, ...groups: string[]) => string);
      done.set(text, out);
      if (remember && text.length >= MEMO_MIN_CHARS && !spilled.has(index)) memoSet(this.memoPrefix + text, out);
    });
    return texts.map((text) => done.get(text)!);
  }

  /** Learns every string value of a JSON credentials file (auth.json): tokens, keys, ids. */
  addSecretsFromJson(value: unknown): void {
    if (typeof value === "string") this.addSecret(value);
    else if (Array.isArray(value)) for (const item of value) this.addSecretsFromJson(item);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) this.addSecretsFromJson(inner);
  }

  redactEnv(env: Record<string, string | undefined>): Record<string, string> {
    const entries = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const hidden = (name: string, value: string) => isSecretName(name) && value.length > 0;
    // The other values redacted together (one pass of the library's rules, not one per variable: a
    // profile of a run had redactEnv at ~4.6 ms of the ~13 ms its redaction took).
    const plain = this.redactMany(entries.filter(([name, value]) => !hidden(name, value)).map(([, value]) => value));
    let next = 0;
    const out: Record<string, string> = {};
    for (const [name, value] of entries) out[name] = hidden(name, value) ? redactedMarker(value) : plain[next++]!;
    return out;
  }

  /** Deep copy of any JSON-like value with every known secret replaced (its strings redacted together,
   *  see redactMany). */
  redactDeep<T>(value: T): T {
    const strings: string[] = [];
    const collect = (inner: unknown): void => {
      if (typeof inner === "string") strings.push(inner);
      else if (Array.isArray(inner)) inner.forEach(collect);
      else if (inner && typeof inner === "object") Object.values(inner).forEach(collect);
    };
    collect(value);
    const redacted = this.redactMany(strings);
    let next = 0;
    const rebuild = (inner: unknown): unknown => {
      if (typeof inner === "string") return redacted[next++];
      if (Array.isArray(inner)) return inner.map(rebuild);
      if (inner && typeof inner === "object") {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(inner)) out[key] = rebuild(item);
        return out;
      }
      return inner;
    };
    return rebuild(value) as T;
  }
}

// A streamed text's last characters are held back this long (or the longest known secret, if longer):
// a secret or a token whose start is passed on must already be whole in what was redacted.
const HOLD_BACK_CHARS = 256;
/** A streamed text is redacted again once it has grown by at least 1/this of itself. */
const REDACT_AGAIN_FRACTION = 8;

/**
 * Pieces of a text streamed one after another (an agent message's deltas), passed on redacted as the
 * whole text is: each piece alone was redacted before, and a secret a model streams a few characters
 * at a time was in no piece (red team 11). What is passed on is the redacted text so far, less a tail
 * of HOLD_BACK_CHARS that the next pieces may still make part of a secret; the rest is passed on when
 * the item completes. Once the redacted text no longer begins with what was passed on (a secret's
 * marker that grew), nothing more of that item is: its completed event carries the text.
 */
export class DeltaRedactor {
  private readonly items = new Map<string, { raw: string; sent: string; stopped: boolean }>();

  constructor(private readonly redactor: Redactor) {}

  private passOn(item: { raw: string; sent: string; stopped: boolean }, whole: boolean): string {
    if (item.stopped) return "";
    // Not remembered: each partial text is redacted once and never met again.
    const redacted = this.redactor.redactMany([item.raw], false)[0]!;
    const ready = whole ? redacted : redacted.slice(0, Math.max(0, redacted.length - Math.max(HOLD_BACK_CHARS, this.redactor.longestSecret)));
    if (!ready.startsWith(item.sent)) {
      item.stopped = true;
      return "";
    }
    const piece = ready.slice(item.sent.length);
    item.sent = ready;
    return piece;
  }

  /** The redacted piece to pass on after `delta` of item `id` ("" while it is held back). */
  next(id: string, delta: string): string {
    const item = this.items.get(id) ?? { raw: "", sent: "", stopped: false };
    this.items.set(id, item);
    item.raw += delta;
    // Redacted again only once enough has come since the last piece passed on: a model's deltas are
    // a few characters each, and each redaction reads the text so far. Enough is twice the hold-back,
    // or an eighth of the text so far when that is more: the redactions then read about nine times
    // the message in all, where a fixed step read it quadratically (a 200 000-character answer: 85 M
    // characters redacted, 3 s). A long message streams in longer pieces.
    const step = Math.max(2 * Math.max(HOLD_BACK_CHARS, this.redactor.longestSecret), Math.ceil(item.raw.length / REDACT_AGAIN_FRACTION));
    if (item.raw.length - item.sent.length < step) return "";
    return this.passOn(item, false);
  }

  /** What is left of item `id` to pass on when it completes ("" when nothing, or it stopped). */
  finish(id: string): string {
    const item = this.items.get(id);
    if (!item) return "";
    this.items.delete(id);
    return this.passOn(item, true);
  }
}
