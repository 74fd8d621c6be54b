// The launch contexts this build knows, by name. Apart from context.ts so that each context module
// can import the shared shape without importing the list that imports it.
import { CodexHeadlessError } from "../core/errors.js";
import type { LaunchContext, LaunchContextName } from "./context.js";
import { directContext } from "./direct.js";
import { bashLoginContext, zshInteractiveContext, zshLoginContext } from "./shell-login.js";
import { ptyContext } from "./pty.js";
import { toolContext } from "./tool.js";
import { userShellContext } from "./user-shell.js";
import { wrapperContext } from "./wrapper.js";

const contexts = new Map<LaunchContextName, LaunchContext>(
  [directContext, toolContext, bashLoginContext, zshLoginContext, zshInteractiveContext, wrapperContext, ptyContext, userShellContext].map((c) => [c.name, c]),
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
