// Which tap, if any, a run's idle limit counts the model's bytes through (issue 20, case 1): a plain
// relay in front of an http provider (Codex is given the relay's base URL: transport/provider-tap.ts),
// or, for an https provider, our CONNECT proxy in Codex's HTTPS_PROXY (transport/connect-tap.ts), with
// the tools Codex runs given the user's own proxy variables back (safety/overrides.ts).
import { chainable, codexProxyEnv, startConnectTap, userHttpsProxy, NO_PROXY_NAMES } from "../transport/connect-tap.js";
import { startProviderTap } from "../transport/provider-tap.js";
import type { SignsOfLife } from "../transport/turn.js";
import { restoreForTools } from "../safety/overrides.js";
import type { Policy } from "../safety/policy.js";
import type { MockProvider } from "../mock/server.js";
import { providerBaseUrl, providerEndpoints } from "./jail-plan.js";
import type { RunSpec } from "./spec.js";

export interface RunTap {
  /** The bytes from the provider, as signs of life; closed by whoever owns the run (or the session). */
  signs: SignsOfLife & { close(): Promise<void> };
  /** relay: Codex is given `baseUrl`; proxy: Codex is given the provider's own URL and our proxy. */
  kind: "relay" | "proxy";
  baseUrl?: string;
  /** Changes to Codex's environment (undefined: removed). */
  codexEnv: Record<string, string | undefined>;
  /** `-c` pairs, after all others, that keep those changes from the tools Codex runs. */
  toolOverrides: string[];
  /** What the record says about the tap (RunRecord provider.tap). */
  describe(): { kind: "relay" | "proxy"; bytesFromProvider: number; chained?: boolean };
}

/** Starts the run's tap, or says why there is none (a notice for the caller) when there is an idle
 *  limit and the provider cannot be tapped. `fromJail`: a jailed https run, whose tap is the jail's
 *  forwarder (JailForwarder.providerBytes). `env` is Codex's environment before any change. */
export async function startRunTap(request: { spec: RunSpec; mock: MockProvider | undefined; env: NodeJS.ProcessEnv; policy: Policy }): Promise<{ tap?: RunTap; notice?: string; fromJail?: boolean }> {
  const { spec, mock, env } = request;
  if (!spec.idleTimeoutMs) return {};
  const url = mock?.baseUrl ?? providerBaseUrl(spec.config);
  let protocol = "https:";
  try {
    if (url !== undefined) protocol = new URL(url).protocol;
  } catch {
    return {}; // not a URL: Codex says so itself
  }
  if (protocol === "http:") {
    // Only the mock's base URL is ours to replace; another http provider's bytes are not counted.
    if (!mock) return {};
    const relay = await startProviderTap(mock.baseUrl);
    return { tap: { signs: relay, kind: "relay", baseUrl: relay.url, codexEnv: {}, toolOverrides: [], describe: () => ({ kind: "relay", bytesFromProvider: relay.bytesFromProvider }) } };
  }
  const counted = "the idle limit counts Codex's own events only";
  // Inside the jail our loopback proxy is out of reach, and needless: the jail's only way out, its
  // forwarder, relays the provider's bytes and counts them (safety/jail-forward.ts).
  if (spec.jail) return { fromJail: true };
  const upstream = userHttpsProxy(env);
  if (upstream && !chainable(upstream)) return { notice: `${counted}: your https proxy is not an http proxy we can chain to` };
  // Our proxy listens on loopback without authentication: chained to a proxy that takes credentials,
  // it would lend them to any local process for the run's length (red team 6: a plain local client's
  // CONNECT through it reached the user's proxy with their Proxy-Authorization). Not tapped then.
  if (upstream && holdsCredentials(upstream)) return { notice: `${counted}: your https proxy's URL holds credentials, which our loopback proxy would lend to any local process` };
  const provider = providerEndpoints(spec.config, mock?.baseUrl);
  const noProxy = NO_PROXY_NAMES.map((name) => env[name]).find((value) => value !== undefined);
  const proxy = await startConnectTap({ provider, ...(upstream ? { upstream } : {}), ...(noProxy ? { noProxy } : {}) });
  const codexEnv = codexProxyEnv(env, proxy.url, provider);
  // The tools get the user's values back through `-c` arguments, which anyone on the host can read in
  // the process list: a proxy URL with credentials in it is not put there.
  if (Object.keys(codexEnv).some((name) => env[name] !== undefined && holdsCredentials(env[name]))) {
    await proxy.close();
    return { notice: `${counted}: your https proxy's URL holds credentials, and giving it back to Codex's tools would put them on Codex's command line` };
  }
  return {
    tap: {
      signs: proxy,
      kind: "proxy",
      codexEnv,
      toolOverrides: restoreForTools(request.policy, spec.config, env, Object.keys(codexEnv)),
      describe: () => ({ kind: "proxy", bytesFromProvider: proxy.bytesFromProvider, chained: proxy.tunnels().some((t) => t.counted && t.via === "upstream") }),
    },
  };
}

/** Whether a proxy URL (scheme-less counts as http, as Codex reads it) carries a user or password. */
function holdsCredentials(proxy: string): boolean {
  try {
    const url = new URL(proxy.includes("://") ? proxy : `http://${proxy}`);
    return url.username !== "" || url.password !== "";
  } catch {
    return proxy.includes("@");
  }
}
