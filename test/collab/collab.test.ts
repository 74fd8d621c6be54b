// Two agents, three rounds, through the CLI: each agent's input is the other's previous output, each
// has its own home and its own thread, and every turn is a real Codex run against the mock.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COLLAB_MARKER_FILE } from "../../src/collab/out-dir.js";
import type { CollabResult } from "../../src/collab/run-collab.js";
import { runRecordSchema } from "../../src/run/record.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("codex-headless collab", () => {
  it("two agents for three rounds: a chained transcript, separate homes and threads", async () => {
    const f = fixtureHome("collab");
    const out = path.join(f.cwd, "collab");
    const result = await runCli(["collab", "Write a function that adds two numbers.", "--rounds", "3", "--out", out], { ...f, deadlineMs: 90_000 });
    expect(result.code).toBe(0);
    const transcript = JSON.parse(readFileSync(path.join(out, "transcript.json"), "utf8")) as CollabResult;
    expect(transcript.ok).toBe(true);
    expect(transcript.turns.map((t) => t.agent)).toEqual(["author", "reviewer", "author", "reviewer", "author", "reviewer"]);
    for (let i = 1; i < transcript.turns.length; i += 1) expect(transcript.turns[i]!.input).toBe(transcript.turns[i - 1]!.output);
    const records = transcript.turns.map((turn) => runRecordSchema.parse(JSON.parse(readFileSync(path.join(out, turn.record), "utf8"))));
    const homeOf = (agent: string) => new Set(records.filter((_, i) => transcript.turns[i]!.agent === agent).map((r) => r.home.path));
    expect(homeOf("author").size).toBe(1);
    expect(homeOf("reviewer").size).toBe(1);
    expect([...homeOf("author")][0]).not.toBe([...homeOf("reviewer")][0]);
    // Each agent's thread continued: the mock saw every earlier prompt of that thread.
    const lastAuthor = records[4]!;
    const lastRequest = lastAuthor.provider.requests.at(-1)!.body as { input: Array<{ role?: string }> };
    expect(lastAuthor.finalResponse.startsWith("Turn 3:")).toBe(true);
    expect(new Set(transcript.turns.filter((t) => t.agent === "author").map((t) => t.threadId)).size).toBe(1);
    expect(lastRequest.input.filter((item) => item.role === "user").length).toBeGreaterThanOrEqual(3);
    expect(result.stdout.trim()).toBe(transcript.turns.at(-1)!.output);

    // The same --out again, one round: only the new run's turns remain (its 03..06 were kept before).
    const again = await runCli(["collab", "Now subtract.", "--rounds", "1", "--out", out], { ...f, deadlineMs: 90_000 });
    expect(again.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([COLLAB_MARKER_FILE, "01-author", "02-reviewer", "transcript.json"]);
    expect((JSON.parse(readFileSync(path.join(out, "transcript.json"), "utf8")) as CollabResult).turns[0]!.input).toBe("Now subtract.");
  });

  it("bad input: one line, exit 2", async () => {
    const f = fixtureHome("collab-bad");
    for (const [args, message] of [
      [["collab", "x", "--rounds", "0"], /--rounds/],
      [["collab", "x", "--agent", "solo"], /at least two agents/],
      [["collab", "x", "--agent", "a", "--agent", "a"], /distinct/],
      [["collab", "x", "--agent", "Bad Name", "--agent", "b"], /agent names/],
    ] as const) {
      const result = await runCli([...args], f);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
