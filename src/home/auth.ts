// Carries authentication into a non-ambient home, by one of five modes, without touching the source:
// copy (auth.json copied, 0600), link (symlink to it), api-key (`codex login --with-api-key` into the
// new home), env (the key only in CODEX_API_KEY, nothing on disk), none.
import { chmodSync, copyFileSync, lstatSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { resolvedPath } from "../core/paths.js";
import { runCommand } from "../process/spawn.js";
import type { AuthMode } from "../codex/vocabulary.js";
import { apiKeyFromEnv, readAuthFile } from "./auth-source.js";
import type { PreparedHome } from "./prepare.js";

export interface AuthPlan {
  mode: AuthMode;
  /** The token Codex should send, when we know it (to check it arrived, by hash only). */
  expectedToken?: string;
  source?: string;
}

const CREDENTIAL_ENV = ["CODEX_API_KEY", "OPENAI_API_KEY"] as const;

/** Decides, before anything is created, what the mode will carry; bad input fails here. */
export function planAuth(mode: AuthMode, env: NodeJS.ProcessEnv): AuthPlan {
  switch (mode) {
    case "none":
      return { mode };
    case "copy":
    case "link": {
      const file = readAuthFile(env);
      if (mode === "copy" && file.kind === "chatgpt") {
        // ChatGPT refresh tokens are single-use: whichever home refreshes first leaves the other stale.
        throw new CodexHeadlessError("usage", `${optionName("auth", "copy")}: ${file.path} holds ChatGPT login tokens, whose refresh tokens are single-use; a copy would leave one home stale. Use ${optionName("auth", "link")}.`);
      }
      return { mode, source: file.path, ...(file.apiKey ? { expectedToken: file.apiKey } : {}) };
    }
    case "api-key":
    case "env": {
      const key = apiKeyFromEnv(env);
      if (!key) throw new CodexHeadlessError("usage", `${optionName("auth", mode)}: no API key in CODEX_API_KEY or OPENAI_API_KEY`);
      return { mode, expectedToken: key, source: env.CODEX_API_KEY ? "CODEX_API_KEY" : "OPENAI_API_KEY" };
    }
  }
}

/** What is at `home`/auth.json before the plan is applied: nothing ("absent"), or exactly what the plan
 *  would put there ("carried": a byte-identical copy, a link to the same file, an auth.json with the
 *  same API key), which is left as it is. Anything else is a file we did not create, and we never
 *  delete or replace one: refused, one line. Paths are compared after resolving links, so a home
 *  given as the ambient home (by any path) is recognised (it used to lose its auth.json: the copy
 *  mode removed the target, which was the source). Errors: usage, naming the file. */
export function authTargetState(plan: AuthPlan, home: string): "absent" | "carried" | "none" {
  if (plan.mode === "none") return "none";
  const target = path.join(home, "auth.json");
  const stat = lstatSync(target, { throwIfNoEntry: false });
  const refuse = (why: string) =>
    new CodexHeadlessError("usage", `${optionName("auth", plan.mode)}: ${target} ${why}; codex-headless never replaces a file it did not create (move it away, or drop ${optionName("auth")})`, { data: { path: target } });
  if (plan.source && (plan.mode === "copy" || plan.mode === "link") && resolvedPath(target) === resolvedPath(plan.source)) {
    throw new CodexHeadlessError("usage", `${optionName("auth", plan.mode)}: the home ${home} holds the very auth.json it would carry (${plan.source}); use it without ${optionName("auth")}`, { data: { path: target } });
  }
  if (!stat) return "absent";
  switch (plan.mode) {
    case "copy":
      if (stat.isFile() && !stat.isSymbolicLink() && readFileSync(target).equals(readFileSync(plan.source!))) return "carried";
      throw refuse("exists and is not a copy of the one carried");
    case "link":
      if (stat.isSymbolicLink() && realTarget(target) === realTarget(plan.source!)) return "carried";
      throw refuse("exists and is not a link to the one carried");
    case "api-key":
      if (stat.isFile() && apiKeyIn(target) === plan.expectedToken) return "carried";
      throw refuse("exists and holds another login");
    case "env":
      // Codex would read that file as well as CODEX_API_KEY: the run would not be "nothing on disk".
      throw refuse(`exists, and ${optionName("auth", "env")} carries the key in the environment only`);
  }
}

function realTarget(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

function apiKeyIn(file: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { OPENAI_API_KEY?: unknown };
    return typeof json.OPENAI_API_KEY === "string" ? json.OPENAI_API_KEY : undefined;
  } catch {
    return undefined;
  }
}

/** Applies the plan to the prepared home; returns the environment Codex must run with. */
export async function applyAuth(plan: AuthPlan, home: PreparedHome, codexPath: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  if (home.mode === "ambient") throw new CodexHeadlessError("usage", `${optionName("auth")} applies to a home codex-headless prepares, not the ambient one`);
  const target = path.join(home.path, "auth.json");
  // Only what the mode carries reaches Codex: no key leaks in from the caller's environment.
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of CREDENTIAL_ENV) delete out[name];
  if (authTargetState(plan, home.path) === "carried") return out;
  switch (plan.mode) {
    case "none":
      break;
    case "copy":
      copyFileSync(plan.source!, target);
      chmodSync(target, 0o600);
      break;
    case "link":
      symlinkSync(plan.source!, target);
      break;
    case "api-key": {
      const result = await runCommand(codexPath, ["login", "--with-api-key"], { env: { ...out, CODEX_HOME: home.path }, input: `${plan.expectedToken}\n`, timeoutMs: 30_000 });
      if (result.code !== 0) throw new CodexHeadlessError("environment", `codex login --with-api-key failed (exit ${String(result.code)}): ${result.stderr.trim().split("\n").at(-1) ?? ""}`);
      break;
    }
    case "env":
      out.CODEX_API_KEY = plan.expectedToken;
      break;
  }
  return out;
}
