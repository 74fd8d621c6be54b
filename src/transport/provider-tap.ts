// A pass-through tap between Codex and its model provider, so that "stalled" means what it says: no
// sign of life from the model. `codex exec --json` prints nothing while an answer streams (measured on
// 0.169.0: turn.started, then item.completed once the whole message is in), so its events alone
// declared a healthy slow stream stalled (issue 20, case 1). Codex is pointed at the tap instead of
// the provider; the tap relays every byte both ways untouched (HTTP with server-sent events and the
// Responses WebSocket alike) and reports each chunk that comes back from the provider. The count is
// taken on the wire Codex reads, not inside our mock, so it means the same for any provider behind
// an http base URL.
//
// Not tapped yet: a real provider behind https. The way there, measured on 0.171.0 with a logging
// proxy: Codex's HTTP client and its WebSocket client both honour the proxy variables. HTTPS_PROXY
// (or ALL_PROXY, or lowercase https_proxy) makes it open `CONNECT host:443` tunnels (to chatgpt.com
// and github.com here, the WebSocket's TLS hello without ALPN, the HTTP client's offering h2);
// HTTP_PROXY takes the http wire as absolute-form requests (`POST http://127.0.0.1:P/v1/responses`)
// and the WebSocket as a CONNECT tunnel even to a plain ws:// URL, and a turn completed through it;
// loopback is not exempt, NO_PROXY=127.0.0.1 is honoured. So a CONNECT proxy given to Codex in
// HTTPS_PROXY can count tunnel bytes without touching TLS; what stops it here is that Codex's tools
// inherit the variable (their network would go through us, and change what the lab measures).
import { startRelay, type Relay } from "../core/relay.js";
import type { SignsOfLife } from "./turn.js";

export interface ProviderTap extends SignsOfLife {
  /** The base URL to give Codex: the provider's, with the tap's host and port. */
  url: string;
  /** Bytes relayed from the provider so far. */
  readonly bytesFromProvider: number;
  close(): Promise<void>;
}

/** Whether a base URL can be tapped by relaying: plain http (an https one is relayed only through a
 *  CONNECT proxy, which this tap is not). */
export function tappable(baseUrl: string): boolean {
  return new URL(baseUrl).protocol === "http:";
}

/** Starts a tap in front of the provider at `baseUrl` (http). The caller closes it. */
export async function startProviderTap(baseUrl: string): Promise<ProviderTap> {
  const provider = new URL(baseUrl);
  if (provider.protocol !== "http:") throw new Error(`provider tap: ${provider.protocol} base URL; only http can be relayed`);
  const listeners = new Set<() => void>();
  const relay: Relay = await startRelay({
    listen: { host: "127.0.0.1", port: 0 },
    target: { host: provider.hostname.replace(/^\[|\]$/g, ""), port: provider.port ? Number(provider.port) : 80 },
    onDown: () => {
      for (const listener of listeners) listener();
    },
  });
  const tapped = new URL(baseUrl);
  tapped.hostname = "127.0.0.1";
  tapped.port = String((relay.address as { port: number }).port);
  return {
    url: tapped.toString().replace(/\/$/, baseUrl.endsWith("/") ? "/" : ""),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get bytesFromProvider() {
      return relay.bytesDown;
    },
    close: () => relay.close(),
  };
}
