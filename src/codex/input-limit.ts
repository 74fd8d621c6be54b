// The most text Codex accepts as one user input. Codex counts Unicode scalar values (Rust `chars()`),
// not bytes or UTF-16 units: source `MAX_USER_INPUT_TEXT_CHARS = 1 << 20` (codex-rs protocol,
// user_input.rs); measured on 0.169.0: 1,048,576 "é" (2 MiB of UTF-8) pass, one more is refused with
// "Input exceeds the maximum length of 1048576 characters" after Codex has started.

/** Characters (Unicode code points) one text input may hold. */
export const CODEX_INPUT_LIMIT_CHARS = 1_048_576;

/** UTF-8 bytes that can hold at most the limit (4 bytes per code point): a reader may stop past it. */
export const CODEX_INPUT_LIMIT_BYTES = 4 * CODEX_INPUT_LIMIT_CHARS;

/** The text's length as Codex counts it (code points). */
export function codexCharCount(text: string): number {
  // A UTF-16 length within the limit is a code-point count within it: the common case costs nothing.
  if (text.length <= CODEX_INPUT_LIMIT_CHARS) return text.length - surrogatePairs(text);
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function surrogatePairs(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return pairs;
}
