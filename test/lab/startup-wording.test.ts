// The start-up answer is judged over every run, not each context's first: a later run that wrote
// other kinds of files, or a slower run, must show in the answer.
import { describe, expect, it } from "vitest";
import { startupAnswer, writtenOverRuns, type Sample } from "../../src/lab/experiments/local-state/startup.js";

const sample = (context: Sample["context"], firstEventMs: number, written: Record<string, number>): Sample => ({ context, ok: true, firstEventMs, totalMs: firstEventMs + 1000, written });
const usual = { sessions: 1, "sqlite-state": 5 };

describe("startupAnswer", () => {
  it("does not call the files written the same when only a later run of a context differed", () => {
    const samples = [
      sample("direct", 900, usual),
      sample("tool", 950, usual),
      sample("direct", 1000, usual),
      sample("tool", 920, { ...usual, logs: 2 }),
    ];
    const { answer, rows } = startupAnswer(samples, ["direct", "tool"], 2);
    expect(answer).not.toMatch(/wrote the same kinds/);
    expect(answer).toContain("not the same in all 4 runs");
    expect(answer).toContain("tool: sessions, sqlite-state in 1 of 2; logs, sessions, sqlite-state in 1 of 2");
    expect(rows.find((row) => row.context === "tool")!.written).toBe("logs 0–2, sessions 1, sqlite-state 5");
  });

  it("says the same kinds only when every run wrote them, and a count that varied by its range", () => {
    const samples = [sample("direct", 900, usual), sample("tool", 950, { ...usual, "sqlite-state": 7 }), sample("direct", 1000, usual), sample("tool", 920, usual)];
    const { answer } = startupAnswer(samples, ["direct", "tool"], 2);
    expect(answer).toContain("All 4 runs, every context, wrote the same kinds of files into the Codex home (sessions, sqlite-state); only the number of files within a kind varied from run to run (sqlite-state 5–7)");
  });

  it("calls a context slower only when all its runs were slower than all of direct's, and a spread no proof of sameness", () => {
    const overlapping = [sample("direct", 900, usual), sample("tool", 2000, usual), sample("direct", 1000, usual), sample("tool", 950, usual)];
    const same = startupAnswer(overlapping, ["direct", "tool"], 2).answer;
    expect(same).not.toMatch(/does not change its start-up/);
    expect(same).toContain("No context was slower than direct in all of its 2 runs");
    const apart = [sample("direct", 900, usual), sample("tool", 2000, usual), sample("direct", 1000, usual), sample("tool", 1100, usual)];
    expect(startupAnswer(apart, ["direct", "tool"], 2).answer).toContain("Slower than direct in every run (the fastest above direct's slowest): tool");
  });

  it("gives per-class ranges over runs", () => {
    expect(writtenOverRuns([{ a: 1 }, { a: 3, b: 1 }])).toBe("a 1–3, b 0–1");
    expect(writtenOverRuns([{}, {}])).toBe("nothing");
  });
});
