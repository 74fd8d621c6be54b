// What the model was told about its environment: the <environment_context> block Codex puts into
// the request (cwd, shell, date, timezone, ...), read from what reached the provider.
import type { CapturedRequest } from "../mock/server.js";

function findText(value: unknown, needle: string): string | undefined {
  if (typeof value === "string") return value.includes(needle) ? value : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findText(item, needle);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) {
      const found = findText(item, needle);
      if (found) return found;
    }
  }
  return undefined;
}

export function environmentContextOf(requests: CapturedRequest[]): Record<string, string> | undefined {
  for (const request of requests) {
    const text = findText(request.body, "<environment_context>");
    if (!text) continue;
    const block = text.slice(text.indexOf("<environment_context>") + "<environment_context>".length, text.indexOf("</environment_context>"));
    const fields: Record<string, string> = {};
    // Leaf tags by name; a nested block (filesystem permissions) is kept whole under its name.
    for (const match of block.matchAll(/<([a-z_]+)>([\s\S]*?)<\/\1>/g)) fields[match[1]!] = match[2]!.trim();
    return fields;
  }
  return undefined;
}
