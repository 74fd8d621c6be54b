// Finding and reading the policy file: --policy FILE, else .codex-headless/policy.toml at the git
// top level of the run's directory, else the built-in default. Every defect is one line naming the
// file, the line and the key.
import { existsSync, readFileSync } from "node:fs";
import { gitTopLevel } from "../fs-lookup.js";
import path from "node:path";
import { parse, TomlError } from "smol-toml";
import { CodexHeadlessError, errnoCode } from "../errors.js";
import { contradictionIn, defaultPolicy, policySchema, type Policy } from "./policy.js";

export const POLICY_RELATIVE_PATH = path.join(".codex-headless", "policy.toml");

export interface LoadedPolicy {
  policy: Policy;
  /** The file it came from, or "built-in default". */
  source: string;
}

export const BUILT_IN = "built-in default";

/** Where the policy for a run in `cwd` comes from; undefined means the built-in default. */
export function discoverPolicyFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return path.resolve(cwd, explicit);
  const top = gitTopLevel(cwd) ?? path.resolve(cwd);
  const candidate = path.join(top, POLICY_RELATIVE_PATH);
  return existsSync(candidate) ? candidate : undefined;
}

/** The 1-based line where a dotted key is defined: its `[table]` header, then `name =` inside it. */
export function lineOfKey(source: string, keyPath: ReadonlyArray<PropertyKey>): number | undefined {
  const lines = source.split(/\r?\n/);
  const keys = keyPath.filter((k): k is string => typeof k === "string");
  if (keys.length === 0) return undefined;
  let table = "";
  let fallback: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const header = /^\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) {
      table = header[1]!;
      if (table === keys.join(".")) fallback ??= i + 1;
      continue;
    }
    const assigned = /^("?)([A-Za-z0-9_.-]+)\1\s*=/.exec(line);
    if (!assigned) continue;
    const full = table ? `${table}.${assigned[2]}` : assigned[2]!;
    if (full === keys.join(".") || keys.join(".").startsWith(`${full}.`)) return i + 1;
  }
  return fallback;
}

function fail(file: string, message: string, line?: number): never {
  throw new CodexHeadlessError("usage", `policy ${file}${line ? `:${line}` : ""}: ${message}`, { data: { file, ...(line ? { line } : {}) } });
}

export function parsePolicyText(text: string, file: string): Policy {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split("\n")[0]!.replace(/^Invalid TOML document:\s*/, "");
      // The nearest non-blank line at or above the error names the key (an unclosed array ends at EOF).
      const near = text.split(/\r?\n/).slice(0, error.line).reverse().map((l) => l.trim()).find((l) => l.length > 0);
      const key = near ? /^\[?\s*"?([A-Za-z0-9_.-]+)/.exec(near)?.[1] : undefined;
      fail(file, `${first}${key ? ` (at key ${key})` : ""}`, error.line);
    }
    throw error;
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const where = [...issue.path, issue.keys[0]!];
      fail(file, `unknown key ${where.join(".")}`, lineOfKey(text, where));
    }
    const key = issue.path.join(".") || "(top level)";
    fail(file, `${key}: ${issue.message}`, lineOfKey(text, issue.path));
  }
  const contradiction = contradictionIn(parsed.data);
  if (contradiction) {
    const key = contradiction.split(":")[0]!;
    fail(file, `contradictory rules: ${contradiction}`, lineOfKey(text, key.split(".")));
  }
  return parsed.data;
}

export function loadPolicy(cwd: string, explicit?: string): LoadedPolicy {
  const file = discoverPolicyFile(cwd, explicit);
  if (!file) return { policy: defaultPolicy(), source: BUILT_IN };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new CodexHeadlessError("usage", `policy ${file}: cannot read it (${errnoCode(cause)})`, { cause });
  }
  return { policy: parsePolicyText(text, file), source: file };
}
