// Puts a launch plan inside the outer jail: starts the forwarder (the jail's only way out, to the
// provider), and wraps the plan's program in prlimit + bwrap + the in-jail init. The gate has already
// judged that the jail can be built (safety/gate.ts, checkJail).
import { CodexHeadlessError } from "../core/errors.js";
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
  if (!viable.bwrap || !viable.prlimit) throw new CodexHeadlessError("refused", `refused: --jail cannot be built here: missing ${viable.missing.join("; ")}`);
  const endpoints = [...(request.providerUrl ? [endpointOf(request.providerUrl)] : OPENAI_ENDPOINTS), ...policy.jail.allow_hosts.map(parseHostPort)];
  const forwarder = await startJailForwarder(endpoints, request.env);
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
