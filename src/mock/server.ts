// The scripted Responses provider: a real HTTP server on 127.0.0.1 and an ephemeral port. It records
// every request (bearer token replaced by its SHA-256, never stored) and answers as the scenario says,
// on either wire Codex speaks: HTTP with server-sent events (sse.ts) or the Responses WebSocket
// (websocket.ts). One decision per model request, two encodings.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { captureHeaders, type CapturedRequest, type Decide } from "./capture.js";
import { readConversation, responsesRequestSchema } from "./conversation.js";
import { actFor, parseScenarioOptions, scenarioNameSchema, type MockAction, type ScenarioName, type ScenarioOptions } from "./scenarios.js";
import { respondSse } from "./sse.js";
import { attachWebSocket } from "./websocket.js";

export { capturedRequestSchema, sha256Hex, type CapturedRequest } from "./capture.js";

export interface MockProvider {
  baseUrl: string;
  scenario: ScenarioName;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

export interface MockProviderOptions {
  scenario: ScenarioName;
  options?: Partial<Record<keyof ScenarioOptions, string | number>>;
  port?: number;
  /** When set, a request whose bearer token does not hash to this (or that the predicate rejects, by
   *  hash) gets a 401, as the real service would. */
  expectedBearerSha256?: string | ((bearerSha256: string | undefined) => boolean);
  /** Answer every Responses WebSocket upgrade with this HTTP status instead of serving it: 404 is a
   *  server without the WebSocket path (most proxies; the mock before it spoke WebSocket), 426 one
   *  that says "use HTTP". Default: the WebSocket path is served. */
  refuseWebSocket?: number;
  /** The address to listen on (default 127.0.0.1): a test that reaches the mock by a host name
   *  listens where that name resolves on this machine. */
  host?: string;
  /** Serve over TLS with this key and certificate (PEM): an https provider, as the real one is, for
   *  tests of what Codex does on that wire (its client trusts a test CA through CODEX_CA_CERTIFICATE). */
  tls?: { key: string; cert: string };
  /** Let the process exit while the mock waits: neither the listening server nor a connection to it
   *  holds Node's event loop. A library thread keeps its mock between turns, and a script that never
   *  closes its thread must still end (the SDK has no close); during a turn the Codex child holds it. */
  unref?: boolean;
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startMockProvider(config: MockProviderOptions): Promise<MockProvider> {
  const scenario = scenarioNameSchema.parse(config.scenario);
  const options = parseScenarioOptions(scenario, config.options ?? {});
  const requests: CapturedRequest[] = [];

  if (scenario === "fault-refuse") {
    // A port that was free a moment ago and that nobody listens on: connections are refused.
    const port = await freePort();
    return { baseUrl: `http://127.0.0.1:${port}/v1`, scenario, requests, close: async () => {} };
  }

  let attempts = 0;
  const decide: Decide = (body, bearer) => {
    attempts += 1;
    const expected = config.expectedBearerSha256;
    if (expected !== undefined && !(typeof expected === "function" ? expected(bearer) : bearer === expected)) {
      return {
        kind: "status",
        status: 401,
        body: { error: { message: bearer ? "mock: incorrect API key provided" : "mock: no API key provided (not authenticated)", type: "invalid_request_error", code: "invalid_api_key" } },
      };
    }
    const parsed = responsesRequestSchema.safeParse(body);
    if (!parsed.success) return { kind: "status", status: 400, body: { error: { message: "mock provider: request body is not a Responses request" } } };
    return actFor(scenario, { conversation: readConversation(parsed.data), options, attempt: attempts, responseId: `resp_${attempts}` });
  };
  const sockets = new Set<Socket>();
  const host = config.host ?? "127.0.0.1";
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        // keep the raw text: a malformed request is itself evidence
      }
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const captured: CapturedRequest = { method: req.method ?? "", path, ...captureHeaders(req.headers), body, receivedAtMs: Date.now(), transport: "sse" };
      requests.push(captured);
      if (req.method !== "POST" || !path.endsWith("/responses")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `mock provider: no route ${req.method} ${path}` } }));
        return;
      }
      respondSse(decide(body, captured.bearerSha256), res, req.socket);
    });
  };
  // An https server is an http server over TLS: same requests, same upgrades, same socket events.
  // node:https (with node:tls) is loaded only for one: loading both cost every plain mock ~6 M
  // instructions of a ~520 M CLI run (valgrind, median of 3), and only tests ask for TLS.
  const server: http.Server = config.tls ? ((await import("node:https")).default.createServer({ key: config.tls.key, cert: config.tls.cert }, handler) as unknown as http.Server) : http.createServer(handler);
  const websocket = attachWebSocket(server, { decide, record: (request) => requests.push(request), ...(config.refuseWebSocket === undefined ? {} : { refuseWith: config.refuseWebSocket }) });
  server.on("connection", (socket) => {
    // Codex on app-server keeps its WebSocket to the provider open while its thread is idle.
    if (config.unref) socket.unref();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  if (config.unref) server.unref();
  return {
    baseUrl: `${config.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}/v1`,
    scenario,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        websocket.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
