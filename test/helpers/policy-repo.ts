// A git repository whose first commit holds a committed policy, and a reader of the policy a fresh
// process would be governed by there: the fixtures of the committed-policy red-team tests.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fixtureHome } from "./fixture-home.js";
import { REPO_ROOT } from "./paths.js";

export const POLICY = ".codex-headless/policy.toml";
export const sha = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A policy that allows everything (danger-full-access by default); `label` is its first line, a
 *  comment, so that each test's copy has a SHA-256 of its own. */
export const loosePolicy = (label: string): string =>
  `# ${label}\n[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\ndefault = "danger-full-access"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;
/** The tight policy a repository commits over a looser one: read-only by default, no danger. */
export const TIGHT_POLICY = `# committed\n[sandbox]\nmodes = ["read-only", "workspace-write"]\ndefault = "read-only"\n`;

/** A fixture repository (branch main) whose first commit holds `text` at POLICY; `git` runs in its
 *  work tree and returns git's output as it is (a blob's text whole). */
export function policyRepo(prefix: string, text: string) {
  const f = fixtureHome(prefix, { gitCeiling: true, seededState: true });
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: f.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q", "-b", "main");
  mkdirSync(path.join(f.cwd, ".codex-headless"));
  writeFileSync(path.join(f.cwd, POLICY), text);
  git("add", POLICY);
  git("commit", "-qm", "policy");
  return { f, git };
}

/** A repository (policy: read-only and workspace-write) whose every file goes through filter `x`,
 *  with a tracked file changed and its size kept: a host-side `git status` runs the filter to compare
 *  contents. `pwned` is what a planted command creates (red teams 16 and 17). */
export function filteredRepo(prefix: string) {
  const { f, git } = policyRepo(prefix, `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`);
  writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
  writeFileSync(path.join(f.cwd, ".gitattributes"), "* filter=x\n");
  git("add", "a.txt", ".gitattributes");
  git("commit", "-qm", "a");
  writeFileSync(path.join(f.cwd, "a.txt"), "jello\n");
  return { f, pwned: path.join(f.root, "pwned") };
}

/** A repository (policy: read-only and workspace-write) with one commit, and a copy of its store at
 *  `$TMPDIR/store.git`, where every workspace-write run can write, holding what such a run plants: a
 *  clean filter for every file that creates `pwned`; the tracked file is changed with its size kept,
 *  so a host-side `git status` given that store runs the filter (red teams 14 and 21). */
export function storeUnderTmpdir(prefix: string) {
  const { f, git } = policyRepo(prefix, `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`);
  const pwned = path.join(f.root, "pwned");
  writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
  git("add", "a.txt");
  git("commit", "-qm", "a");
  const store = path.join(f.env.TMPDIR!, "store.git");
  cpSync(path.join(f.cwd, ".git"), store, { recursive: true });
  appendFileSync(path.join(store, "config"), `[filter "x"]\n\tclean = touch ${pwned} && cat\n`);
  writeFileSync(path.join(f.cwd, ".gitattributes"), "* filter=x\n");
  writeFileSync(path.join(f.cwd, "a.txt"), "jello\n");
  return { f, git, store, pwned };
}

/** A git configuration that makes Codex's host-side git create `pwned`: an `ext::` URL in place of
 *  the plugins repository its `git ls-remote` fetches, and filter `x` (filteredRepo's) run by `git status`. */
export const plantedGitConfig = (pwned: string): string =>
  `[protocol "ext"]\n\tallow = always\n[url "ext::sh -c touch% ${pwned}"]\n\tinsteadOf = https://github.com/openai/plugins.git\n[filter "x"]\n\tclean = touch ${pwned} && cat\n`;

const GATE = pathToFileURL(path.join(REPO_ROOT, "dist", "src", "safety", "gate.js")).href;
const READER = `
const { loadRunPolicy } = await import(${JSON.stringify(GATE)});
const loaded = await loadRunPolicy({ cwd: process.cwd(), config: [] }, process.env);
process.stdout.write(JSON.stringify({ sha256: loaded.sha256 }));
`;

/** The SHA-256 of the policy a fresh process in `cwd` applies ("built-in" when none), or the
 *  refusal it ends with (its stderr). */
export function policyInForce(cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return policyInFreshProcess(cwd, env) ?? "built-in";
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

/** The SHA-256 of the policy a new process in `cwd` loads (the built gate, as each CLI run would). */
export function policyInFreshProcess(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  return (JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", READER], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as { sha256?: string }).sha256;
}
