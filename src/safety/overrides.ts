// The Codex config a policy implies, as `-c key=value` pairs. Keys verified against codex 0.169.0:
// shell_environment_policy.{inherit, ignore_default_excludes, exclude, include_only, set},
// sandbox_workspace_write.{writable_roots, network_access}.
import { overridePairs } from "../codex/config-overrides.js";
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
