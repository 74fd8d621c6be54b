// The rules for reading Codex's output, each stated once: its reconnect notices, the notice that it
// reads stdin, Rust backtrace lines, and terminal escape sequences. The classifier, the transports,
// the outcome judge, the CLI and the lab all ask here.
import { stripVTControlCharacters } from "node:util";

/** Codex reports a transient reconnect as an `error` event whose message starts "Reconnecting...":
 *  not progress, not final. (app-server says `willRetry` instead; we write the same message.) */
export const RECONNECT = /^Reconnecting\.\.\./;

export function isReconnectMessage(message: string): boolean {
  return RECONNECT.test(message);
}

/** The message an app-server error with `willRetry` becomes, as exec would have printed it. */
export function reconnectMessage(detail: string): string {
  return `Reconnecting... (${detail})`;
}

/** What a reconnect message says beyond "Reconnecting...". */
export function reconnectDetail(message: string): string {
  return message.replace(/^Reconnecting\.\.\.\s*/, "");
}

/** `codex exec` says it reads stdin whenever stdin is not a terminal; we close it ourselves, so the
 *  notice is expected, not news. */
export const STDIN_NOTICE = /^Reading (additional input|prompt) from stdin\.\.\./;

export function isStdinNotice(line: string): boolean {
  return STDIN_NOTICE.test(line);
}

/** A Rust backtrace header or frame (printed when RUST_BACKTRACE is set; release builds have no
 *  symbols): never the reason for a failure itself. */
export const BACKTRACE = /^\s*(Stack backtrace:|\d+: (<unknown>|\S)|at \S+:\d+)/;

export function isBacktraceLine(line: string): boolean {
  return BACKTRACE.test(line);
}

/** Text without terminal escape sequences (CSI, OSC, two-byte escapes), as Node's own util strips them. */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

const SGR = /(\u001b\[[0-9;]*m)/;

/** Text that can go to a terminal without steering it: colour (SGR) sequences are kept; every other
 *  escape sequence (OSC, which sets the clipboard or the window title, DCS, cursor moves) and every
 *  control character but newline and tab is removed. A sandboxed command's output reaches the answer,
 *  so this is what we print of it (a red-team test set the user's clipboard through OSC 52). */
export function terminalSafe(text: string): string {
  return text
    .split(SGR)
    .map((part, i) => (i % 2 === 1 ? part : stripVTControlCharacters(part).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")))
    .join("");
}

/** How many escape sequences `text` holds: each starts with ESC (or a one-byte CSI); the ESC of an
 *  OSC's string terminator (ESC \) ends a sequence rather than starting one. */
export function countAnsi(text: string): number {
  return text.match(/\u009b|\u001b(?!\\)/g)?.length ?? 0;
}
