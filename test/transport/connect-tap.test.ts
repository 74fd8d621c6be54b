// The https provider tap on its own: a CONNECT proxy that passes bytes untouched, counts only the
// provider's, chains through a user's proxy except where their NO_PROXY says not to, and the
// environment changes that put it in Codex's way and keep it from the tools. Under the real Codex:
// stall.test.ts.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { overridePairs } from "../../src/codex/config-overrides.js";
import { policySchema } from "../../src/safety/policy.js";
import { restoreForTools } from "../../src/safety/overrides.js";
import { chainable, codexProxyEnv, noProxyMatches, startConnectTap, userHttpsProxy, type ConnectTap } from "../../src/transport/connect-tap.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server that answers each connection with "hello <first bytes it got>". */
async function echoServer(): Promise<number> {
  const server = net.createServer((socket) => socket.once("data", (data) => socket.write(`hello ${String(data)}`)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** The user's own proxy, written apart from ours: it keeps each CONNECT request's head, then tunnels. */
async function userProxy(): Promise<{ url: string; heads: string[] }> {
  const heads: string[] = [];
  const server = net.createServer((client) => {
    let head = "";
    const onData = (chunk: Buffer) => {
      head += String(chunk);
      if (!head.includes("\r\n\r\n")) return;
      client.off("data", onData);
      heads.push(head);
      const [host, port] = head.split(" ")[1]!.split(":");
      const upstream = net.connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 OK\r\n\r\n");
        client.pipe(upstream).pipe(client);
      });
      upstream.on("error", () => client.destroy());
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, heads };
}

async function tap(options: Parameters<typeof startConnectTap>[0]): Promise<ConnectTap> {
  const started = await startConnectTap(options);
  cleanups.push(() => started.close());
  return started;
}

/** Opens a tunnel through `proxyUrl` to `target`, sends `hello`-bait, returns the proxy's status line
 *  and what came back through the tunnel. */
async function through(proxyUrl: string, target: string, headers = ""): Promise<{ status: string; body: string }> {
  const proxy = new URL(proxyUrl);
  const socket = net.connect(Number(proxy.port), proxy.hostname);
  cleanups.push(() => void socket.destroy());
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${headers}\r\n`);
  let text = "";
  return new Promise((resolve) => {
    socket.on("data", (chunk: Buffer) => {
      text += String(chunk);
      const end = text.indexOf("\r\n\r\n");
      if (end === -1) return;
      const status = text.slice(0, text.indexOf("\r\n"));
      if (!status.includes(" 200 ")) return resolve({ status, body: "" });
      if (text.length === end + 4) socket.write("bait");
      else resolve({ status, body: text.slice(end + 4) });
    });
    socket.on("close", () => resolve({ status: text.slice(0, text.indexOf("\r\n")), body: "" }));
  });
}

describe("connect tap", () => {
  it("counts only the provider's bytes, chains through the user's proxy with its credentials, and goes direct where NO_PROXY says", async () => {
    const provider = await echoServer();
    const other = await echoServer();
    const user = await userProxy();
    const ours = await tap({ provider: [{ host: "127.0.0.1", port: provider }], upstream: user.url.replace("//", "//alice:p%40ss@"), noProxy: "localhost" });
    let signs = 0;
    ours.subscribe(() => (signs += 1));

    expect(await through(ours.url, `127.0.0.1:${provider}`)).toEqual({ status: "HTTP/1.1 200 Connection Established", body: "hello bait" });
    expect(ours.bytesFromProvider).toBe("hello bait".length);
    expect(signs).toBeGreaterThan(0);
    const counted = signs;
    expect(await through(ours.url, `127.0.0.1:${other}`)).toMatchObject({ body: "hello bait" });
    expect(ours.bytesFromProvider).toBe("hello bait".length);
    expect(signs).toBe(counted);
    // localhost is exempt: straight there, not through the user's proxy.
    expect(await through(ours.url, `localhost:${other}`)).toMatchObject({ body: "hello bait" });
    expect(ours.tunnels()).toEqual([
      { host: "127.0.0.1", port: provider, counted: true, via: "upstream" },
      { host: "127.0.0.1", port: other, counted: false, via: "upstream" },
      { host: "localhost", port: other, counted: false, via: "direct" },
    ]);
    // The credentials in the user's proxy URL went along, decoded, as Basic Proxy-Authorization.
    const basic = `Proxy-Authorization: Basic ${Buffer.from("alice:p@ss").toString("base64")}`;
    expect(user.heads).toEqual([`CONNECT 127.0.0.1:${provider} HTTP/1.1`, `CONNECT 127.0.0.1:${other} HTTP/1.1`].map((line) => expect.stringMatching(new RegExp(`^${line}\r\n[^]*${basic}\r\n`))));
  });

  it("answers 502 when the user's proxy refuses, and 400 to a CONNECT without a port", async () => {
    const refusing = net.createServer((socket) => socket.once("data", () => socket.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")));
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
    const ours = await tap({ provider: [], upstream: `127.0.0.1:${(refusing.address() as net.AddressInfo).port}` });
    expect((await through(ours.url, "example.invalid:443")).status).toBe("HTTP/1.1 502 Bad Gateway");
    expect((await through(ours.url, "example.invalid")).status).toBe("HTTP/1.1 400 Bad Request");
  });

  it("reads the user's proxy and NO_PROXY as Codex does", () => {
    expect(userHttpsProxy({ ALL_PROXY: "http://all:1", https_proxy: "http://lower:1" })).toBe("http://lower:1");
    expect(userHttpsProxy({ HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:1" })).toBe("http://upper:1");
    expect(userHttpsProxy({ HTTP_PROXY: "http://plain:1" })).toBeUndefined();
    expect([chainable("proxy.corp:3128"), chainable("http://proxy.corp:3128"), chainable("socks5://proxy.corp:1080"), chainable("https://proxy.corp")]).toEqual([true, true, false, false]);
    const cases: Array<[string, string, boolean]> = [
      ["*", "api.openai.com", true],
      ["openai.com", "api.openai.com", true],
      [".openai.com", "api.openai.com", true],
      ["*.openai.com", "openai.com", true],
      ["penai.com", "api.openai.com", false],
      ["10.0.0.0/8", "10.1.2.3", true],
      ["10.0.0.0/8", "11.1.2.3", false],
      ["127.0.0.1", "127.0.0.1", true],
      ["::1", "[::1]", true],
      ["example.invalid, 127.0.0.1", "127.0.0.1", true],
    ];
    expect(cases.map(([list, host]) => noProxyMatches(list, host))).toEqual(cases.map(([, , expected]) => expected));
  });

  it("puts our proxy in Codex's environment and takes out the NO_PROXY entries that would bypass it for the provider", () => {
    const provider = [{ host: "api.openai.com", port: 443 }];
    expect(codexProxyEnv({ HTTPS_PROXY: "http://corp:3128", NO_PROXY: "localhost,.openai.com", no_proxy: "*" }, "http://127.0.0.1:9", provider)).toEqual({
      HTTPS_PROXY: "http://127.0.0.1:9",
      https_proxy: "http://127.0.0.1:9",
      NO_PROXY: "localhost",
      no_proxy: undefined,
    });
    expect(codexProxyEnv({ NO_PROXY: "localhost" }, "http://127.0.0.1:9", provider)).toEqual({ HTTPS_PROXY: "http://127.0.0.1:9", https_proxy: "http://127.0.0.1:9" });
  });

  it("gives the tools the user's own values back, only where the policy would have passed them on", () => {
    const names = ["HTTPS_PROXY", "https_proxy", "NO_PROXY"];
    const exclude = (list: string[]) => overridePairs({ "shell_environment_policy.exclude": list })[0];
    const user = { HTTPS_PROXY: "http://corp:3128", NO_PROXY: "localhost" };
    const policy = policySchema.parse({});
    expect(restoreForTools(policy, [], user, names)).toEqual([
      exclude([...policy.env.exclude, ...names]),
      'shell_environment_policy.set.HTTPS_PROXY="http://corp:3128"',
      'shell_environment_policy.set.NO_PROXY="localhost"',
    ]);
    // Not inherited at all, or excluded by the policy: nothing is set back.
    expect(restoreForTools(policySchema.parse({ env: { inherit: "core" } }), [], user, names).filter((pair) => pair.includes(".set."))).toEqual([]);
    expect(restoreForTools(policySchema.parse({ env: { exclude: ["*proxy*"] } }), [], user, names).filter((pair) => pair.includes(".set."))).toEqual([]);
    // A value the policy sets itself stays the policy's; the run's own exclude list is the one extended.
    const own = restoreForTools(policySchema.parse({ env: { set: { HTTPS_PROXY: "http://policy:1" } } }), ['shell_environment_policy.exclude=["FOO"]'], user, names);
    expect(own).toEqual([exclude(["FOO", "https_proxy", "NO_PROXY"]), 'shell_environment_policy.set.NO_PROXY="localhost"']);
  });
});
