// Issue 20, case 1: "stalled" means no sign of life from the model, on both transports and both wires
// Codex speaks to it, as seen from Codex's side of the wire (the provider tap), never from our mock.
// `codex exec --json` prints nothing while an answer streams, so a slow healthy answer used to be
// declared stalled at the idle limit; a model that really says nothing must still be. Real pinned
// Codex, mock model; delays and limits kept small so each run takes seconds.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MOCK_PROVIDER_ID } from "../../src/mock/provider-config.js";
import { SLOW_CHUNK } from "../../src/mock/scenarios.js";
import { startMockProvider, type MockProviderOptions } from "../../src/mock/server.js";
import type { RunRecord } from "../../src/run/record.js";
import { runOnce } from "../../src/run/runner.js";
import { startConnectTap, type ConnectTap } from "../../src/transport/connect-tap.js";
import { expectAllClassified } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { makeTestCa, type TestCa } from "../helpers/test-ca.js";

type Wire = "sse" | "websocket";
const WEBSOCKET = [`model_providers.${MOCK_PROVIDER_ID}.supports_websockets=true`];

/** The first model request that asked for an answer (a WebSocket warm-up does not). */
const modelRequest = (record: RunRecord) =>
  record.provider.requests.find((r) => (r.transport === "sse" ? r.method === "POST" && r.path.endsWith("/responses") : r.websocket?.message === "response.create" && r.websocket.generate !== false));

interface SlowOptions {
  delayMs: number;
  chunks: number;
  idleMs: number;
  /** Serve the mock over TLS, trusted by Codex through this CA; `env` is added to the caller's environment. */
  https?: { ca: TestCa; env?: NodeJS.ProcessEnv };
  /** Run Codex in the outer jail, under a policy that lets the CA in. */
  jail?: boolean;
  scenario?: "slow" | "env";
  scenarioOptions?: Record<string, string>;
}

async function slowRun(transport: "exec" | "app-server", wire: Wire, options: SlowOptions): Promise<RunRecord> {
  const f = fixtureHome(`stall-${transport}-${wire}`);
  const scenario = options.scenario ?? "slow";
  const scenarioOptions = options.scenarioOptions ?? { delayMs: String(options.delayMs), chunks: String(options.chunks) };
  const https = options.https;
  let policy: string | undefined;
  if (options.jail && https) {
    policy = path.join(path.dirname(f.cwd), "policy.toml");
    writeFileSync(policy, `[jail]\nenv = ["CODEX_CA_CERTIFICATE"]\nread_paths = [${JSON.stringify(path.dirname(https.ca.caFile))}]\n`);
  }
  const mock = https ? await startMockProvider({ scenario, options: scenarioOptions as MockProviderOptions["options"], tls: { key: https.ca.key, cert: https.ca.cert } }) : undefined;
  const record = await runOnce(
    {
      prompt: "talk slowly",
      provider: "mock",
      scenario,
      scenarioOptions,
      transport,
      idleTimeoutMs: options.idleMs,
      timeoutMs: 60_000,
      cwd: f.cwd,
      config: wire === "websocket" ? WEBSOCKET : [],
      ...(policy ? { jail: true, policy } : {}),
    },
    { env: https ? { ...f.env, CODEX_CA_CERTIFICATE: https.ca.caFile, ...https.env } : f.env, ...(mock ? { mock } : {}) },
  ).finally(() => mock?.close());
  expectAllClassified(record);
  // The wire the test is about is the wire the run took.
  expect(record.provider.requests.some((r) => r.transport === wire), `${record.outcome}: ${record.reason ?? ""}`).toBe(true);
  return record;
}

describe("the idle limit counts the model's bytes, not only Codex's events", () => {
  // 14 events 700 ms apart: the answer streams for about 10 s, longer than the idle limit, while exec
  // prints no event between turn.started and the completed message. The idle limit runs from the
  // spawn, so it must also cover Codex's start-up, which took 6 s on a 2-core machine at load 22.
  // A silent model is asked, then says nothing for 20 s: stalled at the idle limit, long before its
  // first byte. The four runs share one wait (they are concurrent: most of each is waiting).
  it("a healthy slow answer completes and a silent model is still stalled, on both transports and both wires", async () => {
    const idleMs = 8000;
    const healthy = [
      ["exec", "sse"],
      ["app-server", "websocket"],
    ] as const;
    const silent = [
      ["exec", "websocket"],
      ["app-server", "sse"],
    ] as const;
    const records = await Promise.all([
      ...healthy.map(([transport, wire]) => slowRun(transport, wire, { delayMs: 700, chunks: 10, idleMs })),
      ...silent.map(([transport, wire]) => slowRun(transport, wire, { delayMs: 20_000, chunks: 1, idleMs })),
    ]);
    const cases = [...healthy, ...silent].map(([transport, wire]) => `${transport} (${wire})`);
    expect(Object.fromEntries(records.map((r, i) => [cases[i], r.outcome]))).toEqual(Object.fromEntries(cases.map((c, i) => [c, i < healthy.length ? "ok" : "stalled"])));
    for (const record of records.slice(0, healthy.length)) {
      expect(record.finalResponse).toBe(SLOW_CHUNK.repeat(10).trimEnd());
      // It could have failed: the answer took longer than the idle limit.
      expect(record.timings.endMs - modelRequest(record)!.receivedAtMs).toBeGreaterThan(idleMs);
    }
    for (const record of records.slice(healthy.length)) {
      expect(record.reason).toMatch(/^stalled: no progress/);
      const asked = modelRequest(record);
      expect(asked, "the model was never asked: Codex itself stalled").toBeDefined();
      expect(record.timings.endMs - asked!.receivedAtMs).toBeLessThan(20_000);
    }
  });
});

// The same for a provider behind https, as OpenAI's is: its bytes cannot be relayed as plain ones, so
// Codex is given our CONNECT proxy in HTTPS_PROXY and the bytes down the provider's tunnel count
// (transport/connect-tap.ts). The mock is served over TLS with a test CA the pinned Codex trusts
// through CODEX_CA_CERTIFICATE. A user's own proxy is chained, and the tools keep the user's variables.
// In the jail, where our proxy is out of reach, the jail's forwarder to the provider counts the bytes.
describe("an https provider: the idle limit counts its bytes through our CONNECT proxy, or the jail's way out", () => {
  let ca: TestCa;
  let userProxy: ConnectTap;
  beforeAll(async () => {
    ca = makeTestCa();
    // The user's own proxy: a CONNECT proxy that only says which tunnels it carried.
    userProxy = await startConnectTap({ provider: [] });
  });
  afterAll(() => userProxy?.close());

  it("a slow answer completes on exec (through the user's own proxy, whose variables the tools see), on app-server and in the jail; a silent model is still stalled", async () => {
    const idleMs = 8000;
    const [viaUser, appServer, silent, jailed] = await Promise.all([
      // The model asks for `env` twice, the second time in a stream of one event per 5 s: 10 s pass
      // between the first command's end and the second's start, longer than the idle limit, while
      // exec prints no event. The tool's env is what the user's shell would give it.
      slowRun("exec", "sse", { delayMs: 0, chunks: 1, idleMs, scenario: "env", scenarioOptions: { envRuns: "2", envGapMs: "15000" }, https: { ca, env: { HTTPS_PROXY: userProxy.url, NO_PROXY: "example.invalid" } } }),
      // A user whose proxy is in ALL_PROXY: Codex's WebSocket client still takes ours (HTTPS_PROXY).
      slowRun("app-server", "websocket", { delayMs: 700, chunks: 10, idleMs, https: { ca, env: { ALL_PROXY: userProxy.url } } }),
      slowRun("exec", "websocket", { delayMs: 20_000, chunks: 1, idleMs, https: { ca } }),
      // In the jail our proxy is out of reach: the jail's way out to the provider counts the bytes.
      slowRun("exec", "sse", { delayMs: 700, chunks: 10, idleMs, https: { ca }, jail: true }),
    ]);

    expect([viaUser, appServer, silent, jailed].map((r) => `${r.outcome} ${r.reason ?? ""}`.trim())).toEqual(["ok", "ok", expect.stringMatching(/^stalled/), "ok"]);
    expect(viaUser.provider.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(viaUser.provider.tap).toMatchObject({ kind: "proxy", chained: true });
    expect(viaUser.provider.tap!.bytesFromProvider).toBeGreaterThan(0);
    // It could have failed: between the second command's request and the answer's, exec was silent
    // for longer than the idle limit (its events: the first command's end, then the second's start).
    const asks = viaUser.provider.requests.filter((r) => r.method === "POST");
    expect(asks).toHaveLength(3);
    expect(asks[2]!.receivedAtMs - asks[1]!.receivedAtMs).toBeGreaterThan(idleMs);
    // The user's proxy carried the tunnel to the provider.
    const providerPort = (record: RunRecord) => Number(new URL(record.provider.baseUrl!).port);
    expect(userProxy.tunnels()).toContainEqual(expect.objectContaining({ host: "127.0.0.1", port: providerPort(viaUser) }));
    expect(userProxy.tunnels()).toContainEqual(expect.objectContaining({ host: "127.0.0.1", port: providerPort(appServer) }));
    // Codex had our proxy; its tools had the user's variables, and nothing of ours.
    const ours = viaUser.launchEnv.HTTPS_PROXY!;
    expect(ours).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ours).not.toBe(userProxy.url);
    const toolEnv = viaUser.toolEnv!;
    expect(toolEnv.HTTPS_PROXY).toBe(userProxy.url);
    expect(toolEnv.NO_PROXY).toBe("example.invalid");
    expect(toolEnv.https_proxy).toBeUndefined();
    expect(Object.entries(toolEnv).filter(([, value]) => value.includes(ours))).toEqual([]);

    expect(appServer.finalResponse).toBe(SLOW_CHUNK.repeat(10).trimEnd());
    expect(appServer.provider.tap).toMatchObject({ kind: "proxy", chained: true });
    expect(appServer.provider.tap!.bytesFromProvider).toBeGreaterThan(0);
    expect(appServer.timings.endMs - modelRequest(appServer)!.receivedAtMs).toBeGreaterThan(idleMs);

    expect(silent.reason).toMatch(/^stalled: no progress/);
    expect(silent.timings.endMs - modelRequest(silent)!.receivedAtMs).toBeLessThan(20_000);

    expect(jailed.finalResponse).toBe(SLOW_CHUNK.repeat(10).trimEnd());
    expect(jailed.provider.tap).toMatchObject({ kind: "jail" });
    expect(jailed.provider.tap!.bytesFromProvider).toBeGreaterThan(0);
    expect(jailed.timings.endMs - modelRequest(jailed)!.receivedAtMs).toBeGreaterThan(idleMs);
  });
});
