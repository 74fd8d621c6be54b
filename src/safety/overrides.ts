// The Codex config a policy implies, as `-c key=value` pairs (values in TOML). Keys verified against
// codex 0.169.0: shell_environment_policy.{inherit, ignore_default_excludes, exclude, include_only,
// set}, sandbox_workspace_write.{writable_roots, network_access}.
import type { Policy } from "./policy.js";

const toml = (value: string | boolean | string[]): string => (Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value));

export function policyOverrides(policy: Policy, sandbox: string): string[] {
  const { env } = policy;
  const pairs = [
    `shell_environment_policy.inherit=${toml(env.inherit)}`,
    `shell_environment_policy.ignore_default_excludes=${toml(env.ignore_default_excludes)}`,
    `shell_environment_policy.exclude=${toml(env.exclude)}`,
  ];
  if (env.include_only.length > 0) pairs.push(`shell_environment_policy.include_only=${toml(env.include_only)}`);
  const set = Object.entries(env.set);
  if (set.length > 0) pairs.push(`shell_environment_policy.set={ ${set.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")} }`);
  if (sandbox === "workspace-write") {
    pairs.push(`sandbox_workspace_write.writable_roots=${toml(policy.sandbox.writable_roots)}`);
    pairs.push(`sandbox_workspace_write.network_access=${toml(policy.sandbox.network)}`);
  }
  return pairs;
}
