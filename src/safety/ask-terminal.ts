// `--on-approval ask`: asks the person at the controlling terminal. The terminal is opened directly
// (/dev/tty), because stdin may be carrying the prompt and stdout only ever carries the answer.
import { closeSync, openSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { ReadStream, WriteStream } from "node:tty";
import type { ApprovalCallback, ApprovalContext, ApprovalQuestion } from "../codex/approvals.js";

const TTY = "/dev/tty";

/** Whether this process has a terminal to ask on. */
export function hasTerminal(): boolean {
  try {
    closeSync(openSync(TTY, "r+"));
    return true;
  } catch {
    return false;
  }
}

function describe(question: ApprovalQuestion): string {
  if (question.kind === "command") return `Codex wants to run: ${question.command ?? question.argv?.join(" ") ?? "(no command given)"}${question.cwd ? `\n  in ${question.cwd}` : ""}`;
  return `Codex wants to change: ${(question.paths ?? []).join(", ") || "(files not named)"}`;
}

/** An approval callback that asks on the terminal; undefined when there is none. */
export function terminalAsker(): ApprovalCallback | undefined {
  if (!hasTerminal()) return undefined;
  let queue = Promise.resolve<unknown>(undefined);
  const askOnce = async (question: ApprovalQuestion, { signal }: ApprovalContext) => {
    // The run stopped while this question waited its turn: nobody is asked.
    if (signal.aborted) return "decline" as const;
    // tty streams, not fs streams: a pending fs read on a terminal cannot be cancelled and would keep
    // the process alive after the answer.
    const input = new ReadStream(openSync(TTY, "r"));
    const output = new WriteStream(openSync(TTY, "w"));
    const rl = createInterface({ input, output, terminal: true });
    try {
      const reason = question.reason ? `\n  reason: ${question.reason}` : "";
      // The run stopping (closed, aborted, timed out) takes the question off the terminal.
      const answer = await rl.question(`${describe(question)}${reason}\nAllow? [y/N] `, { signal });
      return /^y(es)?$/i.test(answer.trim()) ? "accept" : "decline";
    } finally {
      rl.close();
      input.destroy();
      output.destroy();
    }
  };
  // One question at a time, even if Codex asks twice at once.
  return (question, context) => {
    const next = queue.then(() => askOnce(question, context));
    queue = next.catch(() => undefined);
    return next;
  };
}
