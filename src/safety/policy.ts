// The repo-local safety policy (.codex-headless/policy.toml): which sandbox modes and approval
// policies a run may use, when the dangerous modes are allowed at all, which commands are denied, and
// what environment tools see. One zod schema is the source of truth; docs/policy.md documents it.
import { z } from "zod";
import { APPROVAL_POLICIES, SANDBOX_MODES, approvalPolicySchema, sandboxModeSchema } from "../codex/vocabulary.js";
import { SECRET_NAME_GLOBS } from "../observe/secret-names.js";

/** Names tools should never see unless a policy says otherwise (observe/secret-names.ts). */
export const SECRET_NAME_PATTERNS = SECRET_NAME_GLOBS;

const modeList = z.array(sandboxModeSchema);
const prefixList = z.array(z.string().trim().min(1, "a command prefix must not be empty"));

export const policySchema = z
  .object({
    // Said in our words: zod's were "Invalid input: expected 1", which names neither the versions nor a way out.
    version: z.literal(1, { error: (issue) => `this codex-headless reads policy version 1, got ${JSON.stringify(issue.input)}; the file is for another codex-headless, or mistyped` }).default(1),
    sandbox: z
      .object({
        /** Modes a run may ask for. */
        modes: modeList.min(1, "at least one sandbox mode must be allowed").default(["read-only", "workspace-write"]),
        /** Mode used when a run names none (Codex's own default depends on its config). */
        default: sandboxModeSchema.default("read-only"),
        /** Extra writable roots for workspace-write (absolute paths). */
        writable_roots: z.array(z.string().startsWith("/", "writable roots must be absolute paths")).default([]),
        /** Network for sandboxed commands (workspace-write). */
        network: z.boolean().default(false),
        /** Probe Codex's sandbox before a run relies on it, and refuse if it does not work. */
        require_working: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    approval: z
      // All three are allowed: each only narrows what runs without asking. (codex 0.169.0's exec refuses
      // "untrusted" by itself; its app-server accepts it — measured by the lab.)
      .object({ policies: z.array(approvalPolicySchema).min(1, "at least one approval policy must be allowed").default([...APPROVAL_POLICIES]) })
      .strict()
      .prefault({}),
    danger: z
      .object({
        /** Whether danger-full-access (no sandbox) may ever be used. */
        allow: z.boolean().default(false),
        /** The operator's statement that something outside Codex sandboxes the run (VM, container). */
        externally_sandboxed: z.boolean().default(false),
        /** Require that statement before allowing danger-full-access. */
        require_externally_sandboxed: z.boolean().default(true),
        /** Require that we detect a container before allowing danger-full-access. */
        require_container: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    commands: z
      .object({
        /** When non-empty, only commands starting with one of these are accepted. */
        allow: prefixList.default([]),
        /** Commands starting with one of these are declined (and forbidden to Codex itself). */
        deny: prefixList.default([]),
      })
      .strict()
      .prefault({}),
    env: z
      .object({
        /** Codex's shell_environment_policy.inherit. */
        inherit: z.enum(["all", "core", "none"]).default("all"),
        ignore_default_excludes: z.boolean().default(false),
        exclude: z.array(z.string().min(1)).default([...SECRET_NAME_PATTERNS]),
        include_only: z.array(z.string().min(1)).default([]),
        set: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a variable name"), z.string()).default({}),
        /** Whether a run's own `-c shell_environment_policy.*` / `sandbox_workspace_write.*` may override these. */
        caller_may_override: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    jail: z
      .object({
        /** Every run must be jailed (`--jail`): an unjailed run is refused. */
        require: z.boolean().default(false),
        /** Extra paths bound read-only into the jail (absolute; a missing one is skipped). */
        read_paths: z.array(z.string().startsWith("/", "jail paths must be absolute")).default([]),
        /** Extra paths bound read-write into the jail (absolute; each must exist). */
        write_paths: z.array(z.string().startsWith("/", "jail paths must be absolute")).default([]),
        /** Environment variables let into the jail besides the built-in few (PATH, HOME, locale,
         *  CODEX_HOME, the provider's key); everything else of the caller's environment stays out. */
        env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a variable name")).default([]),
        /** Hosts besides the provider's the jail's only way out admits, as "host:port". */
        allow_hosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/, "expected host:port")).default([]),
        /** Processes (threads included) the jail may add to the user's count when it starts
         *  (RLIMIT_NPROC counts per user, host-wide: the user's other work shares the margin). */
        processes: z.number().int().min(16).max(100_000).default(1024),
        /** Address space per process, in MiB (RLIMIT_AS). */
        memory_mb: z.number().int().min(256).default(16_384),
      })
      .strict()
      .prefault({}),
    home: z
      .object({
        /** Codex's app-server records a workspace-write repository as trusted in the home's config.toml
         *  (measured on 0.169.0), and a trusted repository's .codex/config.toml then loads, MCP servers
         *  and all. true: report such a change; false: refuse app-server runs with a writable sandbox
         *  on a home that outlives the run (ambient, repo, a path). */
        allow_trust_write: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

/** Rules that are each valid but cannot hold together. Returns "key: why" or undefined. */
export function contradictionIn(policy: Policy): string | undefined {
  const { sandbox, danger, commands } = policy;
  if (sandbox.modes.includes("danger-full-access") && !danger.allow) {
    return "sandbox.modes: lists danger-full-access but danger.allow is false";
  }
  if (!sandbox.modes.includes(sandbox.default)) return `sandbox.default: ${sandbox.default} is not in sandbox.modes`;
  const both = commands.allow.find((prefix) => commands.deny.includes(prefix));
  if (both) return `commands: ${JSON.stringify(both)} is both allowed and denied`;
  if (danger.allow && danger.require_externally_sandboxed && !danger.externally_sandboxed && !sandbox.modes.includes("danger-full-access")) {
    return "danger.allow: true, but danger-full-access is not in sandbox.modes and the run is not externally sandboxed";
  }
  return undefined;
}

/** The safe built-in default: sandboxed modes only, no danger-full-access, no secret-looking env. */
// Parsed once (a parse was ~3 ms of every run's gate in a CPU profile); each caller gets its own copy.
let parsedDefault: Policy | undefined;

export function defaultPolicy(): Policy {
  parsedDefault ??= policySchema.parse({});
  return structuredClone(parsedDefault);
}

const SANDBOX_ORDER: readonly string[] = ["read-only", "workspace-write", "danger-full-access"];
const INHERIT_ORDER: readonly string[] = ["none", "core", "all"];
const both = <T>(a: readonly T[], b: readonly T[]): T[] => a.filter((item) => b.includes(item));
// A list where empty means "no restriction": the restriction of whichever has one, or of both.
// Both restricted with nothing in common yields `none`: an empty list would mean no restriction.
const narrower = <T>(a: readonly T[], b: readonly T[], none: T): T[] => {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const common = both(a, b);
  return common.length > 0 ? common : [none];
};

/** A command prefix no command can start with (NUL cannot be in an argument): "allow nothing". */
export const ALLOW_NOTHING = "\u0000nothing";

/** A policy at least as strict as each of `a` and `b`: what either forbids stays forbidden (the MCP
 *  server's repository and the repository of a call's working directory both govern the call). Allowed
 *  sets are intersected, deny lists and secret excludes joined, switches that loosen kept only when
 *  both set them. A combination that allows nothing is refused by the gate like any other. */
export function stricterPolicy(a: Policy, b: Policy): Policy {
  const modes = both(a.sandbox.modes, b.sandbox.modes);
  const defaults = [a.sandbox.default, b.sandbox.default].sort((x, y) => SANDBOX_ORDER.indexOf(x) - SANDBOX_ORDER.indexOf(y));
  return policySchema.parse({
    version: 1,
    sandbox: {
      modes: modes.length > 0 ? modes : ["read-only"],
      default: modes.includes(defaults[0]!) ? defaults[0] : (modes[0] ?? "read-only"),
      writable_roots: both(a.sandbox.writable_roots, b.sandbox.writable_roots),
      network: a.sandbox.network && b.sandbox.network,
      require_working: a.sandbox.require_working || b.sandbox.require_working,
    },
    approval: { policies: both(a.approval.policies, b.approval.policies).length > 0 ? both(a.approval.policies, b.approval.policies) : ["untrusted"] },
    danger: {
      allow: a.danger.allow && b.danger.allow && modes.includes("danger-full-access"),
      externally_sandboxed: a.danger.externally_sandboxed && b.danger.externally_sandboxed,
      require_externally_sandboxed: a.danger.require_externally_sandboxed || b.danger.require_externally_sandboxed,
      require_container: a.danger.require_container || b.danger.require_container,
    },
    commands: { allow: narrower(a.commands.allow, b.commands.allow, ALLOW_NOTHING), deny: [...new Set([...a.commands.deny, ...b.commands.deny])] },
    env: {
      inherit: [a.env.inherit, b.env.inherit].sort((x, y) => INHERIT_ORDER.indexOf(x) - INHERIT_ORDER.indexOf(y))[0],
      ignore_default_excludes: a.env.ignore_default_excludes && b.env.ignore_default_excludes,
      exclude: [...new Set([...a.env.exclude, ...b.env.exclude])],
      include_only: narrower(a.env.include_only, b.env.include_only, "CODEX_HEADLESS_INCLUDE_NOTHING"),
      set: { ...b.env.set, ...a.env.set },
      caller_may_override: a.env.caller_may_override && b.env.caller_may_override,
    },
    home: { allow_trust_write: a.home.allow_trust_write && b.home.allow_trust_write },
    jail: {
      require: a.jail.require || b.jail.require,
      read_paths: both(a.jail.read_paths, b.jail.read_paths),
      write_paths: both(a.jail.write_paths, b.jail.write_paths),
      env: both(a.jail.env, b.jail.env),
      allow_hosts: both(a.jail.allow_hosts, b.jail.allow_hosts),
      processes: Math.min(a.jail.processes, b.jail.processes),
      memory_mb: Math.min(a.jail.memory_mb, b.jail.memory_mb),
    },
  });
}
