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
