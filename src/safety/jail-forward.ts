// The jail's only way out. Inside the jail's private network namespace a small Node init listens, for
// each allowed endpoint, on a loopback address and the endpoint's own port (a host name is mapped to
// that address in the jail's /etc/hosts), and relays every connection to a Unix socket bound in from
// outside. Outside, we accept on that socket and connect to the endpoint's real host and port
// (core/relay.ts, the relay the provider tap uses too), and nowhere else: TLS stays end to end (the name and port are the provider's own), and a command in the
// jail can reach the provider and nothing more.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { startRelay } from "../core/relay.js";
import { makeDirs, writeFileReplacing } from "../core/safe-fs.js";
import { stateDir } from "../core/paths.js";
import { JAIL_RUN_DIR } from "./jail.js";

export interface JailEndpoint {
  host: string;
  port: number;
}

/** An endpoint as the jail sees it: where its forwarder listens inside, and the socket it relays to. */
interface Listener extends JailEndpoint {
  /** Loopback address inside the jail. */
  address: string;
  socketOutside: string;
  socketInside: string;
}

export interface JailForwarder {
  /** Private folder (0700, in our state directory) bound read-only at JAIL_RUN_DIR. */
  runDir: string;
  hostsFile: string;
  /** The init script's path inside the jail and its config, for the inner argv. */
  initArgs: string[];
  lowPorts: boolean;
  /** Connections relayed, per endpoint. */
  connections(): Array<JailEndpoint & { connections: number }>;
  /** Bytes back from the `counted` endpoints, as signs of the model's life (the provider tap of a
   *  jailed run: its TLS passes through here untouched). `close` does nothing: the jail closes them. */
  providerBytes: { readonly bytes: number; subscribe(listener: () => void): () => void; close(): Promise<void> };
  close(): Promise<void>;
}

/** host:port pairs from a provider's base URL (http: 80, https: 443 when none is given). */
export function endpointOf(url: string): JailEndpoint {
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "http:" ? 80 : 443;
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port };
}

export function parseHostPort(text: string): JailEndpoint {
  const at = text.lastIndexOf(":");
  return { host: text.slice(0, at), port: Number(text.slice(at + 1)) };
}

// The in-jail init: node builtins only (nothing else is inside). It starts the listeners, then runs
// the command with our stdio, passes on termination signals and exits as the command did.
const INIT_SCRIPT = `import net from "node:net";
import os from "node:os";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [command, ...args] = process.argv.slice(3);
await Promise.all(config.listeners.map((l) => new Promise((resolve, reject) => {
  const server = net.createServer((socket) => {
    const up = net.connect(l.socket);
    socket.on("error", () => up.destroy());
    up.on("error", () => socket.destroy());
    socket.pipe(up).pipe(socket);
  });
  server.on("error", reject);
  server.listen(l.port, l.address, resolve);
}))).catch((error) => {
  process.stderr.write("codex-headless jail: cannot listen for the provider: " + error.message + "\\n");
  process.exit(125);
});
const child = spawn(command, args, { stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  process.stderr.write("codex-headless jail: cannot start " + command + ": " + error.message + "\\n");
  process.exit(127);
});
child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
`;

/** Starts the outside half for `endpoints` and writes the jail's private files. The caller closes
 *  it after the run. */
export async function startJailForwarder(endpoints: JailEndpoint[], env: NodeJS.ProcessEnv, counted: JailEndpoint[] = []): Promise<JailForwarder> {
  const runDir = path.join(stateDir(env), "jails", `${process.pid}-${randomBytes(6).toString("hex")}`);
  makeDirs(runDir, 0o700);
  const dirFd = openSync(runDir, "r");
  const unique = [...new Map(endpoints.map((e) => [`${e.host}:${e.port}`, e])).values()];
  const hosts = ["127.0.0.1 localhost", "::1 localhost ip6-localhost"];
  // A name gets a loopback address of its own, so that two names on one port do not collide; one
  // address per name, not per endpoint: a name has one line in the hosts file that counts (the first),
  // and a second endpoint of the same name on another port listened where the name never led (the
  // provider's host and an `allow_hosts` port of it; red team, issue 27).
  const named = new Map<string, string>();
  const listeners: Listener[] = unique.map((endpoint, i) => {
    const literal = net.isIP(endpoint.host) !== 0 || endpoint.host === "localhost";
    let address = literal ? (endpoint.host === "localhost" || net.isIPv6(endpoint.host) ? "127.0.0.1" : endpoint.host) : named.get(endpoint.host);
    if (address === undefined) {
      address = `127.0.0.${10 + named.size}`;
      named.set(endpoint.host, address);
      hosts.push(`${address} ${endpoint.host}`);
    }
    // Unix socket paths are limited to 108 bytes, and a state directory can be deeper: the socket is
    // bound through a descriptor of the run folder (/proc/self/fd/N/...), a short path to it.
    const socketOutside = `/proc/self/fd/${dirFd}/fwd-${i}.sock`;
    return { ...endpoint, address, socketOutside, socketInside: path.posix.join(JAIL_RUN_DIR, `fwd-${i}.sock`) };
  });
  const hostsFile = path.join(runDir, "hosts");
  writeFileReplacing(hostsFile, `${hosts.join("\n")}\n`, { mode: 0o644 });
  // No name server can answer in the jail: a lookup of any name not in its hosts file would wait out
  // the resolver's default timeout (5 s, several tries) before failing; make that failure quick.
  writeFileReplacing(path.join(runDir, "resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n", { mode: 0o644 });
  writeFileReplacing(path.join(runDir, "init.mjs"), INIT_SCRIPT, { mode: 0o644 });
  writeFileReplacing(path.join(runDir, "init.json"), JSON.stringify({ listeners: listeners.map((l) => ({ address: l.address, port: l.port, socket: l.socketInside })) }), { mode: 0o644 });

  // The one destination each socket relays to: the endpoint's real host and port.
  const isCounted = (e: JailEndpoint) => counted.some((c) => c.host === e.host && c.port === e.port);
  const signs = new Set<() => void>();
  let bytes = 0;
  const onDown = (n: number) => {
    bytes += n;
    for (const listener of signs) listener();
  };
  const relays = await Promise.all(listeners.map((listener) => startRelay({ listen: listener.socketOutside, target: { host: listener.host, port: listener.port }, ...(isCounted(listener) ? { onDown } : {}) })));
  closeSync(dirFd);
  return {
    runDir,
    hostsFile,
    initArgs: [path.posix.join(JAIL_RUN_DIR, "init.mjs"), path.posix.join(JAIL_RUN_DIR, "init.json")],
    lowPorts: listeners.some((l) => l.port < 1024),
    connections: () => listeners.map((l, i) => ({ host: l.host, port: l.port, connections: relays[i]!.connections })),
    providerBytes: {
      get bytes() {
        return bytes;
      },
      subscribe(listener) {
        signs.add(listener);
        return () => signs.delete(listener);
      },
      close: async () => {},
    },
    close: async () => {
      await Promise.all(relays.map((relay) => relay.close()));
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
