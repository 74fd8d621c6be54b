// Carries authentication into a non-ambient home, by one of five modes, without touching the source:
// copy (auth.json copied, 0600), link (symlink to it), api-key (`codex login --with-api-key` into the
// new home), env (the key only in CODEX_API_KEY, nothing on disk), none.
import { chmodSync, copyFileSync, existsSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
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
        throw new CodexHeadlessError("usage", `--auth copy: ${file.path} holds ChatGPT login tokens, whose refresh tokens are single-use; a copy would leave one home stale. Use --auth link.`);
      }
      return { mode, source: file.path, ...(file.apiKey ? { expectedToken: file.apiKey } : {}) };
    }
    case "api-key":
    case "env": {
      const key = apiKeyFromEnv(env);
      if (!key) throw new CodexHeadlessError("usage", `--auth ${mode}: no API key in CODEX_API_KEY or OPENAI_API_KEY`);
      return { mode, expectedToken: key, source: env.CODEX_API_KEY ? "CODEX_API_KEY" : "OPENAI_API_KEY" };
    }
  }
}

/** Applies the plan to the prepared home; returns the environment Codex must run with. */
export async function applyAuth(plan: AuthPlan, home: PreparedHome, codexPath: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  if (home.mode === "ambient") throw new CodexHeadlessError("usage", "--auth applies to a home codex-headless prepares, not the ambient one");
  const target = path.join(home.path, "auth.json");
  // Only what the mode carries reaches Codex: no key leaks in from the caller's environment.
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of CREDENTIAL_ENV) delete out[name];
  if (existsSync(target) && plan.mode !== "none") rmSync(target);
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
