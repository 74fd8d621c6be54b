// When escapes may reach stderr: a terminal that wants colour only (the end-to-end case, escapes
// stripped from a pipe, is in test/cli/run.test.ts's --json test).
import { describe, expect, it } from "vitest";
import { forStderr } from "../../src/cli/io.js";

const COLOURED = "\u001b[2m2026-11-30T13:55:41Z\u001b[0m \u001b[32m INFO\u001b[0m codex_core: hello";

describe("forStderr", () => {
  it("keeps escapes for a terminal with NO_COLOR unset or empty, strips them otherwise", () => {
    expect(forStderr(COLOURED, { isTTY: true }, {})).toBe(COLOURED);
    expect(forStderr(COLOURED, { isTTY: true }, { NO_COLOR: "" })).toBe(COLOURED);
    expect(forStderr(COLOURED, { isTTY: true }, { NO_COLOR: "1" })).toBe("2026-11-30T13:55:41Z  INFO codex_core: hello");
    expect(forStderr(COLOURED, { isTTY: false }, {})).toBe("2026-11-30T13:55:41Z  INFO codex_core: hello");
    expect(forStderr(COLOURED, {}, {})).toBe("2026-11-30T13:55:41Z  INFO codex_core: hello");
  });
});
