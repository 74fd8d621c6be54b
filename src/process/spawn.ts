// The only place that starts child processes. Every child: stdin fed then closed (or closed at
// once), its own process group, registered for cleanup, stopped in stages (SIGTERM, then SIGKILL
// over the whole tree).
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { findOnPath } from "../core/fs-lookup.js";
import { registerChild } from "./child-registry.js";
import { descendantsOf, signalTree } from "./process-tree.js";

export interface SpawnOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, then stdin is closed. Without it stdin is closed at once. */
  input?: string;
  /** Keep stdin open as a pipe the caller owns (app-server control channel). */
  keepStdin?: boolean;
  /** Grace period between SIGTERM and SIGKILL (default STOP_GRACE_MS). */
  killGraceMs?: number;
  /** Kill the child if this process dies without cleaning up (SIGKILL): on Linux through the
   *  kernel's parent-death signal (util-linux setpriv), since a signal handler never runs then. */
  dieWithParent?: boolean;
}

/** The one grace period between SIGTERM and SIGKILL, for every child (pipes and the pty alike). */
export const STOP_GRACE_MS = 1500;

/** SIGTERM to `pid`'s group and every descendant, `graceMs` for `exited` to settle, then SIGKILL to
 *  whatever is left of the family (descendants may outlive a well-behaved parent). */
export async function stopInStages(pid: number, exited: Promise<unknown>, graceMs = STOP_GRACE_MS): Promise<void> {
  const family = descendantsOf(pid);
  signalTree(pid, "SIGTERM", family);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  signalTree(pid, "SIGKILL", [...new Set([...family, ...descendantsOf(pid)])]);
}

let setprivPath: string | null | undefined;

/** Prefixes argv with `setpriv --pdeathsig KILL`, which survives the exec into the real program. */
function withParentDeathSignal(command: string, args: readonly string[]): [string, readonly string[]] {
  if (process.platform !== "linux") return [command, args];
  setprivPath ??= findOnPath("setpriv") ?? null;
  return setprivPath ? [setprivPath, ["--pdeathsig", "KILL", "--", command, ...args]] : [command, args];
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the child could not be started at all. */
  spawnError?: Error;
}

export interface GroupChild {
  pid: number | undefined;
  child: ChildProcess;
  stdout: Readable;
  stderr: Readable;
  exited: Promise<ChildExit>;
  /** Stops the child and every descendant; resolves once the child is reaped. */
  terminate(): Promise<ChildExit>;
}

export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): GroupChild {
  const stdinMode = options.input !== undefined || options.keepStdin ? "pipe" : "ignore";
  const [program, argv] = options.dieWithParent ? withParentDeathSignal(command, args) : [command, args];
  const child = spawn(program, argv, {
    cwd: options.cwd,
    env: options.env,
    stdio: [stdinMode, "pipe", "pipe"],
    // A new session and process group: signals to our terminal do not reach it, and we can kill the
    // group as one.
    detached: true,
  });
  const unregister = child.pid === undefined ? () => {} : registerChild(child.pid);
  let spawnError: Error | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("error", (error) => {
      spawnError = error;
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError: error });
    });
    // "exit", not "close": a descendant that keeps our pipes open must not hold the run open.
    child.once("exit", (code, signal) => {
      unregister();
      resolve({ code, signal, ...(spawnError ? { spawnError } : {}) });
    });
  });
  if (child.stdin) {
    // Codex may exit before it reads what we write: EPIPE must not take the host down.
    child.stdin.on("error", () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
  }

  let terminating: Promise<ChildExit> | undefined;
  const terminate = (): Promise<ChildExit> => {
    if (terminating) return terminating;
    terminating = (async () => {
      const pid = child.pid;
      if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        // Exited and reaped: its children were re-parented, so walking /proc from its pid finds none
        // of them (or, were the pid reused, another process's family). Its group is what is left.
        if (pid !== undefined) signalTree(pid, "SIGKILL", []);
        return exited;
      }
      child.stdin?.end();
      await stopInStages(pid, exited, options.killGraceMs);
      return exited;
    })();
    return terminating;
  };

  return { pid: child.pid, child, stdout: child.stdout!, stderr: child.stderr!, exited, terminate };
}

/** Waits briefly for the child's pipes to drain after it exited, then lets them go: a detached
 *  grandchild holding a pipe open must not hang us. */
export async function settleStreams(handle: GroupChild, ms = 2000): Promise<void> {
  const ended = (stream: Readable) =>
    stream.readableEnded || stream.destroyed ? Promise.resolve() : new Promise<void>((resolve) => stream.once("close", () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([ended(handle.stdout), ended(handle.stderr)]),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
  handle.stdout.destroy();
  handle.stderr.destroy();
}

export interface CommandResult extends ChildExit {
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** A short command whose whole output we want: version probes, `codex sandbox`, `features list`. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs: number },
): Promise<CommandResult> {
  const started = Date.now();
  const handle = spawnGroup(command, args, options);
  let stdout = "";
  let stderr = "";
  handle.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  handle.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void handle.terminate();
  }, options.timeoutMs);
  const exit = await handle.exited;
  clearTimeout(timer);
  await settleStreams(handle);
  return { ...exit, stdout, stderr, timedOut, durationMs: Date.now() - started };
}
