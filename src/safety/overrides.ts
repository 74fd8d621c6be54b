// The Codex config a policy implies, as `-c key=value` pairs. Keys verified against codex 0.169.0:
// shell_environment_policy.{inherit, ignore_default_excludes, exclude, include_only, set},
// sandbox_workspace_write.{writable_roots, network_access}.
import { overridePairs, overrideValue } from "../codex/config-overrides.js";
import type { SandboxMode } from "../codex/vocabulary.js";
import type { Policy } from "./policy.js";

export function policyOverrides(policy: Policy, sandbox: SandboxMode): string[] {
  const { env } = policy;
  const set = Object.entries(env.set);
  return overridePairs({
    "shell_environment_policy.inherit": env.inherit,
    "shell_environment_policy.ignore_default_excludes": env.ignore_default_excludes,
    "shell_environment_policy.exclude": env.exclude,
    "shell_environment_policy.include_only": env.include_only.length > 0 ? env.include_only : undefined,
    // One inline table: it replaces the home's own `set`, where dotted keys would merge into it.
    "shell_environment_policy.set": set.length > 0 ? Object.fromEntries(set) : undefined,
    ...(sandbox === "workspace-write"
      ? { "sandbox_workspace_write.writable_roots": policy.sandbox.writable_roots, "sandbox_workspace_write.network_access": policy.sandbox.network }
      : {}),
  });
}

/** Whether Codex's exclude glob `pattern` (`*` any run, `?` one character, any case) names `name`. */
function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(name);
}

/** Codex's default excludes, unless ignore_default_excludes (codex-rs core/src/exec_env.rs). */
const CODEX_DEFAULT_EXCLUDES = ["*KEY*", "*SECRET*", "*TOKEN*"];

/**
 * `-c` pairs, to go after every other override, that give the tools Codex runs the caller's own
 * values of variables we changed in Codex's environment (the provider tap's proxy variables): the
 * names are excluded, then each is set to the caller's value where the tools would have got it
 * without us. Codex builds a tool's environment from its own (shell_environment_policy, codex-rs
 * core/src/exec_env.rs): inherit, default excludes, `exclude`, then `set`, then `include_only` — so
 * `include_only` still applies to what is set here (a command's `env` showed the caller's HTTPS_PROXY,
 * not ours, on 0.171.0: test/transport/stall.test.ts). The run's own `-c shell_environment_policy.*`
 * values, when it gives them, are the ones in force, else the policy's.
 *
 * @param original the caller's environment (before our changes)
 * @param names the variables we changed
 */
export function restoreForTools(policy: Policy, config: readonly string[], original: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  const value = <T>(key: string, fallback: T): T => (overrideValue(config, `shell_environment_policy.${key}`) as T | undefined) ?? fallback;
  const inherit = value("inherit", policy.env.inherit);
  const exclude = value<string[]>("exclude", policy.env.exclude);
  const set = value<Record<string, string>>("set", policy.env.set);
  const excluded = [...exclude, ...(value("ignore_default_excludes", policy.env.ignore_default_excludes) ? [] : CODEX_DEFAULT_EXCLUDES)];
  // A name the policy sets itself keeps the policy's value: it is neither excluded nor set here.
  const ours = names.filter((name) => !(name in set));
  const restored = ours.filter((name) => original[name] !== undefined && inherit === "all" && !excluded.some((pattern) => globMatches(pattern, name)));
  return overridePairs({
    "shell_environment_policy.exclude": [...exclude, ...ours],
    ...Object.fromEntries(restored.map((name) => [`shell_environment_policy.set.${name}`, original[name]!])),
  });
}
