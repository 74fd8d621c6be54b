// Puts a launch plan inside the outer jail: starts the forwarder (the jail's only way out, to the
// provider), and wraps the plan's program in prlimit + bwrap + the in-jail init. The gate has already
// judged that the jail can be built (safety/gate.ts, checkJail).
import { overrideValue } from "../codex/config-overrides.js";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import type { LaunchPlan } from "../launch/context.js";
import { MOCK_KEY_ENV } from "../mock/provider-config.js";
import { countUserProcesses, jailArgv, jailCpuSeconds, jailEnv, jailViability } from "../safety/jail.js";
import { endpointOf, parseHostPort, startJailForwarder, type JailEndpoint, type JailForwarder } from "../safety/jail-forward.js";
import type { Policy } from "../safety/policy.js";
import type { RunSpec } from "./spec.js";

/** The hosts Codex talks to for OpenAI: the API (API key), the ChatGPT backend (ChatGPT login) and
 *  the login service (token refresh). */
export const OPENAI_ENDPOINTS: readonly JailEndpoint[] = [
  { host: "api.openai.com", port: 443 },
  { host: "chatgpt.com", port: 443 },
  { host: "auth.openai.com", port: 443 },
];

/** The model provider's base URL as this run's own `-c` overrides give it: `model_providers.ID.base_url`
 *  for the `model_provider` they name, or the built-in provider's `openai_base_url`; undefined when they
 *  give none (OpenAI's own hosts, all https). A base URL only a seeded config.toml gives is not read. */
export function providerBaseUrl(config: readonly string[]): string | undefined {
  const id = overrideValue(config, "model_provider");
  const table = typeof id === "string" && id !== "openai" ? overrideValue(config, `model_providers.${id}`) : undefined;
  const custom = typeof id === "string" && id !== "openai" ? (overrideValue(config, `model_providers.${id}.base_url`) ?? (table as { base_url?: unknown } | undefined)?.base_url) : undefined;
  const builtIn = id === undefined || id === "openai" ? overrideValue(config, "openai_base_url") : undefined;
  const url = custom ?? builtIn;
  return url === undefined ? undefined : String(url);
}

/** The model provider's endpoints as this run names them: the mock's URL; else providerBaseUrl's;
 *  else OpenAI's hosts. A run whose provider only a seeded config.toml names is not admitted to it by
 *  the jail, and its requests fail (not measured). Errors: usage, when the base URL is not a URL. */
export function providerEndpoints(config: readonly string[], mockUrl?: string): JailEndpoint[] {
  if (mockUrl) return [endpointOf(mockUrl)];
  const url = providerBaseUrl(config);
  if (url === undefined) return [...OPENAI_ENDPOINTS];
  try {
    return [endpointOf(url)];
  } catch {
    throw new CodexHeadlessError("usage", `${optionName("jail")}: the provider's base URL ${JSON.stringify(url)} is not a URL`);
  }
}

/** Variables the provider's credentials come in (they must get into the jail). */
const PROVIDER_ENV = [MOCK_KEY_ENV, "OPENAI_API_KEY", "CODEX_API_KEY"];

export interface JailedPlan {
  plan: LaunchPlan;
  forwarder: JailForwarder;
  limits: { processes: number; memoryMb: number; cpuSeconds: number };
}

export async function enterJail(request: {
  spec: RunSpec;
  policy: Policy;
  plan: LaunchPlan;
  codexHome: string;
  codexPath: string;
  env: NodeJS.ProcessEnv;
  /** The mock's base URL; without one, the run talks to OpenAI. */
  providerUrl?: string;
}): Promise<JailedPlan> {
  const { spec, policy, plan } = request;
  const viable = jailViability(request.env);
  if (!viable.bwrap || !viable.prlimit) throw new CodexHeadlessError("refused", `refused: ${optionName("jail")} cannot be built here: missing ${viable.missing.join("; ")}`);
  const provider = providerEndpoints(spec.config, request.providerUrl);
  const endpoints = [...provider, ...policy.jail.allow_hosts.map(parseHostPort)];
  const forwarder = await startJailForwarder(endpoints, request.env, provider);
  const userProcesses = countUserProcesses();
  const { command, args } = jailArgv(
    {
      policy,
      cwd: spec.cwd,
      codexHome: request.codexHome,
      codexPath: request.codexPath,
      env: plan.env,
      keepEnv: PROVIDER_ENV,
      runDir: forwarder.runDir,
      hostsFile: forwarder.hostsFile,
      lowPorts: forwarder.lowPorts,
      timeoutMs: spec.timeoutMs,
      userProcesses,
    },
    { bwrap: viable.bwrap, prlimit: viable.prlimit },
    [process.execPath, ...forwarder.initArgs, plan.command, ...plan.args],
  );
  return {
    plan: { ...plan, command, args, env: jailEnv({ env: plan.env, keepEnv: PROVIDER_ENV, policy }) },
    forwarder,
    limits: jailLimits(policy, spec.timeoutMs),
  };
}

/** The limits a jail runs under, as the record states them. */
export function jailLimits(policy: Policy, timeoutMs: number): JailedPlan["limits"] {
  return { processes: policy.jail.processes, memoryMb: policy.jail.memory_mb, cpuSeconds: jailCpuSeconds(timeoutMs) };
}
