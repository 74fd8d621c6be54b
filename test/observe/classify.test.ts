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
    // bash -i on a pipe, as the user-shell context starts it (measured: bash 5.2, every such run).
    ["bash: cannot set terminal process group (-1): Inappropriate ioctl for device", "launch-shell-job-control"],
    ["bash: no job control in this shell", "launch-shell-job-control"],
    ["a line nobody has seen", "unclassified"],
  ])("%s → %s", (line, expected) => {
    expect(classifyLine(line).class).toBe(expected);
  });
});

describe("output rules", () => {
  it("the terminal filter and the classifier read stdin notices and backtraces alike", async () => {
    const { isBacktraceLine, isStdinNotice } = await import("../../src/observe/output-rules.js");
    const lines = [
      "Reading additional input from stdin...",
      "Reading prompt from stdin... (ignored)",
      "Stack backtrace:",
      "  13: <unknown>",
      "   0: codex::main",
      "             at ./src/main.rs:12",
      "12:  two spaces, no frame",
      "Error: boom",
    ];
    for (const line of lines) {
      const cls = classifyLine(line).class;
      expect(isStdinNotice(line), line).toBe(cls === "stdin-notice");
      expect(isBacktraceLine(line), line).toBe(cls === "rust-backtrace");
    }
  });

  it("reconnects, and escape sequences by the platform's rule", async () => {
    const { countAnsi, isReconnectMessage, reconnectDetail, reconnectMessage, stripAnsi } = await import("../../src/observe/output-rules.js");
    expect(isReconnectMessage(reconnectMessage("503"))).toBe(true);
    expect(reconnectDetail(reconnectMessage("503"))).toBe("(503)");
    expect(classifyLine(reconnectMessage("503")).class).toBe("reconnect-retry");
    const link = "\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\";
    expect(stripAnsi(link)).toBe("link");
    expect(countAnsi(link)).toBe(2);
  });
});
