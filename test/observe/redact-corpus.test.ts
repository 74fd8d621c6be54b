// The redaction corpus, on the redactor alone: every realistic secret format is replaced wherever it
// appears in text, and random-looking non-secrets (thread ids, SHA-256 fingerprints) survive.
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/observe/redact.js";
import { NOT_SECRETS, SECRET_CORPUS } from "./secret-corpus.js";

describe("secret formats are redacted by format, not only by name", () => {
  it.each(SECRET_CORPUS.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    const out = new Redactor().redactString(`before ${entry.text} after ${NOT_SECRETS.join(" ")}`);
    expect(out).not.toContain(entry.secret);
    expect(out).toMatch(/<redacted:[0-9a-f]{12}>/);
    for (const kept of NOT_SECRETS) expect(out).toContain(kept);
  });

  it("thread ids and SHA-256 fingerprints alone are kept as they are", () => {
    for (const kept of NOT_SECRETS) expect(new Redactor().redactString(`id ${kept}`)).toBe(`id ${kept}`);
  });
});

describe("a record's strings redacted together", () => {
  it("give what each string redacted alone gives: every secret format, the non-secrets, equal strings and short ones", () => {
    const strings = [...SECRET_CORPUS.flatMap((entry) => [entry.text, `x ${entry.text} y`]), ...NOT_SECRETS, "ok", "", SECRET_CORPUS[0]!.text];
    const record = { events: strings.map((text, i) => ({ id: i, text })), nested: [[strings]], n: 3, flag: true, none: null };
    const redactor = new Redactor();
    const alone = strings.map((text) => new Redactor().redactString(text));
    const together = redactor.redactDeep(record);
    expect(together.events.map((event) => event.text)).toEqual(alone);
    expect(together.nested[0]![0]).toEqual(alone);
    expect(together.events.map((event) => event.id)).toEqual(strings.map((_, i) => i));
    expect([together.n, together.flag, together.none]).toEqual([3, true, null]);
    for (const entry of SECRET_CORPUS) expect(JSON.stringify(together)).not.toContain(entry.secret);
  });

  it("an environment's values redacted together give what each redacted alone gives (redactEnv)", () => {
    const env: Record<string, string> = Object.fromEntries(SECRET_CORPUS.map((entry, i) => [`NEUTRAL_${i}`, entry.text]));
    Object.assign(env, { THREAD: NOT_SECRETS[0]!, SUM: NOT_SECRETS[1]!, SHORT: "ok", EMPTY: "", OPENAI_API_KEY: "sk-not-redacted-by-format-only-name" });
    const alone = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, name === "OPENAI_API_KEY" ? new Redactor().redactEnv({ [name]: value })[name] : new Redactor().redactString(value)]));
    expect(new Redactor().redactEnv(env)).toEqual(alone);
  });
});
