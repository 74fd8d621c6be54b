// The certificate authorities Codex trusts for its provider connection are read on the host from
// the file CODEX_CA_CERTIFICATE (or SSL_CERT_FILE) names. Red teams 29 and 30 left it open: with that
// file where a sandboxed run can write, a workspace-write run replaces it, and the next run's Codex
// takes the run's own authority for the provider's (whoever holds a network position can then read
// the key and steer the model). The gate judged where git and Codex write, and the programs they start,
// not the trust anchors they read. Here a workspace-write run writes `ca.pem` (a CA of its own, the
// test's), and the next run, pointed at it, reached a provider that authority vouches for.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnce } from "../../src/index.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { startMockProvider, type MockProvider } from "../../src/mock/server.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";
import { makeTestCa, type TestCa } from "../helpers/test-ca.js";

describe("a certificate authority file a sandboxed run can write", () => {
  const f = fixtureHome("trust-anchor", { gitCeiling: true, seededState: true });
  let ca: TestCa;
  let mock: MockProvider;
  const planted = path.join(f.cwd, "ca.pem");

  beforeAll(async () => {
    ca = makeTestCa();
    mock = await startMockProvider({ scenario: "hello", tls: { key: ca.key, cert: ca.cert } });
    const plant = await runShell(f, f.env, `cp ${ca.caFile} ca.pem && echo planted`, ["--sandbox", "workspace-write"]);
    expect(plant.code).toBe(0);
  }, 120_000);
  afterAll(() => mock?.close());

  it.each(["CODEX_CA_CERTIFICATE", "SSL_CERT_FILE"])("named by %s: the next run is refused before Codex starts (trust anchor location)", async (variable) => {
    const run = runOnce({ prompt: "hello?", provider: "mock", scenario: "hello", cwd: f.cwd, sandbox: "read-only", timeoutMs: 60_000 }, { env: { ...f.env, [variable]: planted }, mock });
    const error = await run.then(
      (record) => new Error(`ran: ${record.outcome} ${record.reason ?? ""}`),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("refused");
    expect((error as Error).message).toMatch(new RegExp(`trust anchor location.*${variable} names ${planted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(mock.requests.length).toBe(0);
  }, 120_000);
});
