import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { locateCodex, parseCodexVersion, pinnedCodexVersion, resolveCodexPath } from "../../src/codex/locate.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { scratchDir } from "../helpers/paths.js";

describe("locating Codex", () => {
  it("the pinned binary reports exactly the version package.json pins", async () => {
    expect(pinnedCodexVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    const codex = await locateCodex("pinned");
    expect(codex.source).toBe("pinned");
    expect(codex.version).toBe(pinnedCodexVersion());
  });

  it("an explicit path is used as given and must be an executable file", async () => {
    const dir = scratchDir("locate");
    const script = path.join(dir, "codex");
    writeFileSync(script, "#!/bin/sh\necho 'codex-cli 9.8.7'\n");
    expect(() => resolveCodexPath(script)).toThrow(/not executable/);
    chmodSync(script, 0o755);
    const codex = await locateCodex(script);
    expect(codex).toEqual({ source: "path", path: script, version: "9.8.7" });
    expect(() => resolveCodexPath(dir)).toThrow(/is not a file/);
  });

  it("a binary that prints no version is refused with a typed error", async () => {
    const dir = scratchDir("locate");
    const script = path.join(dir, "not-codex");
    writeFileSync(script, "#!/bin/sh\necho hello\n", { mode: 0o755 });
    await expect(locateCodex(script)).rejects.toBeInstanceOf(CodexHeadlessError);
  });

  it("system means the codex on PATH, and says so when there is none", () => {
    const saved = process.env.PATH;
    process.env.PATH = scratchDir("empty-path");
    try {
      expect(() => resolveCodexPath("system")).toThrow(/no `codex` on PATH/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it.each([
    ["codex-cli 0.169.0", "0.169.0"],
    ["codex 1.2.3-alpha.4\n", "1.2.3-alpha.4"],
    ["something else", undefined],
  ])("parses %j", (output, version) => {
    expect(parseCodexVersion(output)).toBe(version);
  });
});

describe("the version of a binary, kept across processes", () => {
  it("asks a binary once, and again when the file is replaced", async () => {
    const dir = scratchDir("version-cache");
    const script = path.join(dir, "codex");
    const calls = path.join(dir, "calls");
    const body = (version: string) => `#!/bin/sh\necho x >> '${calls}'\necho 'codex-cli ${version}'\n`;
    writeFileSync(script, body("1.2.3"), { mode: 0o755 });
    // A fresh module each time: the in-process map is gone, as in a new CLI process.
    const fresh = async () => {
      vi.resetModules();
      return (await import("../../src/codex/locate.js")).codexVersion(script);
    };
    expect(await fresh()).toBe("1.2.3");
    expect(await fresh()).toBe("1.2.3");
    expect(readFileSync(calls, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
    writeFileSync(script, body("1.2.4"), { mode: 0o755 }); // replaced in place: size and times move
    expect(await fresh()).toBe("1.2.4");
    expect(readFileSync(calls, "utf8").split("\n").filter(Boolean)).toHaveLength(2);
  });
});
