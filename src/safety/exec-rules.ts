// On the exec transport nobody answers approval requests, so the deny list is handed to Codex itself
// as execpolicy rules (`prefix_rule(..., decision="forbidden")` in CODEX_HOME/rules/): Codex refuses
// a matching command before it runs. Written only into homes codex-headless prepares, never ambient.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Policy } from "./policy.js";

export const RULES_FILE = "codex-headless.rules";

export function execRulesFor(policy: Policy, source: string): string | undefined {
  if (policy.commands.deny.length === 0) return undefined;
  const lines = policy.commands.deny.map((prefix) => {
    const pattern = JSON.stringify(prefix.trim().split(/\s+/));
    const why = JSON.stringify(`denied by codex-headless policy: commands.deny ${JSON.stringify(prefix)} (${source})`);
    return `prefix_rule(pattern=${pattern}, decision="forbidden", justification=${why})`;
  });
  return `# Written by codex-headless from its safety policy; rewritten on every run.\n${lines.join("\n")}\n`;
}

/** Puts the rules into a home we prepared (or removes stale ones). */
export function installExecRules(codexHome: string, rules: string | undefined): void {
  const file = path.join(codexHome, "rules", RULES_FILE);
  if (!rules) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, rules);
}
