// The JSON-RPC layer on its own: message kinds, server requests always answered, pending requests
// failed when the connection ends.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { classifyMessage, JsonRpcConnection, JsonRpcError, METHOD_NOT_FOUND, RpcHandlerError } from "../../src/transport/jsonrpc.js";

function connection(onRequest: (method: string) => Promise<unknown>) {
  const out = new PassThrough();
  const written: unknown[] = [];
  out.on("data", (chunk: Buffer) => chunk.toString().trim().split("\n").forEach((line) => written.push(JSON.parse(line))));
  const notifications: string[] = [];
  const invalid: string[] = [];
  const rpc = new JsonRpcConnection(out, { onNotification: (m) => notifications.push(m), onRequest: (m) => onRequest(m), onInvalid: (_l, r) => invalid.push(r) });
  return { rpc, written, notifications, invalid };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("JSON-RPC", () => {
  it("tells requests, notifications, responses and errors apart (Codex omits the jsonrpc member)", () => {
    expect(classifyMessage('{"id":0,"method":"item/commandExecution/requestApproval","params":{}}').kind).toBe("request");
    expect(classifyMessage('{"method":"turn/started","params":{}}').kind).toBe("notification");
    expect(classifyMessage('{"id":3,"result":{"ok":true}}').kind).toBe("response");
    expect(classifyMessage('{"id":3,"error":{"code":-32600,"message":"bad"}}').kind).toBe("error");
    expect(classifyMessage("not json").kind).toBe("invalid");
  });

  it("resolves a request with its response and rejects one answered with an error", async () => {
    const c = connection(async () => null);
    const ok = c.rpc.request("thread/start", {});
    const bad = c.rpc.request("thread/resume", {});
    c.rpc.receive('{"id":1,"result":{"thread":{"id":"t"}}}');
    c.rpc.receive('{"id":2,"error":{"code":-32600,"message":"no rollout found"}}');
    expect(await ok).toEqual({ thread: { id: "t" } });
    await expect(bad).rejects.toThrow(new JsonRpcError("thread/resume", -32600, "no rollout found"));
  });

  it("answers every server request: a result, or an error when the handler cannot", async () => {
    const c = connection(async (method) => {
      if (method === "known") return { decision: "decline" };
      throw new RpcHandlerError(METHOD_NOT_FOUND, `no handler for ${method}`);
    });
    c.rpc.receive('{"id":7,"method":"known","params":{}}');
    c.rpc.receive('{"id":8,"method":"mystery/request","params":{}}');
    await tick();
    expect(c.written).toEqual([
      { id: 7, result: { decision: "decline" } },
      { id: 8, error: { code: METHOD_NOT_FOUND, message: "no handler for mystery/request" } },
    ]);
  });

  it("fails pending requests when the connection closes, and refuses new ones", async () => {
    const c = connection(async () => null);
    const pending = c.rpc.request("turn/start", {});
    c.rpc.close("codex app-server exited (code 1)");
    await expect(pending).rejects.toThrow(/turn\/start: codex app-server exited \(code 1\)/);
    await expect(c.rpc.request("turn/start", {})).rejects.toThrow(/exited/);
    expect(c.rpc.pendingCount).toBe(0);
  });

  it("reports a response to a request it never sent", () => {
    const c = connection(async () => null);
    c.rpc.receive('{"id":99,"result":{}}');
    expect(c.invalid).toEqual(["response to unknown request id 99"]);
  });
});
