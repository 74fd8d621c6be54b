// The WebSocket encoding of the mock's answers: the Responses API over a WebSocket, the wire Codex
// tries first for a provider that says `supports_websockets` (the built-in `openai` provider does;
// custom providers do not unless told). Codex 0.169.0 opens `GET <base_url>/responses` with
// `Upgrade: websocket` and `OpenAI-Beta: responses_websockets=2026-02-06`, sends one JSON text message
// `{"type":"response.create", ...Responses request}` per model request and reads back the same events
// the SSE path carries, one JSON text message each, until `response.completed`. It keeps the
// connection for the session and sends only the input after `previous_response_id`; its first
// message is a `generate: false` warm-up. An error comes back as `{"type":"error","status":N,...}`.
// Sources: codex-rs/codex-api/src/endpoint/responses_websocket.rs (client, wrapped errors) and
// codex-rs/core/src/client.rs (`get_incremental_items`, fallback to HTTP) at
// https://github.com/openai/codex/tree/rust-v0.169.0 ; the message shapes were measured on 0.169.0.
import http from "node:http";
import type { Duplex } from "node:stream";
import type { RawData, WebSocket, WebSocketServer } from "ws";
import { captureHeaders, type CapturedRequest, type Decide } from "./capture.js";
import { responseCompleted, responseCreated, type ResponseEvent } from "./events.js";
import { eventsSent, streamedEvents, type MockAction } from "./scenarios.js";

export interface WebSocketOptions {
  decide: Decide;
  record(request: CapturedRequest): void;
  /** Refuse every upgrade with this HTTP status instead of serving it. */
  refuseWith?: number;
}

/** The method recorded for a message that came on a WebSocket (there is no HTTP method per message). */
const WEBSOCKET_MESSAGE_METHOD = "WS";

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { message } });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Error"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function parseMessage(data: RawData): Record<string, unknown> | string {
  const text = Buffer.isBuffer(data) ? data.toString("utf8") : Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data).toString("utf8");
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : text;
  } catch {
    return text;
  }
}

const outputItems = (events: ResponseEvent[]): unknown[] => events.filter((event) => event.type === "response.output_item.done").map((event) => event.item);
const responseIdOf = (events: ResponseEvent[]): string | undefined => (events.find((event) => event.type === "response.created")?.response as { id?: string } | undefined)?.id;

/** Serves the Responses WebSocket on `server`'s upgrade requests. Returns a closer for the mock's
 *  shutdown (it ends every open connection). */
export function attachWebSocket(server: http.Server, options: WebSocketOptions): { close(): void } {
  // The ws library is loaded on the first upgrade, not with the mock: a custom provider (what every
  // mock run configures) never asks for a WebSocket, and `codex-headless run` spawned Codex later for
  // compiling it.
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  let closed = false;
  const websocketServer = () => (loading ??= import("ws").then(({ WebSocketServer }) => (wss = new WebSocketServer({ noServer: true, perMessageDeflate: false }))));
  // Each response's whole conversation (its input, then its output), so that a message carrying only
  // the items after `previous_response_id` is read as the conversation it continues.
  const history = new Map<string, unknown[]>();
  let warmups = 0;

  const serve = (ws: WebSocket, upgrade: Omit<CapturedRequest, "body" | "receivedAtMs" | "method">) => {
    const send = (event: ResponseEvent) => ws.send(JSON.stringify(event));
    const encode = (action: MockAction, input: unknown[]) => {
      switch (action.kind) {
        case "status":
          // Codex reads `status` and `headers` of an `error` message as it reads an HTTP error response.
          send({ type: "error", status: action.status, error: (action.body as { error?: unknown }).error ?? action.body, ...(action.headers ? { headers: action.headers } : {}) });
          return;
        case "no-headers":
          // Say nothing: Codex waits for its idle timeout.
          return;
        case "malformed":
          ws.send("{this is not json");
          ws.send("]]]");
          ws.close(1011, "mock: malformed stream");
          return;
        case "stream": {
          const id = responseIdOf(action.events);
          let onClose: (() => void) | undefined;
          const finish = () => {
            if (onClose) ws.off("close", onClose);
            if (action.cutAfter !== undefined) ws.terminate();
            else if (id) history.set(id, [...input, ...outputItems(eventsSent(action))]);
          };
          const stop = streamedEvents(action, send, finish, () => ws.readyState !== ws.OPEN);
          // A slow stream outlives this call: stop it if the peer goes (one listener per stream, removed
          // when it ends, since one connection carries every request of a session).
          if (action.delayMs) ws.once("close", (onClose = stop));
          return;
        }
      }
    };

    ws.on("message", (data) => {
      const message = parseMessage(data);
      const entry: CapturedRequest = { method: WEBSOCKET_MESSAGE_METHOD, ...upgrade, body: message, receivedAtMs: Date.now(), transport: "websocket", websocket: { message: typeof message === "string" ? "unparsed" : String(message.type) } };
      options.record(entry);
      if (typeof message === "string" || message.type !== "response.create") return;
      const sent = Array.isArray(message.input) ? (message.input as unknown[]) : [];
      const previous = typeof message.previous_response_id === "string" ? message.previous_response_id : undefined;
      entry.websocket = { ...entry.websocket!, sentInputItems: sent.length, ...(previous ? { previousResponseId: previous } : {}), ...(message.generate === false ? { generate: false } : {}) };
      const prior = previous === undefined ? [] : history.get(previous);
      if (prior === undefined) {
        send({ type: "error", status: 400, error: { type: "invalid_request_error", code: "previous_response_not_found", message: `mock: previous response ${previous} not found` } });
        return;
      }
      const input = [...prior, ...sent];
      entry.body = { ...message, input };
      if (message.generate === false) {
        const id = `resp_warmup_${++warmups}`;
        history.set(id, input);
        send(responseCreated(id));
        send(responseCompleted(id, { input_tokens: 0, output_tokens: 0 }));
        return;
      }
      encode(options.decide(entry.body, entry.bearerSha256), input);
    });
  };

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const upgrade = { path, ...captureHeaders(req.headers), transport: "websocket" as const };
    const refusal = !path.endsWith("/responses") ? 404 : options.refuseWith;
    if (refusal !== undefined) {
      options.record({ method: req.method ?? "GET", ...upgrade, body: null, receivedAtMs: Date.now(), websocket: { message: "upgrade", refusedWith: refusal } });
      refuseUpgrade(socket, refusal, `mock provider: no WebSocket on ${path}`);
      return;
    }
    // Until ws takes the socket over (it listens for errors from then on), a reset is not a crash.
    const onError = () => socket.destroy();
    socket.on("error", onError);
    websocketServer().then(
      (server) => {
        socket.off("error", onError);
        if (closed) socket.destroy();
        else server.handleUpgrade(req, socket, head, (ws) => serve(ws, upgrade));
      },
      () => socket.destroy(),
    );
  });

  return {
    close() {
      closed = true;
      if (!wss) return;
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
