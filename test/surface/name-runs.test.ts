// Reading CODEX_* names out of a binary's bytes, where string literals sit back to back.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codexNameRuns, envVarsInBinary } from "../../src/surface/inventory.js";
import { scratchDir } from "../helpers/paths.js";

describe("CODEX_ names in a binary", () => {
  it("cuts off the capital of a following lowercase word, keeps names glued to names", () => {
    const file = path.join(scratchDir("name-runs"), "bytes");
    // As in Codex 0.171.0's binary: "…_startupCODEX_NETWORK_PRAllow and don't…" (no delimiter).
    // And as in 0.169.0's: "CODEX_SA" as an 8-byte immediate (mov rax, imm64), then the next instruction.
    const immediate = Buffer.from([0, 0x48, 0xb8, ...Buffer.from("CODEX_SA", "latin1"), 0x48, 0x89, 0x84, 0x24]);
    writeFileSync(file, Buffer.concat([Buffer.from("required_startupCODEX_NETWORK_PRAllow and don't\0CODEX_HOMECODEX_API_KEY\0x", "latin1"), immediate]));
    expect(codexNameRuns(file).sort()).toEqual(["CODEX_HOMECODEX_API_KEY", "CODEX_NETWORK_PR", "CODEX_SA"]);
    expect(envVarsInBinary(file).sort()).toEqual(["CODEX_API_KEY", "CODEX_HOME", "CODEX_NETWORK_PR"]);
  });
});
