// The provider tap on its own: bytes pass untouched both ways (an event stream and a WebSocket), each
// chunk from the provider is a sign of life, and a dead provider ends the connection instead of
// hanging it. The tap under the real Codex: stall.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { startProviderTap, tappable, type ProviderTap } from "../../src/transport/provider-tap.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function provider(): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    let n = 0;
    const timer = setInterval(() => {
      res.write(`data: ${n}\n\n`);
      if (++n === 3) {
        clearInterval(timer);
        res.end();
      }
    }, 30);
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => ws.on("message", (data) => ws.send(`echo ${String(data)}`)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

async function tapOf(baseUrl: string): Promise<ProviderTap> {
  const tap = await startProviderTap(baseUrl);
  cleanups.push(() => tap.close());
  return tap;
}

describe("provider tap", () => {
  it("relays an event stream untouched and reports the provider's chunks as signs of life", async () => {
    const base = await provider();
    const tap = await tapOf(base);
    expect(tap.url).not.toBe(base);
    expect(new URL(tap.url).pathname).toBe("/v1");
    let signs = 0;
    const unsubscribe = tap.subscribe(() => (signs += 1));
    const body = await (await fetch(`${tap.url}/responses`, { method: "POST" })).text();
    expect(body).toBe("data: 0\n\ndata: 1\n\ndata: 2\n\n");
    expect(signs).toBeGreaterThanOrEqual(2);
    expect(tap.bytesFromProvider).toBeGreaterThan(body.length);
    unsubscribe();
    const before = signs;
    await (await fetch(`${tap.url}/responses`, { method: "POST" })).text();
    expect(signs).toBe(before);
  });

  it("relays a WebSocket upgrade and its messages", async () => {
    const tap = await tapOf(await provider());
    let signs = 0;
    tap.subscribe(() => (signs += 1));
    const ws = new WebSocket(`${tap.url.replace(/^http/, "ws")}/responses`);
    cleanups.push(() => ws.terminate());
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const reply = new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));
    ws.send("response.create");
    expect(await reply).toBe("echo response.create");
    expect(signs).toBeGreaterThanOrEqual(2); // the upgrade's answer, then the message
  });

  it("ends the connection when the provider cannot be reached, and taps only plain http", async () => {
    const gone = await provider();
    await cleanups.pop()!(); // the provider is closed: nobody listens on its port now
    const tap = await tapOf(gone);
    const failure = await fetch(`${tap.url}/responses`, { method: "POST", signal: AbortSignal.timeout(5000) }).then(() => undefined, (error: unknown) => error as Error);
    // Ended by the tap, not by our deadline.
    expect(failure?.name).toBe("TypeError");
    expect(tap.bytesFromProvider).toBe(0);
    expect(tappable("https://api.openai.com/v1")).toBe(false);
    expect(tappable(gone)).toBe(true);
    await expect(startProviderTap("https://api.openai.com/v1")).rejects.toThrow(/only http/);
  });
});
