// The secrets a Codex home holds (auth.json), so a record can be redacted of them by value even
// where they show up in an unexpected place (a tool's output, a log line).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { parseOverride } from "../codex/config-overrides.js";
import { profileFile } from "../safety/user-config.js";
import type { Redactor } from "./redact.js";
import { isSecretName } from "./secret-names.js";

/** Learns the values a `shell_environment_policy.set` table gives the tools under secret names: they
 *  are in no environment we see, and a command that prints one put it whole into the record (red
 *  team 11: a policy's [env] set). */
function learnSetTable(redactor: Redactor, table: unknown): void {
  if (!table || typeof table !== "object") return;
  for (const [name, value] of Object.entries(table)) if (typeof value === "string" && isSecretName(name)) redactor.addSecret(value);
}

/** The same for `-c` overrides (the policy's, the run's own), at any depth of the key: the whole
 *  shell_environment_policy table (red team 12: `shell_environment_policy={set={...}}`), its set
 *  table, or one of its keys. */
export function learnSetSecrets(redactor: Redactor, overrides: readonly string[]): void {
  const setPath = ["shell_environment_policy", "set"];
  for (const pair of overrides) {
    const parsed = parseOverride(pair);
    if (!parsed) continue;
    const parts = parsed.key.split(".");
    if (!parts.slice(0, setPath.length).every((part, i) => part === setPath[i])) continue;
    // The value as it lands in the configuration, read at shell_environment_policy.set.
    let value: unknown = parts.length > setPath.length ? { [parts.slice(setPath.length).join(".")]: parsed.value } : parsed.value;
    for (const part of setPath.slice(parts.length)) value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
    learnSetTable(redactor, value);
  }
}

type SetConfig = { shell_environment_policy?: { set?: unknown } };

/** What a home gives the tools: its config.toml's set table and, with `--profile NAME`, that
 *  profile's file (`<home>/NAME.config.toml`, read over config.toml: red team 12) and a legacy
 *  `[profiles.NAME]` table. */
export function learnHomeSecrets(redactor: Redactor, codexHome: string, profile?: string): void {
  for (const file of ["config.toml", ...(profile ? [path.basename(profileFile(codexHome, profile))] : [])]) {
    try {
      const config = parse(readFileSync(path.join(codexHome, file), "utf8")) as SetConfig & { profiles?: Record<string, SetConfig> };
      learnSetTable(redactor, config.shell_environment_policy?.set);
      if (profile) learnSetTable(redactor, config.profiles?.[profile]?.shell_environment_policy?.set);
    } catch {
      // No such file, or one Codex will refuse: nothing set from it.
    }
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
