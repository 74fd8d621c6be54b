// A launch context turns "run Codex with these arguments" into what is actually spawned: which
// program, which argv, which environment. Each context is a module of its own in this folder.
import type { LaunchContextName } from "../run/spec.js";
import { CodexHeadlessError } from "../core/errors.js";
import { directContext } from "./direct.js";
import type { CaptureFile } from "./env-capture.js";
import { bashLoginContext, zshInteractiveContext, zshLoginContext } from "./shell-login.js";
import { ptyContext } from "./pty.js";
import { toolContext } from "./tool.js";
import { wrapperContext } from "./wrapper.js";

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

const contexts = new Map<LaunchContextName, LaunchContext>(
  [directContext, toolContext, bashLoginContext, zshLoginContext, zshInteractiveContext, wrapperContext, ptyContext].map((c) => [c.name, c]),
);

/** The contexts this build can launch. */
export function availableContexts(): LaunchContextName[] {
  return [...contexts.keys()];
}

export function registerLaunchContext(context: LaunchContext): void {
  contexts.set(context.name, context);
}

export function launchContext(name: LaunchContextName): LaunchContext {
  const context = contexts.get(name);
  if (!context) throw new CodexHeadlessError("usage", `launch context ${name} is not available yet in this build`);
  return context;
}
