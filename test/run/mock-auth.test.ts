// The bearer check the mock makes of a run that carries auth: one rule for runOnce and for the
// library's threads (which start their own mock and, before, checked nothing).
import { describe, expect, it } from "vitest";
import { planAuth } from "../../src/home/auth.js";
import { sha256Hex } from "../../src/mock/server.js";
import { mockAuthCheck } from "../../src/run/mock-auth.js";

describe("mockAuthCheck", () => {
  it("demands the carried key, nothing for --auth none, and makes no check without auth", () => {
    const env = { CODEX_API_KEY: "sk-test-carried-key-0123456789" };
    expect(mockAuthCheck(planAuth("env", env))).toEqual({ expectedBearerSha256: sha256Hex(env.CODEX_API_KEY) });
    expect(mockAuthCheck(planAuth("none", env))).toEqual({ expectedBearerSha256: sha256Hex("") });
    expect(mockAuthCheck(undefined)).toEqual({});
  });
});
