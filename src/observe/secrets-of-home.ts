// The secrets a Codex home holds (auth.json), so a record can be redacted of them by value even
// where they show up in an unexpected place (a tool's output, a log line).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { parseOverride } from "../codex/config-overrides.js";
import type { Redactor } from "./redact.js";
import { isSecretName } from "./secret-names.js";

/** Learns the values a `shell_environment_policy.set` table gives the tools under secret names: they
 *  are in no environment we see, and a command that prints one put it whole into the record (red
 *  team 11: a policy's [env] set). */
function learnSetTable(redactor: Redactor, table: unknown): void {
  if (!table || typeof table !== "object") return;
  for (const [name, value] of Object.entries(table)) if (typeof value === "string" && isSecretName(name)) redactor.addSecret(value);
}

/** The same for `-c` overrides (the policy's, the run's own): the whole table or one of its keys. */
export function learnSetSecrets(redactor: Redactor, overrides: readonly string[]): void {
  for (const pair of overrides) {
    const parsed = parseOverride(pair);
    if (parsed?.key === "shell_environment_policy.set") learnSetTable(redactor, parsed.value);
    else if (parsed?.key.startsWith("shell_environment_policy.set.")) learnSetTable(redactor, { [parsed.key.slice("shell_environment_policy.set.".length)]: parsed.value });
  }
}

export function learnHomeSecrets(redactor: Redactor, codexHome: string): void {
  // The home's own configuration may set variables for the tools too.
  try {
    const config = parse(readFileSync(path.join(codexHome, "config.toml"), "utf8")) as { shell_environment_policy?: { set?: unknown } };
    learnSetTable(redactor, config.shell_environment_policy?.set);
  } catch {
    // No config.toml, or one Codex will refuse: nothing set from it.
  }
  let text: string;
  try {
    text = readFileSync(path.join(codexHome, "auth.json"), "utf8");
  } catch {
    return; // no auth in this home
  }
  try {
    redactor.addSecretsFromJson(JSON.parse(text));
  } catch {
    // A corrupt auth.json: treat every long token-like word in it as secret.
    for (const word of text.match(/[A-Za-z0-9._~+/=-]{16,}/g) ?? []) redactor.addSecret(word);
  }
}
