// Splits a byte stream into lines with a bounded buffer. Strips CR; a line longer than the bound is
// cut and flagged instead of growing memory without end.
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";

export interface LineSink {
  (line: string, meta: { truncated: boolean }): void;
}

export function readLines(stream: Readable, onLine: LineSink, maxLineBytes = 32 * 1024 * 1024): Promise<void> {
  const decoder = new StringDecoder("utf8");
  let buffer = "";
  let truncated = false;
  const emit = (line: string) => {
    onLine(line.endsWith("\r") ? line.slice(0, -1) : line, { truncated });
    truncated = false;
  };
  const push = (text: string) => {
    buffer += text;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      emit(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
    if (buffer.length > maxLineBytes) {
      buffer = buffer.slice(0, maxLineBytes);
      truncated = true;
    }
  };
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      push(decoder.end());
      if (buffer.length > 0) emit(buffer);
      buffer = "";
      resolve();
    };
    stream.on("data", (chunk: Buffer) => push(decoder.write(chunk)));
    // "close" also covers a stream we destroyed because a detached process kept it open.
    stream.on("end", finish);
    stream.on("close", finish);
    stream.on("error", finish);
  });
}
