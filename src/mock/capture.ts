// What the mock records of each request, whichever wire it came on: method, path, headers with
// secrets replaced by their SHA-256 (never stored), the body, and the transport.
import { createHash } from "node:crypto";
import type http from "node:http";
import { z } from "zod";
import type { MockAction } from "./scenarios.js";

/** A message that came on a Responses WebSocket, as Codex 0.169.0 sends it: one `response.create`
 *  per model request on a connection it keeps for the session, with only the input items after
 *  `previous_response_id` (the mock's `body.input` holds the whole conversation, expanded), and a
 *  first `generate: false` request that only warms the connection up. Measured on 0.169.0; source:
 *  https://github.com/openai/codex/blob/rust-v0.169.0/codex-rs/codex-api/src/endpoint/responses_websocket.rs
 *  and `ResponsesWsRequest` in codex-rs/codex-api/src/common.rs. */
export const websocketCaptureSchema = z.lazy(() =>
  z.object({
    /** The message's `type` (`response.create`, ...), or "upgrade" for an upgrade the mock refused. */
    message: z.string(),
    previousResponseId: z.string().optional(),
    /** How many input items the message itself carried (before the mock expanded the history). */
    sentInputItems: z.number().optional(),
    /** `generate: false`: a warm-up, answered with an empty response; not a model turn. */
    generate: z.boolean().optional(),
    /** The HTTP status an upgrade was refused with. */
    refusedWith: z.number().optional(),
  }),
);
export type WebsocketCapture = z.infer<typeof websocketCaptureSchema>;

// Both built on first use (z.lazy): only a record's schema and the lab read them, never a run
// before Codex is spawned.
export const capturedRequestSchema = z.lazy(() =>
  z.object({
    /** The HTTP method; "WS" for a message on a WebSocket. */
    method: z.string(),
    path: z.string(),
    headers: z.record(z.string(), z.string()),
    /** Full hex SHA-256 of the bearer token, when one was sent. */
    bearerSha256: z.string().optional(),
    body: z.unknown(),
    receivedAtMs: z.number(),
    /** The wire it came on: "sse" for a plain HTTP request (the server-sent-events path), "websocket"
     *  for an upgrade or a message on a Responses WebSocket. Absent in records made before the mock
     *  spoke WebSocket (all of those came over HTTP). */
    transport: z.enum(["sse", "websocket"]).optional(),
    /** For "websocket": what the message was. */
    websocket: websocketCaptureSchema.optional(),
  }),
);
export type CapturedRequest = z.infer<typeof capturedRequestSchema>;

/** Decides the answer to one model request, whatever wire it came on. */
export type Decide = (body: unknown, bearerSha256: string | undefined) => MockAction;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function captureHeaders(headers: http.IncomingHttpHeaders): { headers: Record<string, string>; bearerSha256?: string } {
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
