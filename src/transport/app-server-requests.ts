// A `codex app-server` for a few requests that are not turns (the home template's builder, the lab's
// thread deletion): started in its own process group with stdin as its control channel, initialized,
// used, then told to end (stdin closed) and stopped as a group if it has not exited within the
// deadline. Turns go through AppServerSession (app-server.ts), which maps their events.
import type { ClientInfo } from "../codex/generated/ClientInfo.js";
import { spawnGroup, type ChildExit } from "../process/spawn.js";
import { readLines } from "./jsonl.js";
import { JsonRpcConnection, METHOD_NOT_FOUND, RpcHandlerError } from "./jsonrpc.js";

export interface AppServerRequestsOptions {
  cwd: string;
  /** The server's whole environment (nothing of this process's is added). */
  env: NodeJS.ProcessEnv;
  clientInfo: ClientInfo;
  /** Deadline for the whole exchange and the server's exit, ms. */
  timeoutMs?: number;
}

/** What the exchange came to: `value` when `use` returned, `error` when it or initialize threw, and
 *  how the server exited (code 0 when it ended by itself after stdin closed). */
export interface AppServerRequestsResult<T> {
  value?: T;
  error?: unknown;
  exit: ChildExit;
}

/** Sends one request; rejects with JsonRpcError when the server answers with an error. */
export type AppServerRequest = <R = unknown>(method: string, params: unknown) => Promise<R>;

/** Sends requests to a fresh `codex app-server` (binary `codexPath`) through `use`, which gets a
 *  request function (rejects with JsonRpcError on an error answer). The server's own requests are
 *  answered with "method not found"; its notifications are dropped. Never throws. */
export async function withAppServer<T>(
  codexPath: string,
  options: AppServerRequestsOptions,
  use: (request: AppServerRequest) => Promise<T>,
): Promise<AppServerRequestsResult<T>> {
  const server = spawnGroup(codexPath, ["app-server"], { cwd: options.cwd, env: options.env, keepStdin: true, dieWithParent: true });
  const rpc = new JsonRpcConnection(server.child.stdin!, {
    onNotification: () => {},
    onRequest: async () => {
      throw new RpcHandlerError(METHOD_NOT_FOUND, `${options.clientInfo.name} answers no request`);
    },
    onInvalid: () => {},
  });
  const streams = Promise.all([readLines(server.stdout, (line) => rpc.receive(line)), readLines(server.stderr, () => {})]);
  void server.exited.then(() => rpc.close("codex app-server exited"));
  const watchdog = setTimeout(() => void server.terminate(), options.timeoutMs ?? 30_000);
  let outcome: { value: T } | { error: unknown };
  try {
    await rpc.request("initialize", { clientInfo: options.clientInfo });
    rpc.notify("initialized");
    outcome = { value: await use((method, params) => rpc.request(method, params)) };
    server.child.stdin!.end();
    await server.exited;
  } catch (error) {
    outcome = { error };
  } finally {
    clearTimeout(watchdog);
    await server.terminate();
    await Promise.race([streams, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
  return { ...outcome, exit: await server.exited };
}
