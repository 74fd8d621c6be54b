import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { LineSplitter, readLines } from "../../src/transport/jsonl.js";

describe("readLines", () => {
  it("splits across chunks, strips CR and multi-byte characters survive chunk borders", async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const done = readLines(stream, (line) => lines.push(line));
    const bytes = Buffer.from("héllo\r\nwor", "utf8");
    stream.write(bytes.subarray(0, 2));
    stream.write(bytes.subarray(2));
    stream.end("ld\nlast");
    await done;
    expect(lines).toEqual(["héllo", "world", "last"]);
  });

  it("bounds a line that never ends", async () => {
    const stream = new PassThrough();
    const seen: Array<{ length: number; truncated: boolean }> = [];
    const done = readLines(stream, (line, meta) => seen.push({ length: line.length, truncated: meta.truncated }), 1000);
    stream.write("x".repeat(5000));
    stream.end("\n");
    await done;
    expect(seen).toEqual([{ length: 1000, truncated: true }]);
  });
});

describe("LineSplitter (the PTY's text)", () => {
  it("bounds a terminal line that never ends, as the pipes do", () => {
    const seen: Array<{ length: number; truncated: boolean }> = [];
    const lines = new LineSplitter((line, meta) => seen.push({ length: line.length, truncated: meta.truncated }), 100);
    for (let i = 0; i < 50; i += 1) lines.push("y".repeat(64));
    lines.push("\r\nnext");
    lines.end();
    expect(seen).toEqual([
      { length: 100, truncated: true },
      { length: 4, truncated: false },
    ]);
  });
});
