// Isolated homes that still authenticate: each auth mode against a fixture ambient home with an
// API-key auth.json. The mock demands the right token (by hash) and the ambient home must be
// byte-identical afterwards.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/mock/server.js";
import { runRecordSchema, type RunRecord } from "../../src/run/record.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { fingerprint } from "../../src/home/fingerprint.js";
import { asArgs } from "../../src/codex/config-overrides.js";
import { FEW_RETRIES } from "../../src/mock/provider-config.js";

const KEY = "sk-fixture-ambient-key-4f1c2e";

function withAmbientAuth(content: string = JSON.stringify({ OPENAI_API_KEY: KEY }), mode = 0o600): FixtureHome & { ambient: string } {
  const f = fixtureHome("auth");
  const ambient = path.join(f.home, ".codex");
  mkdirSync(ambient, { recursive: true });
  writeFileSync(path.join(ambient, "auth.json"), content);
  chmodSync(path.join(ambient, "auth.json"), mode);
  writeFileSync(path.join(ambient, "config.toml"), 'model = "ambient-model"\n');
  return { ...f, ambient };
}

const readRecord = (dir: string): RunRecord => runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));

describe("--home isolated with each auth mode", () => {
  it.each([
    ["copy", {}],
    ["link", {}],
    ["api-key", { CODEX_API_KEY: KEY }],
    ["env", { CODEX_API_KEY: KEY }],
  ] as const)("%s: authenticated, the right token, the ambient home untouched, the isolated home gone", async (mode, extraEnv) => {
    const f = withAmbientAuth();
    const before = fingerprint(f.ambient);
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--provider", "mock", "--home", "isolated", "--auth", mode, "--record", recordDir, "hi"], { ...f, env: { ...f.env, ...extraEnv } });
    expect(result.code).toBe(0);
    const record = readRecord(recordDir);
    expect(record.provider.requests.map((r) => r.bearerSha256)).toEqual([sha256Hex(KEY)]);
    expect(fingerprint(f.ambient)).toEqual(before);
    expect(existsSync(record.home.path)).toBe(false);
    expect(JSON.stringify(record)).not.toContain(KEY);
  });

  it("none: a clear not-authenticated failure, not a hang", async () => {
    const f = withAmbientAuth();
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(
      ["run", "--provider", "mock", "--home", "isolated", "--auth", "none", "--record", recordDir, ...asArgs(FEW_RETRIES), "hi"],
      { ...f, env: { ...f.env, CODEX_API_KEY: KEY } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/codex-failed \(auth\): .*not authenticated/);
    const record = readRecord(recordDir);
    // No key leaked in from the caller's environment: every request arrived without a token.
    expect(record.provider.requests.every((r) => r.bearerSha256 === undefined)).toBe(true);
  });
});

describe("auth bad input: one line naming the path, the source untouched", () => {
  it.each([
    ["a corrupt auth.json", "{not json", 0o600, /auth\.json is not valid JSON \(corrupt auth\.json\)/],
    ["an auth.json others can read", JSON.stringify({ OPENAI_API_KEY: KEY }), 0o644, /auth\.json has mode 644; credentials must be private \(chmod 600 /],
    ["ChatGPT login tokens with copy", JSON.stringify({ tokens: { refresh_token: "rt-fixture-0123456789", access_token: "at" } }), 0o600, /holds ChatGPT login tokens, whose refresh tokens are single-use/],
  ])("%s", async (_name, content, mode, message) => {
    const f = withAmbientAuth(content, mode);
    const before = fingerprint(f.ambient);
    expectUsageError(await runCli(["run", "--provider", "mock", "--home", "isolated", "--auth", "copy", "hi"], f), message);
    expect(fingerprint(f.ambient)).toEqual(before);
  });

  it("no auth.json to carry over", async () => {
    const f = fixtureHome("auth-missing");
    expectUsageError(await runCli(["run", "--provider", "mock", "--home", "isolated", "--auth", "link", "hi"], f), /--auth: no auth\.json at .*\.codex\/auth\.json to carry over/);
  });

  it("api-key without a key in the environment", async () => {
    const f = withAmbientAuth();
    expectUsageError(await runCli(["run", "--provider", "mock", "--home", "isolated", "--auth", "api-key", "hi"], f), /--auth api-key: no API key in CODEX_API_KEY or OPENAI_API_KEY/);
  });

  it("--auth with the ambient home", async () => {
    const f = withAmbientAuth();
    const before = fingerprint(f.ambient);
    expectUsageError(await runCli(["run", "--provider", "mock", "--home", "ambient", "--auth", "copy", "hi"], f), /--auth applies to a home codex-headless prepares/);
    expect(fingerprint(f.ambient)).toEqual(before);
  });
});
