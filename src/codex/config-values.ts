// The `-c key=value` values codex-headless can judge itself, checked before anything is spawned: an
// unknown sandbox mode used to reach the gate and read as a policy refusal (exit 4), and a value Codex
// refuses as configuration cost a Codex start to learn (issue 20, case 2). Keys we cannot judge are
// left to Codex's own parser, whose refusal the run reports as a configuration error (exit 2).
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { parseOverride } from "./config-overrides.js";
import { OMITTED, approvalPolicySchema, sandboxModeSchema } from "./vocabulary.js";

const usage = (key: string, what: string) => new CodexHeadlessError("usage", `config override ${key}: ${what}`, { data: { key } });

/** Throws a usage error (one line naming the key) for the first override whose value we know to be
 *  wrong: a sandbox mode or approval policy outside Codex's vocabulary, granular approval (not
 *  offered), and `approval_policy = "untrusted"`, which Codex 0.169.0 refuses as configuration on both
 *  transports ("approval_policy = \"untrusted\" is no longer supported; remove this setting",
 *  test/codex/config-overrides-codex.test.ts); app-server takes it only as the thread's policy. */
export function checkConfigValues(config: readonly string[]): void {
  for (const pair of config) {
    const parsed = parseOverride(pair);
    if (!parsed) continue;
    const { key, value } = parsed;
    if (key === "sandbox_mode") {
      const mode = sandboxModeSchema.safeParse(value);
      if (!mode.success) throw usage(key, mode.error.issues[0]!.message);
    }
    if (key === "approval_policy") {
      if (value !== null && typeof value === "object" && "granular" in value) throw usage(key, `granular approval is not offered by codex-headless (${OMITTED.approval.granular})`);
      const policy = approvalPolicySchema.safeParse(value);
      if (!policy.success) throw usage(key, policy.error.issues[0]!.message);
      if (policy.data === "untrusted") throw usage(key, `Codex refuses "untrusted" as configuration ("no longer supported"); use ${optionName("approval", "untrusted")} with ${optionName("transport", "app-server")}`);
    }
  }
}
