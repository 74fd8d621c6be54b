// Splits a byte stream into lines with a bounded buffer. Strips CR; a line longer than the bound is
// cut and flagged instead of growing memory without end. One splitter for every transport: the
// pipes of exec and app-server (readLines) and the PTY's text (LineSplitter directly).
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";

export interface LineSink {
  (line: string, meta: { truncated: boolean }): void;
}

/** The default bound: 32 MiB of text in one line (a huge tool output inside one JSON event). */
export const MAX_LINE_CHARS = 32 * 1024 * 1024;

/** Text in, whole lines out (CR stripped); a line over `maxLineChars` keeps its start and is flagged. */
export class LineSplitter {
  private buffer = "";
  private truncated = false;

  constructor(
    private readonly onLine: LineSink,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  push(text: string): void {
    this.buffer += text;
    let newline = this.buffer.indexOf("\n");
    while (newline >= 0) {
      this.emit(this.buffer.slice(0, newline));
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf("\n");
    }
    if (this.buffer.length > this.maxLineChars) {
      this.buffer = this.buffer.slice(0, this.maxLineChars);
      this.truncated = true;
    }
  }

  /** The last line, when the text did not end with a newline. */
  end(): void {
    if (this.buffer.length > 0) this.emit(this.buffer);
    this.buffer = "";
  }

  private emit(line: string): void {
    this.onLine(line.endsWith("\r") ? line.slice(0, -1) : line, { truncated: this.truncated });
    this.truncated = false;
  }
}

export function readLines(stream: Readable, onLine: LineSink, maxLineChars = MAX_LINE_CHARS): Promise<void> {
  const decoder = new StringDecoder("utf8");
  const lines = new LineSplitter(onLine, maxLineChars);
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      lines.push(decoder.end());
      lines.end();
      resolve();
    };
    stream.on("data", (chunk: Buffer) => lines.push(decoder.write(chunk)));
    // "close" also covers a stream we destroyed because a detached process kept it open.
    stream.on("end", finish);
    stream.on("close", finish);
    stream.on("error", finish);
  });
}
