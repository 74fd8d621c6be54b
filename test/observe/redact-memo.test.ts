// The redaction memo (observe/redact.ts): a long text redacted once is remembered under the secrets
// its redactor knew by value, so a pool lane's records do not redact the same model request again.
// Attacked here: a redactor that knows one more secret, or another set of them, must never be given
// what a redactor without it made of the text; a text changed by one character is redacted anew.
import { beforeEach, describe, expect, it } from "vitest";
import { clearRedactionMemo, hashPrefix, redactionMemoSize, Redactor } from "../../src/observe/redact.js";

// Long enough to be remembered; the value has no known secret shape, so only a redactor told about
// it by value hides it.
const SECRET = "plain-looking-value-7f3a9c";
const body = (inner: string) => `${"instructions for the model, long and the same every task. ".repeat(8)}${inner} and then more words.`;

describe("the redaction memo", () => {
  beforeEach(() => clearRedactionMemo());

  it("is used by a second redactor that knows the same secrets, and gives what a fresh redaction gives", () => {
    const text = body(`the token is ${SECRET}`);
    const first = new Redactor([SECRET]).redactString(text);
    expect(first).not.toContain(SECRET);
    expect(first).toContain(`<redacted:${hashPrefix(SECRET)}>`);
    expect(redactionMemoSize().entries).toBe(1);
    const again = new Redactor([SECRET]).redactDeep({ body: { instructions: text } });
    expect(again.body.instructions).toBe(first);
    expect(redactionMemoSize().entries).toBe(1); // a hit, nothing added
    // Short texts are not kept.
    new Redactor([SECRET]).redactString(`short ${SECRET}`);
    expect(redactionMemoSize().entries).toBe(1);
  });

  it("misses for a redactor that knows one more secret, another set, or none, and for a changed text", () => {
    const text = body(`the token is ${SECRET}`);
    // Remembered by a redactor that did not know the value: the text keeps it.
    expect(new Redactor().redactString(text)).toContain(SECRET);
    // The same redactor learning it afterwards, a new redactor told it, one told it with others: each
    // hides it.
    const learning = new Redactor();
    expect(learning.redactString(text)).toContain(SECRET);
    learning.addSecret(SECRET);
    expect(learning.redactString(text)).not.toContain(SECRET);
    expect(new Redactor([SECRET]).redactString(text)).not.toContain(SECRET);
    expect(new Redactor(["another-secret-value", SECRET]).redactString(text)).not.toContain(SECRET);
    const fromEnv = new Redactor();
    fromEnv.addSecretsFromEnv({ SERVICE_TOKEN: SECRET });
    expect(fromEnv.redactString(text)).not.toContain(SECRET);
    // Remembered with the secret hidden: a redactor that knows another secret only does not get that
    // entry either (its output keeps the value, as a fresh redaction would).
    expect(new Redactor(["another-secret-value"]).redactString(text)).toContain(SECRET);
    // A text one character away is redacted anew: a secret with a known shape in it is found.
    const key = `sk-${"a".repeat(40)}`;
    const changed = text.replace("the token is", `the key is ${key}`);
    expect(new Redactor().redactString(changed)).not.toContain(key);
  });

  it("keeps what the shapes and the library find whatever was remembered before", () => {
    // A bearer token and an OpenAI-style key in a long text: redacted the first time and the second.
    const text = body(`Authorization: Bearer abcdefghijklmnop1234 and sk-${"b".repeat(40)}`);
    for (let i = 0; i < 2; i++) {
      const out = new Redactor().redactString(text);
      expect(out).not.toContain("abcdefghijklmnop1234");
      expect(out).not.toContain("b".repeat(40));
    }
  });
});
