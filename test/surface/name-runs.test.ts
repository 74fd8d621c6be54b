// Reading CODEX_* names out of a binary's bytes, where string literals sit back to back.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codexNameRuns, envVarsInBinary, extendsHeldName } from "../../src/surface/name-runs.js";
import { scratchDir } from "../helpers/paths.js";

const binary = (name: string, bytes: Buffer): string => {
  const file = path.join(scratchDir("name-runs"), name);
  writeFileSync(file, bytes);
  return file;
};

describe("CODEX_ names in a binary", () => {
  it("keeps apart the capital before a lowercase word, keeps names glued to names", () => {
    // As in Codex 0.171.0's binary: "…_startupCODEX_NETWORK_PRAllow and don't…" (no delimiter).
    // And as in 0.169.0's: "CODEX_SA" as an 8-byte immediate (mov rax, imm64), then the next instruction.
    const immediate = Buffer.from([0, 0x48, 0xb8, ...Buffer.from("CODEX_SA", "latin1"), 0x48, 0x89, 0x84, 0x24]);
    const file = binary("bytes", Buffer.concat([Buffer.from("required_startupCODEX_NETWORK_PRAllow and don't\0CODEX_HOMECODEX_API_KEY\0x", "latin1"), immediate]));
    expect(codexNameRuns(file).sort((a, b) => a.text.localeCompare(b.text))).toEqual([{ text: "CODEX_HOMECODEX_API_KEY" }, { text: "CODEX_NETWORK_PR", nextCapital: "A" }, { text: "CODEX_SA" }]);
    expect(envVarsInBinary(file)).toEqual([{ name: "CODEX_API_KEY" }, { name: "CODEX_HOME" }, { name: "CODEX_NETWORK_PR", nextCapital: "A" }]);
  });

  it("marks a name cut short or glued to its neighbour instead of printing it plain", () => {
    // As in Codex 0.171.0's binary: "CODEX_THREAD_IDrequest_permi…", "…CODEX_API_KEYAPI key auth…" beside
    // "…set CODEX_API_KEYCODEX_ACCESS_T…", "(CODEX_EXEC_SERVER_URL)" beside "CODEX_EXEC_SERVER_URLOSS provider",
    // and "CODEX_NETWORK_PRAllow" beside "CODEX_NETWORK_PROXY_ACTIVE".
    const text = "executionCODEX_THREAD_IDrequest_permissions\0OPENAI_API_KEYCODEX_API_KEYAPI key auth\0set CODEX_API_KEYCODEX_ACCESS_TOKEN\0(CODEX_EXEC_SERVER_URL) IDCODEX_EXEC_SERVER_URLOSS provider\0startupCODEX_NETWORK_PRAllow\0 CODEX_NETWORK_PROXY_ACTIVE\0 CODEX_SANDBOX\0CODEX_MCP_PROTOC\0\0CODEX_MCP_PROTOCOL_VERSION\0 CODEX_SANDBOX_NETWORK_DISABLED\0";
    expect(envVarsInBinary(binary("glued", Buffer.from(text, "latin1")))).toEqual([
      { name: "CODEX_ACCESS_TOKEN" },
      { name: "CODEX_API_KEY" },
      { name: "CODEX_API_KEYAPI", extends: "CODEX_API_KEY", textAfter: " key auth" },
      { name: "CODEX_EXEC_SERVER_URL" },
      { name: "CODEX_EXEC_SERVER_URLOSS", extends: "CODEX_EXEC_SERVER_URL", textAfter: " provider" },
      { name: "CODEX_MCP_PROTOCOL_VERSION" },
      { name: "CODEX_NETWORK_PROXY_ACTIVE" },
      { name: "CODEX_SANDBOX" },
      { name: "CODEX_SANDBOX_NETWORK_DISABLED" },
      { name: "CODEX_THREAD_I", nextCapital: "D" },
    ]);
  });

  it("marks a name that ran on into text, and not one closed by punctuation", () => {
    // As in Codex 0.171.0's binary: "CODEX_VERSIONC.UTF-8catint…", "…_ENHANCEMENTHOME is not setp…"
    // (no occurrence on their own), beside "(CODEX_EXEC_SERVER_URL) ID" and a name that also ends
    // cleanly elsewhere.
    const text = "available)CODEX_VERSIONC.UTF-8catint\0binary.CODEX_TUI_DISABLE_KEYBOARD_ENHANCEMENTHOME is not setpet\0(CODEX_EXEC_SERVER_URL) ID\0CODEX_HOME is set\0 CODEX_HOME\0";
    expect(envVarsInBinary(binary("text", Buffer.from(text, "latin1")))).toEqual([
      { name: "CODEX_EXEC_SERVER_URL" },
      { name: "CODEX_HOME" },
      { name: "CODEX_TUI_DISABLE_KEYBOARD_ENHANCEMENTHOME", textAfter: " is not setp" },
      { name: "CODEX_VERSIONC", textAfter: ".UTF-8catint" },
    ]);
  });

  it("counts an extension as glued on only when it starts no new word", () => {
    expect(extendsHeldName("CODEX_API_KEYAPI", ["CODEX_API_KEY"])).toBe(true);
    expect(extendsHeldName("CODEX_SANDBOX_NETWORK_DISABLED", ["CODEX_SANDBOX"])).toBe(false);
    expect(extendsHeldName("CODEX_SNAPSHOT_SOURCE", ["CODEX_SNAPSHOT_"])).toBe(false);
  });
});
