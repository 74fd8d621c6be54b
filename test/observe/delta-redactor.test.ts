// DeltaRedactor: a streamed agent message is redacted as the text it builds (red team 11), and each
// redaction reads the text so far. Redacting again after every fixed number of characters made a long
// message cost quadratic time: a 200 000-character answer in 4-character deltas had 160 M characters
// redacted (one redaction per 512 new ones). The cost is now linear in the message, and what the
// pieces join to is unchanged: the whole message redacted, no secret in any piece.
import { describe, expect, it, vi } from "vitest";
import { DeltaRedactor, Redactor } from "../../src/observe/redact.js";

const SECRET = "dpl-7f3a9c2e5b1d4a6f8e0c";

/** Feeds `text` to a DeltaRedactor in pieces of `size` characters; returns each non-empty piece passed
 *  on (the rest at finish last) and the characters the redactor was given to redact. */
function stream(redactor: Redactor, text: string, size: number): { pieces: string[]; charsRedacted: number } {
  let charsRedacted = 0;
  const redactMany = redactor.redactMany.bind(redactor);
  const spy = vi.spyOn(redactor, "redactMany").mockImplementation((texts, remember) => {
    charsRedacted += texts.reduce((sum, t) => sum + t.length, 0);
    return redactMany(texts, remember);
  });
  const deltas = new DeltaRedactor(redactor);
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) {
    const piece = deltas.next("m", text.slice(at, at + size));
    if (piece) pieces.push(piece);
  }
  const rest = deltas.finish("m");
  if (rest) pieces.push(rest);
  spy.mockRestore();
  return { pieces, charsRedacted };
}

describe("DeltaRedactor", () => {
  it("redacts a long streamed message in time linear in its length (it was quadratic)", () => {
    const text = Array.from({ length: 4000 }, (_, i) => `line ${i}: ${"word ".repeat(8)}${i % 500 === 0 ? SECRET : ""}\n`).join("");
    expect(text.length).toBeGreaterThan(190_000);
    const redactor = new Redactor([SECRET]);
    const { pieces, charsRedacted } = stream(redactor, text, 4);
    // Before: ~text.length^2 / 1024, about 40 M characters here.
    expect(charsRedacted).toBeLessThan(12 * text.length);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join("")).toBe(redactor.redactString(text));
    for (const piece of pieces) expect(piece).not.toContain(SECRET);
  });

  it("a short message is still passed on in pieces of a few hundred characters, each secret whole in none", () => {
    const text = `${"x".repeat(700)}\n${SECRET}\n${"y".repeat(700)}\n`;
    const redactor = new Redactor([SECRET]);
    for (const size of [1, 3, 4, 17]) {
      const { pieces } = stream(redactor, text, size);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces[0]!.length).toBeLessThan(700);
      expect(pieces.join("")).toBe(redactor.redactString(text));
      expect(pieces.join("")).not.toContain(SECRET);
    }
  });
});
