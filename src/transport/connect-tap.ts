// The provider tap for a provider behind https (OpenAI's own, or any https base URL): a CONNECT proxy
// of ours that Codex is given in HTTPS_PROXY. TLS stays end to end — we never see a request, only the
// tunnel — and every byte that comes down a tunnel to the provider's host and port is a sign of life
// for the idle limit (issue 20, case 1). Measured on 0.171.0 with a logging proxy: Codex's HTTP client
// and its Responses WebSocket client both take HTTPS_PROXY (then https_proxy, then ALL_PROXY) and open
// `CONNECT host:443` tunnels; loopback is not exempt by default; NO_PROXY is honoured.
//
// Tunnels to other hosts (Codex also talks to chatgpt.com, github.com) are passed through untouched,
// and not counted. A user's own proxy is honoured as Codex would honour it: every tunnel is chained
// through it (CONNECT through theirs), except to hosts their NO_PROXY names, which we reach directly.
import http from "node:http";
import net from "node:net";
import type { RelayEndpoint } from "../core/relay.js";
import type { SignsOfLife } from "./turn.js";

/** Where Codex looks for an https proxy, most preferred first (hyper-util's order, which Codex's
 *  HTTP client follows). Its WebSocket client took each of them alone, and HTTPS_PROXY over a user's
 *  ALL_PROXY (measured on 0.171.0: test/transport/stall.test.ts). */
export const HTTPS_PROXY_NAMES = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] as const;
export const NO_PROXY_NAMES = ["NO_PROXY", "no_proxy"] as const;

export interface Tunnel extends RelayEndpoint {
  /** The provider's host and port: its bytes are signs of life. */
  counted: boolean;
  /** How it left us: straight to the host, or through the user's proxy. */
  via: "direct" | "upstream";
}

export interface ConnectTap extends SignsOfLife {
  /** The proxy URL to give Codex: `http://127.0.0.1:PORT`. */
  url: string;
  /** Bytes that came down tunnels to the provider so far. */
  readonly bytesFromProvider: number;
  /** The user's proxy every tunnel not exempted by their NO_PROXY goes through, when there is one. */
  readonly upstream: string | undefined;
  /** Every tunnel asked for, in order. */
  tunnels(): Tunnel[];
  /** Ends every tunnel and stops listening. */
  close(): Promise<void>;
}

export interface ConnectTapOptions {
  /** The provider's endpoints: only bytes from these count. */
  provider: RelayEndpoint[];
  /** The user's own proxy (`http://[user:password@]host:port`), to chain every tunnel through. */
  upstream?: string;
  /** The user's NO_PROXY: tunnels to hosts it names go directly, not through `upstream`. */
  noProxy?: string;
}

/** The https proxy a process given `env` uses, as Codex picks it (HTTPS_PROXY_NAMES' order). */
export function userHttpsProxy(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of HTTPS_PROXY_NAMES) if (env[name]) return env[name];
  return undefined;
}

/** Whether a user's proxy can be chained to: a plain http proxy (a scheme-less one counts as http, as
 *  Codex reads it). An https or SOCKS proxy cannot, and the tap then stays out of the way. */
export function chainable(proxy: string): boolean {
  try {
    return new URL(proxy.includes("://") ? proxy : `http://${proxy}`).protocol === "http:";
  } catch {
    return false;
  }
}

/** Whether NO_PROXY (comma-separated: `*`, host names matching themselves and their subdomains, a
 *  leading dot or `*.` allowed, IP addresses and CIDR blocks) exempts `host`. */
export function noProxyMatches(noProxy: string | undefined, host: string): boolean {
  const name = host.replace(/^\[|\]$/g, "").toLowerCase();
  return (noProxy ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => {
      if (entry === "*") return true;
      const [base = "", bits] = entry.split("/");
      const family = net.isIP(base);
      if (family !== 0) {
        if (net.isIP(name) !== family) return false;
        const block = new net.BlockList();
        if (bits === undefined) block.addAddress(base, family === 4 ? "ipv4" : "ipv6");
        else block.addSubnet(base, Number(bits), family === 4 ? "ipv4" : "ipv6");
        return block.check(name, family === 4 ? "ipv4" : "ipv6");
      }
      const domain = entry.replace(/^\*?\./, "").replace(/:\d+$/, "");
      return name === domain || name.endsWith(`.${domain}`);
    });
}

/** `host:port` of a CONNECT request line's target (IPv6 in brackets). */
function parseTarget(target: string): RelayEndpoint | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(target);
  if (!match) return undefined;
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port: Number(match[2]) };
}

/** Opens a tunnel to `target` through the http proxy at `upstream`; resolves with the socket and
 *  any bytes that followed the proxy's 200, rejects with the proxy's status line otherwise. */
function connectThrough(upstream: URL, target: RelayEndpoint, track: (socket: net.Socket) => void): Promise<{ socket: net.Socket; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(upstream.port || 80), upstream.hostname.replace(/^\[|\]$/g, ""));
    track(socket);
    const hostPort = net.isIPv6(target.host) ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
    const auth = upstream.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(upstream.username)}:${decodeURIComponent(upstream.password)}`).toString("base64")}\r\n` : "";
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > 16_384) fail(new Error("your proxy's answer to CONNECT has no end"));
        return;
      }
      socket.off("data", onData);
      socket.off("error", fail);
      const status = head.subarray(0, head.indexOf("\r\n")).toString("latin1");
      if (!/^HTTP\/1\.[01] 2\d\d/.test(status)) return fail(new Error(`your proxy answered ${status}`));
      resolve({ socket, rest: head.subarray(end + 4) });
    };
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.on("data", onData);
    socket.on("error", fail);
    socket.on("connect", () => socket.write(`CONNECT ${hostPort} HTTP/1.1\r\nHost: ${hostPort}\r\n${auth}\r\n`));
  });
}

/** Starts the proxy on 127.0.0.1 and a free port. The caller closes it (the run's controller). */
export async function startConnectTap(options: ConnectTapOptions): Promise<ConnectTap> {
  const upstream = options.upstream ? new URL(options.upstream.includes("://") ? options.upstream : `http://${options.upstream}`) : undefined;
  if (upstream && upstream.protocol !== "http:") throw new Error(`connect tap: cannot chain to a ${upstream.protocol} proxy`);
  const provider = new Set(options.provider.map((e) => `${e.host.toLowerCase()}:${e.port}`));
  const listeners = new Set<() => void>();
  const open = new Set<net.Socket>();
  const tunnels: Tunnel[] = [];
  let bytesFromProvider = 0;
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  };

  const server = http.createServer((_req, res) => {
    // Codex is given us for https only: a plain request is none of ours.
    res.writeHead(405, { "content-type": "text/plain" }).end("codex-headless provider tap: CONNECT only\n");
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    client.on("error", () => client.destroy());
    const target = parseTarget(req.url ?? "");
    if (!target) {
      client.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      return;
    }
    const counted = provider.has(`${target.host.toLowerCase()}:${target.port}`);
    const via = upstream && !noProxyMatches(options.noProxy, target.host) ? "upstream" : "direct";
    tunnels.push({ ...target, counted, via });
    const down = (chunk: Buffer) => {
      if (!counted || chunk.length === 0) return;
      bytesFromProvider += chunk.length;
      for (const listener of listeners) listener();
    };
    const opened =
      via === "upstream"
        ? connectThrough(upstream!, target, track)
        : new Promise<{ socket: net.Socket; rest: Buffer }>((resolve, reject) => {
            const socket = net.connect(target.port, target.host);
            track(socket);
            socket.once("connect", () => {
              socket.off("error", reject);
              resolve({ socket, rest: Buffer.alloc(0) });
            });
            socket.once("error", reject);
          });
    opened.then(
      ({ socket, rest }) => {
        if (client.destroyed) return socket.destroy();
        socket.on("error", () => client.destroy());
        client.on("close", () => socket.destroy());
        socket.on("close", () => client.destroy());
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (rest.length > 0) {
          down(rest);
          client.write(rest);
        }
        if (head.length > 0) socket.write(head);
        socket.on("data", down);
        client.pipe(socket).pipe(client);
      },
      (error: Error) => {
        if (!client.destroyed) client.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\n\r\ncodex-headless provider tap: ${error.message}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    upstream: upstream?.toString(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get bytesFromProvider() {
      return bytesFromProvider;
    },
    tunnels: () => tunnels.map((t) => ({ ...t })),
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What changes in Codex's environment to put the tap in its way: ours in HTTPS_PROXY and
 *  https_proxy (Codex prefers them to ALL_PROXY, which is left alone), and NO_PROXY/no_proxy without
 *  the entries that exempt a provider host (the tap honours the user's full list itself). A value of
 *  undefined removes the variable. The tools Codex runs must get the user's own values back. */
export function codexProxyEnv(env: NodeJS.ProcessEnv, tapUrl: string, provider: RelayEndpoint[]): Record<string, string | undefined> {
  const changes: Record<string, string | undefined> = { HTTPS_PROXY: tapUrl, https_proxy: tapUrl };
  for (const name of NO_PROXY_NAMES) {
    const value = env[name];
    if (value === undefined) continue;
    const kept = value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry && !provider.some((endpoint) => noProxyMatches(entry, endpoint.host)));
    if (kept.join(",") !== value) changes[name] = kept.length > 0 ? kept.join(",") : undefined;
  }
  return changes;
}
