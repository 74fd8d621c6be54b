// The spec transform: every default that depends on another field is resolved once, in the schema,
// and checks Codex would only make after starting are issues of the schema itself, so every caller of
// it (the runner, the gate, the lab, the library's threads) sees the same spec.
import { describe, expect, it } from "vitest";
import { runOptionsSchema, runSpecSchema } from "../../src/run/spec.js";
import { parseRunOptions, parseRunSpec } from "../../src/run/runner.js";
import { CodexHeadlessError } from "../../src/core/errors.js";

const usage = (run: () => unknown): CodexHeadlessError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CodexHeadlessError) return error;
    throw error;
  }
  throw new Error("expected a usage error");
};

describe("RunSpec transform", () => {
  it("resolves the home default from the provider (DESIGN: isolated with the mock, ambient with the real service)", () => {
    expect(runSpecSchema.parse({ prompt: "hi" }).home).toBe("isolated");
    expect(runSpecSchema.parse({ prompt: "hi", provider: "openai" }).home).toBe("ambient");
    expect(runSpecSchema.parse({ prompt: "hi", provider: "openai", home: "repo" }).home).toBe("repo");
  });

  it("refuses what parseRunSpec used to check apart: bad scenario options and -c values Codex would refuse", () => {
    expect(runSpecSchema.safeParse({ prompt: "hi", scenarioOptions: { chunks: "many" } }).success).toBe(false);
    expect(runSpecSchema.safeParse({ prompt: "hi", config: ['sandbox_mode="bogus-mode"'] }).success).toBe(false);
    expect(usage(() => parseRunSpec({ prompt: "hi", scenarioOptions: { chunks: "many" } })).message).toMatch(/^scenario option chunks: /);
    expect(usage(() => parseRunSpec({ prompt: "hi", config: ['sandbox_mode="bogus-mode"'] })).message).toMatch(/^config override sandbox_mode: unknown sandbox mode "bogus-mode"/);
  });

  it("validates a run's options without a prompt, and refuses a prompt among them", () => {
    const options = parseRunOptions({ provider: "openai", transport: "app-server" });
    expect(options).toMatchObject({ provider: "openai", transport: "app-server", home: "ambient" });
    expect(options).not.toHaveProperty("prompt");
    expect(runOptionsSchema.safeParse({ prompt: "x" }).success).toBe(false);
    expect(usage(() => parseRunOptions({ timeoutMs: -1 })).message).toMatch(/timeout must be positive/);
  });

  it("stays strict: an unknown key is refused, naming it", () => {
    expect(usage(() => parseRunSpec({ prompt: "hi", colour: "red" } as never)).message).toMatch(/colour/);
  });
});
