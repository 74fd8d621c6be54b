// The exec transport over a real pseudo-terminal (node-pty), for the `pty` launch context: Codex sees
// a terminal on stdin, stdout and stderr, as when the user types `codex exec` in their own shell.
// node-pty forks the child itself, so this is the one spawn outside process/spawn.ts; it keeps the same rules:
// prompt fed then input ended (EOT), watchdog, the whole tree killed, the pid registered for cleanup.
import { createRequire } from "node:module";
import { registerChild } from "../process/child-registry.js";
import { isReconnectNotice, parseEventLine, type NormalizedEvent } from "./events.js";
import type { ExecInvocation, ExecResult, Termination } from "./exec-jsonl.js";
import { LineSplitter } from "./jsonl.js";
import { descendantsOf } from "../process/process-tree.js";
import { stopInStages } from "../process/spawn.js";
import { Watchdog } from "./watchdog.js";
import { stripAnsi } from "../observe/output-rules.js";

type NodePty = typeof import("node-pty");
const require = createRequire(import.meta.url);

/** EOT: at the start of a line in canonical mode the terminal turns it into end of input. */
const END_OF_INPUT = "\u0004";

export interface PtyExecResult extends ExecResult {
  /** Terminal noise we kept out of events and stderr: echoed input, escape-only lines (raw). */
  terminalNoise: string[];
}

export async function runExecPty(inv: ExecInvocation): Promise<PtyExecResult> {
  const pty = require("node-pty") as NodePty;
  const startMs = Date.now();
  let firstEventMs: number | undefined;
  const events: NormalizedEvent[] = [];
  const stderrLines: string[] = [];
  const terminalNoise: string[] = [];
  let termination: Termination = "exit";
  // The terminal echoes what we type; those lines are ours, not Codex's.
  const echoed = new Set(inv.input.split("\n").map((line) => line.trim()).filter(Boolean));

  const term = pty.spawn(inv.command, inv.args, {
    name: inv.env.TERM || "xterm-256color",
    cols: 200,
    rows: 50,
    cwd: inv.cwd,
    env: Object.fromEntries(Object.entries(inv.env).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  const unregister = registerChild(term.pid);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    term.onExit(({ exitCode, signal }) => resolve({ code: signal ? null : exitCode, signal: signal ? (signalName(signal) ?? null) : null })),
  );
  const kill = () => stopInStages(term.pid, exited);
  const stop = (reason: Termination) => {
    if (termination === "exit") termination = reason;
    void kill();
  };
  const watchdog = new Watchdog(inv.limits, stop);
  const onAbort = () => stop("aborted");
  if (inv.signal?.aborted) onAbort();
  inv.signal?.addEventListener("abort", onAbort, { once: true });
  watchdog.start();

  const onLine = (raw: string) => {
    const line = raw.replace(/\r/g, "");
    const plain = stripAnsi(line);
    const event = parseEventLine(plain.trim());
    if (event) {
      firstEventMs ??= Date.now();
      if (!isReconnectNotice(event)) watchdog.progress();
      events.push(event);
      inv.onEvent?.(event);
    } else if (!plain.trim() || echoed.has(plain.trim()) || plain.trim() === "^D") {
      if (line) terminalNoise.push(line);
    } else {
      // stdout and stderr share the terminal: whatever is not an event is Codex's diagnostics.
      stderrLines.push(plain);
      inv.onStderrLine?.(plain);
    }
  };
  // Bounded like the pipes' lines: a terminal that never prints a newline must not grow memory.
  const lines = new LineSplitter((line) => onLine(line));
  term.onData((chunk) => lines.push(chunk));
  // Type the prompt, then end input the way a user does: EOT at the start of a line.
  term.write(`${inv.input.replace(/\n/g, "\r")}\r`);
  term.write(END_OF_INPUT);

  const exit = await exited;
  watchdog.stop();
  inv.signal?.removeEventListener("abort", onAbort);
  if (descendantsOf(term.pid).length) await kill();
  lines.end();
  unregister();
  return {
    events,
    stdoutNoise: [],
    stderrLines,
    terminalNoise,
    exit,
    termination,
    timings: { startMs, ...(firstEventMs ? { firstEventMs } : {}), endMs: Date.now() },
    pid: term.pid,
  };
}

function signalName(signal: number): NodeJS.Signals | undefined {
  const names: Record<number, NodeJS.Signals> = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 15: "SIGTERM" };
  return names[signal];
}
