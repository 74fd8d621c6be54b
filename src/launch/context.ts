// A launch context turns "run Codex with these arguments" into what is actually spawned: which
// program, which argv, which environment. Each context is a module of its own in this folder; this
// one holds their names and the shape they share, registry.ts the list of them.
import { z } from "zod";
import type { CaptureFile } from "./env-capture.js";

export const CONTEXTS = ["direct", "tool", "bash-login", "zsh-login", "zsh-interactive", "wrapper", "pty", "user-shell"] as const;
export const contextSchema = z.enum(CONTEXTS, {
  error: (issue) => `unknown context ${JSON.stringify(issue.input)}; expected one of ${CONTEXTS.join(", ")}`,
});
export type LaunchContextName = z.infer<typeof contextSchema>;

export interface LaunchRequest {
  codexPath: string;
  codexArgs: string[];
  /** The environment the caller would give Codex (already carrying CODEX_HOME and provider keys). */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface LaunchPlan {
  context: LaunchContextName;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Where the launching shell writes the environment it exec's Codex with (shell contexts only);
   *  the runner reads it as launchEnv, since plan.env is only what the shell started from. */
  capture?: CaptureFile;
  /** "pipe" (default): stdin fed then closed, stdout/stderr pipes. "pty": a pseudo-terminal. */
  stdio?: "pipe" | "pty";
}

export interface LaunchContext {
  name: LaunchContextName;
  /** One sentence: what this context reproduces. */
  describe: string;
  /** Checks what the context needs (e.g. its shell) before the gate and anything else runs, so a
   *  missing shell is reported as such rather than as some later failure. */
  preflight?(env: NodeJS.ProcessEnv): void;
  plan(request: LaunchRequest): LaunchPlan | Promise<LaunchPlan>;
}
