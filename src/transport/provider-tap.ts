// A pass-through tap between Codex and its model provider, so that "stalled" means what it says: no
// sign of life from the model. `codex exec --json` prints nothing while an answer streams (measured on
// 0.169.0: turn.started, then item.completed once the whole message is in), so its events alone
// declared a healthy slow stream stalled (issue 20, case 1). Codex is pointed at the tap instead of
// the provider; the tap relays every byte both ways untouched (HTTP with server-sent events and the
// Responses WebSocket alike) and reports each chunk that comes back from the provider. The count is
// taken on the wire Codex reads, not inside our mock, so it means the same for any provider behind
// an http base URL.
//
// A provider behind https (OpenAI's own) cannot be relayed as plain bytes under another URL: its tap is
// a CONNECT proxy in Codex's HTTPS_PROXY instead (connect-tap.ts; run/tap-plan.ts picks one).
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
