// The reference for "what the user's shell sees": `env` typed into an interactive login session of
// the user's passwd shell on a pseudo-terminal, as in a terminal tab. Like exec-pty.ts this is a
// node-pty fork outside process/spawn.ts, under the same rules: input typed then ended, watchdog,
// the whole tree killed, the pid registered for cleanup.
import { createRequire } from "node:module";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { readFileNoFollow } from "../core/safe-fs.js";
import { registerChild } from "../process/child-registry.js";
import { stopInStages } from "../process/spawn.js";
import { parseEnv0 } from "./env-capture.js";
import { passwdLoginShell } from "./shell-find.js";

type NodePty = typeof import("node-pty");
const require = createRequire(import.meta.url);

/** Variables a session sets for itself and that differ between any two shells by design. */
export const SESSION_VARIABLES = ["SHLVL", "_", "PWD", "OLDPWD"];

export interface UserSession {
  shell: string;
  /** The environment `env` printed in the session, or undefined when the session never got there. */
  env?: Record<string, string>;
  ms: number;
  timedOut: boolean;
}

/**
 * Opens `shell -il` on a pseudo-terminal with `env` and `cwd`, types `env -0 > FILE; exit`, and reads
 * FILE back. Slow rc files are waited for up to `timeoutMs`. Throws when node-pty cannot load.
 */
export async function captureUserSession(env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 30_000, shell = passwdLoginShell()): Promise<UserSession> {
  const pty = require("node-pty") as NodePty;
  const dir = mkdtempSync(path.join(env.TMPDIR || os.tmpdir(), "codex-headless-session-"));
  const file = path.join(dir, "env0");
  const started = Date.now();
  const term = pty.spawn(shell, ["-il"], {
    name: env.TERM && env.TERM !== "dumb" ? env.TERM : "xterm-256color",
    cols: 120,
    rows: 40,
    cwd,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  const unregister = registerChild(term.pid);
  const exited = new Promise<void>((resolve) => term.onExit(() => resolve()));
  // Typed at once: the terminal buffers it until the rc files are done and the shell reads its input.
  term.write(`env -0 > '${file}'; exit\r`);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopInStages(term.pid, exited);
  }, timeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
    unregister();
  }
  let captured: Record<string, string> | undefined;
  try {
    const text = readFileNoFollow(file)?.toString("utf8");
    captured = text === undefined ? undefined : parseEnv0(text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { shell, ...(captured ? { env: captured } : {}), ms: Date.now() - started, timedOut };
}
