// Finding and reading the policy file: --policy FILE, else .codex-headless/policy.toml at the git
// top level of the run's directory, else the built-in default. In a git repository the policy in
// force is the committed one (HEAD): the working copy is writable by the very runs it governs, so a
// copy that differs is reported and ignored. Every defect is one line naming the file, the line and
// the key.
import { createHash } from "node:crypto";
import { lstatSync } from "node:fs";
import { gitTopLevel } from "../core/fs-lookup.js";
import { gitPlumbing } from "../core/git.js";
import { CommitMemo, headFromFiles } from "../core/git-head.js";
import { readCommitAnswer, writeCommitAnswer } from "../core/commit-store.js";
import { z } from "zod";
import { readInputFile } from "../core/safe-fs.js";
import path from "node:path";
import { parse, TomlError } from "smol-toml";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { contradictionIn, defaultPolicy, policySchema, type Policy } from "./policy.js";

export const POLICY_RELATIVE_PATH = path.join(".codex-headless", "policy.toml");

export interface LoadedPolicy {
  policy: Policy;
  /** Where it came from: a file, "FILE (committed at HEAD)", or "built-in default". */
  source: string;
  /** The file read, when one was (the working-copy path for a committed policy). */
  file?: string;
  /** explicit: --policy FILE; committed: HEAD's blob; file: found outside git; built-in. */
  origin: "explicit" | "committed" | "file" | "built-in";
  /** SHA-256 of the text in force, for the record and for noticing a change during the run. */
  sha256?: string;
  /** The git repository holding a committed policy (its .git must stay out of the sandbox's reach). */
  gitDir?: string;
  /** Things the caller should be told (a working copy that differs from the committed policy). */
  notices: string[];
}

export const BUILT_IN = "built-in default";

/** Whether anything (a dangling link included) sits at `file`. */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

export const sha256Of = (text: string): string => createHash("sha256").update(text).digest("hex");

/** HEAD's version of a path in a repository, or undefined when HEAD has none. `store`: a folder of
 *  the state directory where answers are kept for later processes (core/commit-store.ts). */
async function committedText(top: string, relative: string, store?: string): Promise<string | undefined | "not a repository"> {
  const gitRelative = relative.split(path.sep).join("/");
  // HEAD's commit read from the repository's files: what a commit holds never changes, so a long-lived
  // process (the pool, the MCP server) asks git once per commit. Anything unusual is git's to read.
  const head = headFromFiles(top);
  const key = head && `${head.commonDir}\0${head.commit}\0${gitRelative}`;
  if (key && committedByCommit.has(key)) return committedByCommit.get(key);
  const kept = key && store !== undefined ? readCommitAnswer(store, key, keptTextSchema) : undefined;
  if (key && kept) {
    const text = kept.value ?? undefined;
    committedByCommit.set(key, text);
    return text;
  }
  if (head && key) {
    // The commit by its id, not HEAD, so that what is kept is what that commit holds even if HEAD
    // moved meanwhile; `^{commit}` makes a missing commit an error rather than "no such path".
    const named = `${head.commit}^{commit}`;
    const result = await gitPlumbing(top, ["cat-file", "blob", `${named}:${gitRelative}`], "read its committed policy");
    const absent = result.code !== 0 && (result.stderr.includes(`does not exist in '${named}'`) || result.stderr.includes(`exists on disk, but not in '${named}'`));
    if (result.code === 0 || absent) {
      const text = result.code === 0 ? result.stdout : undefined;
      committedByCommit.set(key, text);
      if (store !== undefined) writeCommitAnswer(store, key, text ?? null);
      return text;
    }
    // Anything else (a commit git does not have): git is asked for HEAD, as without the cache.
  }
  const result = await gitPlumbing(top, ["cat-file", "blob", `HEAD:${gitRelative}`], "read its committed policy");
  if (result.code === 0) return result.stdout;
  // A `.git` that git does not take for a repository: then there is no committed policy to prefer,
  // and the working copy is judged like any file outside git (refused if the sandbox can write it).
  if (/not a git repository/i.test(result.stderr)) return "not a repository";
  // No commit yet, or no such path in HEAD: there is no committed policy.
  if (/invalid object name 'HEAD'|does not exist in 'HEAD'|exists on disk, but not in 'HEAD'|not a valid object name/i.test(result.stderr)) return undefined;
  const said = result.stderr.split("\n").find((line) => line.trim()) ?? `exit ${String(result.code)}`;
  throw new CodexHeadlessError("environment", `policy: cannot read the committed policy of ${top}: ${said.trim()}`);
}

/** What a commit holds at a path (undefined: nothing), by repository, commit id and path. */
const committedByCommit = new CommitMemo<string | undefined>();
/** The same kept for later processes: null for nothing at that path. */
const keptTextSchema = z.string().nullable();

// A policy is a short TOML file; anything larger is not one (a device, a log given by mistake).
const POLICY_MAX_BYTES = 1024 * 1024;

function readPolicyFile(file: string): string {
  return readInputFile(file, `policy ${file}`, POLICY_MAX_BYTES).toString("utf8");
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

/** The policy for a run in `cwd` (see the header). Errors: usage (exit 2) for an unreadable or
 *  malformed file. */
export async function loadPolicy(cwd: string, explicit?: string, options: { beforeGit?: (top: string) => void; commitStore?: string } = {}): Promise<LoadedPolicy> {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    const text = readPolicyFile(file);
    return { policy: parsePolicyText(text, file), source: file, file, origin: "explicit", sha256: sha256Of(text), notices: [] };
  }
  const top = gitTopLevel(cwd);
  const root = top ?? path.resolve(cwd);
  const file = path.join(root, POLICY_RELATIVE_PATH);
  // Git reads the repository's own configuration, which can name programs: the caller first makes
  // sure a sandboxed run could not have written that `.git` (see gate.ts).
  if (top) options.beforeGit?.(top);
  const committed = top ? await committedText(top, POLICY_RELATIVE_PATH, options.commitStore) : "not a repository";
  if (top && committed !== "not a repository") {
    // The working copy only decides a notice; one that is not a regular file (a planted FIFO) differs.
    let working: string | undefined;
    try {
      working = present(file) ? readPolicyFile(file) : undefined;
    } catch {
      working = "(not a regular file)";
    }
    const differs = working !== committed;
    const notices = !differs
      ? []
      : [
          committed === undefined
            ? `policy ${file} is not committed; in a git repository only the committed policy is used (commit it, or name it with ${optionName("policy")})`
            : `policy ${file} differs from the committed one${working === undefined ? " (removed)" : ""}; the committed policy is used (commit the change, or name the file with ${optionName("policy")})`,
        ];
    // A refused run says its one line and not the notices: the source it names says which file is not
    // in force (a newcomer edited the working copy and was refused with no word of it).
    if (committed === undefined) return { policy: defaultPolicy(), source: working === undefined ? BUILT_IN : `${BUILT_IN} (${file} is not committed, so not used)`, origin: "built-in", notices };
    const source = `${file} (committed at HEAD${differs ? "; the working copy differs and is not used" : ""})`;
    return { policy: parsePolicyText(committed, source), source, file, origin: "committed", sha256: sha256Of(committed), gitDir: path.join(top, ".git"), notices };
  }
  if (!present(file)) return { policy: defaultPolicy(), source: BUILT_IN, origin: "built-in", notices: [] };
  const text = readPolicyFile(file);
  return { policy: parsePolicyText(text, file), source: file, file, origin: "file", sha256: sha256Of(text), notices: [] };
}

/** What became of a policy file during a run: undefined when it is as it was read. */
export function policyChange(loaded: LoadedPolicy): string | undefined {
  if (!loaded.file || loaded.origin === "committed") return undefined;
  if (!present(loaded.file)) return `policy ${loaded.file} was moved or deleted during the run`;
  let text: string;
  try {
    text = readInputFile(loaded.file, `policy ${loaded.file}`, POLICY_MAX_BYTES).toString("utf8");
  } catch (error) {
    return `policy ${loaded.file} can no longer be read (${errnoCode(error)})`;
  }
  return sha256Of(text) === loaded.sha256 ? undefined : `policy ${loaded.file} was changed during the run`;
}
