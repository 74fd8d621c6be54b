// A TCP relay: every connection accepted on one address is piped, both ways, to one fixed
// destination, and to nowhere else. The bytes pass untouched (TLS stays end to end, a WebSocket
// upgrade goes through), and what comes back from the destination can be counted. Used by the jail's
// way out (safety/jail-forward.ts) and by the provider tap (transport/provider-tap.ts).
import net from "node:net";

export interface RelayEndpoint {
  host: string;
  port: number;
}

export interface RelayOptions {
  /** A Unix socket path, or a host and port (port 0: any free one). */
  listen: string | RelayEndpoint;
  /** The one destination every connection is relayed to. */
  target: RelayEndpoint;
  /** Called with the size of every chunk that comes back from the destination. */
  onDown?: (bytes: number) => void;
}

export interface Relay {
  /** Where it listens: the socket path, or the host and the port it got. */
  readonly address: string | RelayEndpoint;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Bytes relayed back from the destination so far. */
  readonly bytesDown: number;
  /** Ends every open connection and stops listening. */
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const open = new Set<net.Socket>();
  let connections = 0;
  let bytesDown = 0;
  const server = net.createServer((inner) => {
    connections += 1;
    const outer = net.connect(options.target);
    for (const socket of [inner, outer]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    }
    inner.on("error", () => outer.destroy());
    outer.on("error", () => inner.destroy());
    outer.on("data", (chunk: Buffer) => {
      bytesDown += chunk.length;
      options.onDown?.(chunk.length);
    });
    inner.pipe(outer).pipe(inner);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    const done = () => {
      server.off("error", reject);
      resolve();
    };
    if (typeof options.listen === "string") server.listen(options.listen, done);
    else server.listen(options.listen.port, options.listen.host, done);
  });
  const bound = server.address();
  const address = typeof bound === "string" || bound === null ? (typeof options.listen === "string" ? options.listen : "") : { host: bound.address, port: bound.port };
  return {
    address,
    get connections() {
      return connections;
    },
    get bytesDown() {
      return bytesDown;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
