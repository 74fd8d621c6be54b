// Isolated homes that still authenticate: each auth mode against a fixture ambient home with an
// API-key auth.json. The mock demands the right token (by hash) and the ambient home must be
// byte-identical afterwards.
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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
  const f = fixtureHome("auth", { seededState: true });
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

describe("--auth never deletes or replaces a file it did not create", () => {
  const OTHER = "sk-fixture-other-key-9a7d31";
  it.each([
    ["copy into the ambient home given as a path", "copy", (a: string) => a, {}],
    ["link into the ambient home given through a link", "link", (a: string) => {
      const alias = path.join(path.dirname(path.dirname(a)), "alias-of-codex-home");
      if (!existsSync(alias)) symlinkSync(a, alias);
      return alias;
    }, {}],
    ["api-key login over the ambient home's other key", "api-key", (a: string) => a, { CODEX_API_KEY: OTHER }],
  ] as const)("%s: refused, the user's auth.json untouched", async (_name, mode, homeOf, extraEnv) => {
    const f = withAmbientAuth();
    const before = fingerprint(f.ambient);
    const result = await runCli(["run", "--provider", "mock", "--home", homeOf(f.ambient), "--auth", mode, "hi"], { ...f, env: { ...f.env, ...extraEnv } });
    expectUsageError(result, mode === "api-key" ? /--auth api-key: .*auth\.json exists and holds another login; codex-headless never replaces a file it did not create/ : new RegExp(`--auth ${mode}: the home .* holds the very auth\\.json it would carry`));
    expect(fingerprint(f.ambient)).toEqual(before);
  });

  it("a folder's own auth.json is not replaced by a copy; an identical copy is used as it is", async () => {
    const f = withAmbientAuth();
    const own = path.join(path.dirname(f.cwd), "own-home");
    mkdirSync(own, { recursive: true });
    const mine = JSON.stringify({ OPENAI_API_KEY: OTHER });
    writeFileSync(path.join(own, "auth.json"), mine, { mode: 0o600 });
    expectUsageError(await runCli(["run", "--provider", "mock", "--home", own, "--auth", "copy", "hi"], f), /--auth copy: .*own-home\/auth\.json exists and is not a copy of the one carried/);
    expect(readFileSync(path.join(own, "auth.json"), "utf8")).toBe(mine);

    // What an earlier run of ours left (the same bytes) is what this run carries: used, not refused.
    writeFileSync(path.join(own, "auth.json"), readFileSync(path.join(f.ambient, "auth.json")), { mode: 0o600 });
    const recordDir = path.join(path.dirname(f.cwd), "rec-own");
    const result = await runCli(["run", "--provider", "mock", "--home", own, "--auth", "copy", "--record", recordDir, "hi"], f);
    expect(result.code, result.stderr).toBe(0);
    expect(readRecord(recordDir).provider.requests.map((r) => r.bearerSha256)).toEqual([sha256Hex(KEY)]);
  });
});
