// The secrets a Codex home holds (auth.json), so a record can be redacted of them by value even
// where they show up in an unexpected place (a tool's output, a log line).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Redactor } from "./redact.js";

export function learnHomeSecrets(redactor: Redactor, codexHome: string): void {
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
