// Settles, on the real Codex, what carrying a ChatGPT login into another home does to it. Codex refreshes
// a stale login against the token endpoint named by CODEX_REFRESH_TOKEN_URL_OVERRIDE (our mock, whose
// refresh tokens work once, as the real ones do) and writes the new tokens into its CODEX_HOME's
// auth.json. The mock model provider only accepts unexpired access tokens that endpoint handed out.
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { startMockProvider, sha256Hex, type MockProvider } from "../../src/mock/server.js";
import { installLogin, REFRESH_URL_ENV, startTokenEndpoint, type ChatgptLogin, type TokenEndpoint } from "../../src/mock/token-endpoint.js";
import type { RunRecord } from "../../src/run/record.js";
import { runOnce } from "../../src/run/runner.js";
import { expectAllClassified } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((server) => server.close()));
});

interface Setup {
  endpoint: TokenEndpoint;
  mock: MockProvider;
}

async function servers(): Promise<Setup> {
  const endpoint = await startTokenEndpoint();
  const mock = await startMockProvider({ scenario: "hello", expectedBearerSha256: (sha) => endpoint.accepts(sha) });
  opened.push(endpoint, mock);
  return { endpoint, mock };
}

/** A fixture HOME whose ~/.codex/auth.json holds the given ChatGPT login. */
function homeWithLogin(prefix: string, login: ChatgptLogin, endpoint: TokenEndpoint): FixtureHome & { authFile: string } {
  const f = fixtureHome(prefix);
  const authFile = installLogin(path.join(f.home, ".codex"), login);
  return { ...f, env: { ...f.env, [REFRESH_URL_ENV]: endpoint.url }, authFile };
}

const tokensIn = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { tokens: { refresh_token: string; access_token: string } }).tokens;

const linkedRun = (f: FixtureHome, mock: MockProvider) =>
  runOnce({ prompt: "hi", provider: "mock", scenario: "hello", cwd: f.cwd, home: "isolated", auth: "link", timeoutMs: 60_000 }, { env: f.env, mock });

describe("a ChatGPT login carried into an isolated home", () => {
  // The first two tests share one linked run (a Codex run is ~1.5 CPU-s of a CPU-bound suite): the
  // second test's "copy" (another home holding the same stale login, run linked) is the first test's
  // run, a stale login linked into an isolated home in a fixture of its own. Its endpoint calls and
  // auth file are taken right after it, before the second test's later run of the source.
  let sharedServers: Setup | undefined;
  afterAll(async () => {
    await Promise.all([sharedServers?.endpoint.close(), sharedServers?.mock.close()]);
  });
  let linkedStale: Promise<{ endpoint: TokenEndpoint; mock: MockProvider; login: ChatgptLogin; source: FixtureHome & { authFile: string }; copyAttempt: Promise<unknown>; callsAfterCopyAttempt: number; copy: FixtureHome & { authFile: string }; record: RunRecord; callsAfterLinkedRun: Array<[string | undefined, string]> }> | undefined;
  const sharedLinkedRun = () =>
    (linkedStale ??= (async () => {
      const endpoint = await startTokenEndpoint();
      const mock = await startMockProvider({ scenario: "hello", expectedBearerSha256: (sha) => endpoint.accepts(sha) });
      sharedServers = { endpoint, mock };
      const login = endpoint.login({ stale: true });
      const source = homeWithLogin("chatgpt-source", login, endpoint);
      const copyAttempt = runOnce({ prompt: "hi", provider: "mock", cwd: source.cwd, home: "isolated", auth: "copy" }, { env: source.env, mock });
      await copyAttempt.catch(() => {});
      const callsAfterCopyAttempt = endpoint.calls.length;
      // What a copy amounts to: another home holding the same tokens, run linked.
      const copy = homeWithLogin("chatgpt-copy", login, endpoint);
      const record = await linkedRun(copy, mock);
      const callsAfterLinkedRun = endpoint.calls.map((c) => [c.refreshTokenSha256, c.outcome] as [string | undefined, string]);
      return { endpoint, mock, login, source, copyAttempt, callsAfterCopyAttempt, copy, record, callsAfterLinkedRun };
    })());

  it("link: Codex refreshes the stale login once and writes the new tokens through the link into the source", async () => {
    const { login, copy: f, record, callsAfterLinkedRun } = await sharedLinkedRun();

    expect(record.outcome).toBe("ok");
    expect(callsAfterLinkedRun).toEqual([[sha256Hex(login.refreshToken), "issued"]]);
    const after = tokensIn(f.authFile);
    expect(after.refresh_token).not.toBe(login.refreshToken);
    // The source is still a private regular file, and the model was called with the refreshed token.
    const stat = lstatSync(f.authFile);
    expect(stat.isFile()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(record.provider.requests.filter((r) => r.path.endsWith("/responses")).map((r) => r.bearerSha256)).toEqual([sha256Hex(after.access_token)]);
    expectAllClassified(record);
  });

  it("copy is refused for a ChatGPT login, and the test shows why: a copy that refreshes leaves the source's refresh token spent", async () => {
    const { endpoint, mock, login, source, copyAttempt, callsAfterCopyAttempt, record } = await sharedLinkedRun();
    await expect(copyAttempt).rejects.toThrow(CodexHeadlessError);
    expect(callsAfterCopyAttempt).toBe(0);

    // What a copy amounts to: another home holding the same tokens. It refreshes first (the shared run)...
    expect(record.outcome).toBe("ok");
    // ...and the source, untouched on disk, now holds a refresh token the endpoint has already seen.
    expect(tokensIn(source.authFile).refresh_token).toBe(login.refreshToken);
    const stale = await linkedRun(source, mock);
    expect(stale.outcome).not.toBe("ok");
    expect(endpoint.calls.filter((c) => c.refreshTokenSha256 === sha256Hex(login.refreshToken)).map((c) => c.outcome)).toContain("reused");
    expect(stale.stderr.map((s) => s.line).join("\n")).toMatch(/refresh token was already used/);
    expect(tokensIn(source.authFile).refresh_token).toBe(login.refreshToken);
    expect(stale.failure?.kind).toBe("auth");
    expectAllClassified(stale);
  });

  it("four concurrent linked runs on one stale login: one refresh wins, the others re-read the shared file and succeed", async () => {
    const { endpoint, mock } = await servers();
    const login = endpoint.login({ stale: true });
    const f = homeWithLogin("chatgpt-concurrent", login, endpoint);
    const records = await Promise.all(Array.from({ length: 4 }, () => linkedRun(f, mock)));
    expect(records.map((r) => r.outcome)).toEqual(["ok", "ok", "ok", "ok"]);
    // Refresh tokens are single-use: exactly one exchange succeeded; a loser was told "reused".
    expect(endpoint.calls.filter((c) => c.outcome === "issued")).toHaveLength(1);
    const final = sha256Hex(tokensIn(f.authFile).access_token);
    // A loser may first send its expired access token (401) before it re-reads the file; the request
    // that was answered carried the refreshed token.
    for (const record of records) expect(record.provider.requests.filter((r) => r.path.endsWith("/responses")).at(-1)?.bearerSha256).toBe(final);
  });

  it("a login that is not stale is used as is: no refresh", async () => {
    const { endpoint, mock } = await servers();
    const login = endpoint.login();
    const f = homeWithLogin("chatgpt-fresh", login, endpoint);
    const record = await linkedRun(f, mock);
    expect(record.outcome).toBe("ok");
    expect(endpoint.calls).toHaveLength(0);
    expect(readFileSync(f.authFile, "utf8")).toBe(login.authJson);
  });
});
