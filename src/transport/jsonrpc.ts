// Newline-delimited JSON-RPC in both directions, as `codex app-server` speaks it over stdio: our
// requests and their responses, the server's notifications, and the server's own requests (approvals),
// which are always answered — with a result, or with an error when nobody handles them — never left
// hanging. Codex omits the "jsonrpc" member, so it is optional here.
import type { Writable } from "node:stream";
import { z } from "zod";

const idSchema = z.union([z.string(), z.number()]);
export type RequestId = z.infer<typeof idSchema>;

const errorObjectSchema = z.object({ code: z.number(), message: z.string(), data: z.unknown().optional() }).loose();

const responseSchema = z.object({ id: idSchema, result: z.unknown() }).loose();
const errorResponseSchema = z.object({ id: idSchema.nullable(), error: errorObjectSchema }).loose();
const requestSchema = z.object({ id: idSchema, method: z.string(), params: z.unknown().optional() }).loose();
const notificationSchema = z.object({ method: z.string(), params: z.unknown().optional() }).loose();

export type Incoming =
  | { kind: "response"; id: RequestId; result: unknown }
  | { kind: "error"; id: RequestId | null; error: z.infer<typeof errorObjectSchema> }
  | { kind: "request"; id: RequestId; method: string; params: unknown }
  | { kind: "notification"; method: string; params: unknown }
  | { kind: "invalid"; reason: string };

/** What one line from the server is. Order matters: a request has both `id` and `method`. */
export function classifyMessage(line: string): Incoming {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: "invalid", reason: "not JSON" };
  }
  // A line without an id can only be a notification: the request schema, which would fail on it and
  // build its issues first, is not tried (most lines of a turn are notifications).
  const hasId = typeof raw === "object" && raw !== null && "id" in raw;
  if (!hasId) {
    const notification = notificationSchema.safeParse(raw);
    if (notification.success) return { kind: "notification", method: notification.data.method, params: notification.data.params };
  }
  const request = hasId ? requestSchema.safeParse(raw) : undefined;
  if (request?.success) return { kind: "request", id: request.data.id, method: request.data.method, params: request.data.params };
  const failed = errorResponseSchema.safeParse(raw);
  if (failed.success) return { kind: "error", id: failed.data.id, error: failed.data.error };
  const response = responseSchema.safeParse(raw);
  if (response.success && "result" in (raw as object)) return { kind: "response", id: response.data.id, result: response.data.result };
  return { kind: "invalid", reason: "neither request, response nor notification" };
}

/** An error the server answered a request with, or the connection ending under a pending request. */
export class JsonRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method}: ${message}`);
    this.name = "JsonRpcError";
  }
}

export const METHOD_NOT_FOUND = -32601;
export const INTERNAL_ERROR = -32603;
/** Our code for "the connection closed before the answer came". */
export const CONNECTION_CLOSED = -32000;

/** Thrown by a request handler to answer with a specific JSON-RPC error. */
export class RpcHandlerError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface JsonRpcHandlers {
  onNotification(method: string, params: unknown): void;
  /** Answers a server request; throw RpcHandlerError to answer with an error. */
  onRequest(method: string, params: unknown, id: RequestId): Promise<unknown>;
  /** A line that was not a JSON-RPC message, or a response nobody waited for. */
  onInvalid(line: string, reason: string): void;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class JsonRpcConnection {
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();
  private closedReason: string | undefined;

  constructor(
    private readonly output: Writable,
    private readonly handlers: JsonRpcHandlers,
  ) {}

  /** Feeds one line read from the server. */
  receive(line: string): void {
    if (!line.trim()) return;
    const message = classifyMessage(line);
    switch (message.kind) {
      case "notification":
        this.handlers.onNotification(message.method, message.params);
        return;
      case "request":
        void this.answer(message.id, message.method, message.params);
        return;
      case "response":
      case "error": {
        const waiting = message.id === null ? undefined : this.pending.get(message.id);
        if (!waiting) {
          this.handlers.onInvalid(line, `response to unknown request id ${String(message.id)}`);
          return;
        }
        this.pending.delete(message.id!);
        if (message.kind === "response") waiting.resolve(message.result);
        else waiting.reject(new JsonRpcError(waiting.method, message.error.code, message.error.message, message.error.data));
        return;
      }
      case "invalid":
        this.handlers.onInvalid(line, message.reason);
    }
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    if (this.closedReason) return Promise.reject(new JsonRpcError(method, CONNECTION_CLOSED, this.closedReason));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      this.write({ id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    this.write(params === undefined ? { method } : { method, params });
  }

  /** The server is gone: every pending request fails with the reason. */
  close(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(new JsonRpcError(waiting.method, CONNECTION_CLOSED, reason));
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private async answer(id: RequestId, method: string, params: unknown): Promise<void> {
    try {
      const result = await this.handlers.onRequest(method, params, id);
      this.write({ id, result });
    } catch (error) {
      const code = error instanceof RpcHandlerError ? error.code : INTERNAL_ERROR;
      this.write({ id, error: { code, message: error instanceof Error ? error.message : String(error) } });
    }
  }

  private write(message: object): void {
    if (this.closedReason || this.output.destroyed || this.output.writableEnded) return;
    this.output.write(`${JSON.stringify(message)}\n`);
  }
}
