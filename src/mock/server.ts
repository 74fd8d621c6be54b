// The scripted Responses provider: a real HTTP server on 127.0.0.1 and an ephemeral port. It records
// every request (bearer token replaced by its SHA-256, never stored) and answers as the scenario says.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { z } from "zod";
import { readConversation, responsesRequestSchema } from "./conversation.js";
import { actFor, scenarioNameSchema, scenarioOptionsSchema, type MockAction, type ScenarioName, type ScenarioOptions } from "./scenarios.js";
import { encodeSse } from "./sse.js";

export const capturedRequestSchema = z.object({
  method: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.string()),
  /** Full hex SHA-256 of the bearer token, when one was sent. */
  bearerSha256: z.string().optional(),
  body: z.unknown(),
  receivedAtMs: z.number(),
});
export type CapturedRequest = z.infer<typeof capturedRequestSchema>;

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
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function captureHeaders(headers: http.IncomingHttpHeaders): { headers: Record<string, string>; bearerSha256?: string } {
  const out: Record<string, string> = {};
  let bearerSha256: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const text = Array.isArray(value) ? value.join(", ") : (value ?? "");
    if (name === "authorization") {
      const token = /^Bearer\s+(.+)$/i.exec(text)?.[1];
      bearerSha256 = token ? sha256Hex(token) : undefined;
      out[name] = token ? `Bearer sha256:${bearerSha256}` : "<redacted>";
    } else if (/api[-_]?key|token|secret|cookie/i.test(name)) {
      out[name] = `sha256:${sha256Hex(text)}`;
    } else {
      out[name] = text;
    }
  }
  return bearerSha256 ? { headers: out, bearerSha256 } : { headers: out };
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function respond(action: MockAction, res: http.ServerResponse, socket: Socket): void {
  switch (action.kind) {
    case "status":
      res.writeHead(action.status, { "content-type": "application/json", ...action.headers });
      res.end(JSON.stringify(action.body));
      return;
    case "no-headers":
      // Hold the connection open and say nothing: Codex waits for headers.
      return;
    case "malformed":
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end("event: response.created\ndata: {this is not json\n\ndata: ]]]\n\n");
      return;
    case "sse": {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const events = action.cutAfter === undefined ? action.events : action.events.slice(0, action.cutAfter);
      const finish = () => (action.cutAfter === undefined ? res.end() : socket.destroy());
      if (!action.delayMs) {
        for (const event of events) res.write(encodeSse(event));
        finish();
        return;
      }
      let index = 0;
      const timer = setInterval(() => {
        if (res.destroyed || index >= events.length) {
          clearInterval(timer);
          if (!res.destroyed) finish();
          return;
        }
        res.write(encodeSse(events[index++]!));
      }, action.delayMs);
      res.on("close", () => clearInterval(timer));
      return;
    }
  }
}

export async function startMockProvider(config: MockProviderOptions): Promise<MockProvider> {
  const scenario = scenarioNameSchema.parse(config.scenario);
  const options = scenarioOptionsSchema.parse(config.options ?? {});
  const requests: CapturedRequest[] = [];

  if (scenario === "fault-refuse") {
    // A port that was free a moment ago and that nobody listens on: connections are refused.
    const port = await freePort();
    return { baseUrl: `http://127.0.0.1:${port}/v1`, scenario, requests, close: async () => {} };
  }

  let attempts = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
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
      requests.push({ method: req.method ?? "", path, ...captureHeaders(req.headers), body, receivedAtMs: Date.now() });
      if (req.method !== "POST" || !path.endsWith("/responses")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `mock provider: no route ${req.method} ${path}` } }));
        return;
      }
      attempts += 1;
      const bearer = requests.at(-1)?.bearerSha256;
      const expected = config.expectedBearerSha256;
      if (expected !== undefined && !(typeof expected === "function" ? expected(bearer) : bearer === expected)) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: bearer ? "mock: incorrect API key provided" : "mock: no API key provided (not authenticated)", type: "invalid_request_error", code: "invalid_api_key" } }));
        return;
      }
      const parsed = responsesRequestSchema.safeParse(body);
      if (!parsed.success) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "mock provider: request body is not a Responses request" } }));
        return;
      }
      const action = actFor(scenario, {
        conversation: readConversation(parsed.data),
        options,
        attempt: attempts,
        responseId: `resp_${attempts}`,
      });
      respond(action, res, req.socket);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    scenario,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
