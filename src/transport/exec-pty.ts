// The exec transport over a real pseudo-terminal (node-pty), for the `pty` launch context: Codex sees
// a terminal on stdin, stdout and stderr, as when the user types `codex exec` in their own shell.
// node-pty forks the child itself, so this is the one spawn outside process/spawn.ts; it keeps the same rules:
// prompt fed then input ended (EOT), watchdog (boundedTurn), the whole tree killed, the pid registered for cleanup.
import { createRequire } from "node:module";
import { registerChild } from "../process/child-registry.js";
import { parseEventLine } from "./events.js";
import type { ExecInvocation } from "./exec-jsonl.js";
import { LineSplitter } from "./jsonl.js";
import { descendantsOf } from "../process/process-tree.js";
import { stopInStages, type ChildExit } from "../process/spawn.js";
import { stripAnsi } from "../observe/output-rules.js";
import { boundedTurn, type Transport, type TurnResult } from "./turn.js";

type NodePty = typeof import("node-pty");
const require = createRequire(import.meta.url);

/** EOT: at the start of a line in canonical mode the terminal turns it into end of input. */
const END_OF_INPUT = "\u0004";

export interface PtyExecResult extends TurnResult {
  terminalNoise: string[];
}

/** `codex exec --json` on a terminal, as a Transport: one process per turn. */
export function execPtyTransport(inv: Pick<ExecInvocation, "command" | "args" | "env" | "cwd" | "input">): Transport {
  const terminalNoise: string[] = [];
  // The terminal echoes what we type; those lines are ours, not Codex's.
  const echoed = new Set(inv.input.split("\n").map((line) => line.trim()).filter(Boolean));
  let pid: number | undefined;
  let exited: Promise<ChildExit> | undefined;
  let kill: (() => Promise<void>) | undefined;
  let drained: Promise<ChildExit> | undefined;

  const transport: Transport = {
    async start() {
      const pty = require("node-pty") as NodePty;
      const term = pty.spawn(inv.command, inv.args, {
        name: inv.env.TERM || "xterm-256color",
        cols: 200,
        rows: 50,
        cwd: inv.cwd,
        env: Object.fromEntries(Object.entries(inv.env).filter((e): e is [string, string] => e[1] !== undefined)),
      });
      pid = term.pid;
      const unregister = registerChild(term.pid);
      const ended = new Promise<ChildExit>((resolve) =>
        term.onExit(({ exitCode, signal }) => resolve({ code: signal ? null : exitCode, signal: signal ? (signalName(signal) ?? null) : null })),
      );
      exited = ended;
      kill = () => stopInStages(term.pid, ended);
      const onLine = (raw: string) => {
        const line = raw.replace(/\r/g, "");
        const plain = stripAnsi(line);
        const event = parseEventLine(plain.trim());
        if (event) transport.onevent?.(event);
        else if (!plain.trim() || echoed.has(plain.trim()) || plain.trim() === "^D") {
          if (line) terminalNoise.push(line);
        } else {
          // stdout and stderr share the terminal: whatever is not an event is Codex's diagnostics.
          transport.onstderr?.(plain);
        }
      };
      // Bounded like the pipes' lines: a terminal that never prints a newline must not grow memory.
      const lines = new LineSplitter((line) => onLine(line));
      term.onData((chunk) => lines.push(chunk));
      // Type the prompt, then end input the way a user does: EOT at the start of a line.
      term.write(`${inv.input.replace(/\n/g, "\r")}\r`);
      term.write(END_OF_INPUT);
      drained = ended.then(async (exit) => {
        if (descendantsOf(term.pid).length) await stopInStages(term.pid, ended);
        lines.end();
        unregister();
        return exit;
      });
      void drained.then(() => transport.onclose?.());
    },
    async close() {
      await kill?.();
      await drained;
    },
    async finish() {
      const exit = (await drained) ?? (await exited) ?? { code: null, signal: null };
      return { exit, stdoutNoise: [], terminalNoise, ...(pid ? { pid } : {}) };
    },
  };
  return transport;
}

export async function runExecPty(inv: ExecInvocation): Promise<PtyExecResult> {
  const result = await boundedTurn(execPtyTransport(inv), inv);
  return { ...result, terminalNoise: result.terminalNoise ?? [] };
}

function signalName(signal: number): NodeJS.Signals | undefined {
  const names: Record<number, NodeJS.Signals> = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 15: "SIGTERM" };
  return names[signal];
}
