import { describe, expect, it } from "vitest";
import { classifyLine } from "../../src/observe/classify.js";

describe("classifyLine", () => {
  it.each([
    ["Reading additional input from stdin...", "stdin-notice"],
    ["Reading prompt from stdin...", "stdin-notice"],
    ["2026-11-24T20:16:56.123Z  WARN codex_core::x: something", "rust-log"],
    ["Model metadata for `m` not found. Defaulting to fallback metadata", "model-metadata-warning"],
    ["Stack backtrace:", "rust-backtrace"],
    ["  13: <unknown>", "rust-backtrace"],
    ["warning: Untrusted project-local configuration is disabled. Run `codex exec --trust` to allow", "project-trust-warning"],
    ["WARNING: proceeding, even though we could not create PATH aliases: Read-only file system (os error 30)", "temp-dir-helper-warning"],
    ["a line nobody has seen", "unclassified"],
  ])("%s → %s", (line, expected) => {
    expect(classifyLine(line).class).toBe(expected);
  });
});
