// The one writer and reader of `-c` lines: what the writer emits, the reader (which reads as Codex
// does) gives back unchanged, and what cannot be written is a usage error naming the key.
import { describe, expect, it } from "vitest";
import { overrideArgs, overridePairs, overrideValue, parseOverride } from "../../src/codex/config-overrides.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { FEW_RETRIES, providerOverrides, providerTomlSnippet } from "../../src/mock/provider-config.js";

describe("config overrides", () => {
  it("writes strings, numbers, booleans, arrays and inline tables in TOML, skipping undefined", () => {
    const pairs = overridePairs({
      sandbox_mode: "workspace-write",
      "a.n": 3,
      "a.flag": false,
      "a.list": ["x", 'quote"d'],
      "a.table": { K: "v", "not bare": "w" },
      "a.skipped": undefined,
    });
    expect(pairs).toEqual([
      'sandbox_mode="workspace-write"',
      "a.n=3",
      "a.flag=false",
      'a.list=["x", "quote\\"d"]',
      'a.table={ K = "v", "not bare" = "w" }',
    ]);
    expect(overrideArgs({ sandbox_mode: "read-only" })).toEqual(["-c", 'sandbox_mode="read-only"']);
  });

  it("reads back what it writes, as Codex would", () => {
    const value = { list: ["a", "b"], n: 2, t: { K: "v" }, s: "x=y" };
    const pairs = overridePairs({ "k.list": value.list, "k.n": value.n, "k.t": value.t, "k.s": value.s });
    expect(pairs.map((pair) => parseOverride(pair)?.value)).toEqual([value.list, value.n, value.t, value.s]);
    expect(overrideValue([" k.s = 1", "k.s=2"], "k.s")).toBe(2);
  });

  it("refuses a key or value it cannot write, naming the key", () => {
    expect(() => overridePairs({ "a b": 1 })).toThrow(CodexHeadlessError);
    expect(() => overridePairs({ "a.b": Number.NaN })).toThrow(/config override a\.b: expected a finite number, got NaN/);
    expect(() => overridePairs({ "": "x" })).toThrow(/config override : expected dotted bare key parts/);
  });

  it("the mock provider's entry and retry budget come from the same writer", () => {
    expect(FEW_RETRIES).toEqual(["model_providers.codex_headless_mock.request_max_retries=0", "model_providers.codex_headless_mock.stream_max_retries=1"]);
    const args = providerOverrides({ baseUrl: "http://127.0.0.1:1/v1", envKey: "K" });
    expect(args.filter((_, i) => i % 2 === 1)).toEqual([
      'model_provider="codex_headless_mock"',
      'model="codex-headless-mock-model"',
      'model_providers.codex_headless_mock.name="codex-headless mock"',
      'model_providers.codex_headless_mock.base_url="http://127.0.0.1:1/v1"',
      'model_providers.codex_headless_mock.wire_api="responses"',
      'model_providers.codex_headless_mock.env_key="K"',
    ]);
    expect(providerTomlSnippet({ baseUrl: "http://h/v1", envKey: "K", auth: "openai-auth" })).toBe(
      'model_provider = "codex_headless_mock"\nmodel = "codex-headless-mock-model"\n\n[model_providers.codex_headless_mock]\nname = "codex-headless mock"\nbase_url = "http://h/v1"\nwire_api = "responses"\nrequires_openai_auth = true\n',
    );
  });
});
