// `run --record DIR` with DIR an existing folder: the record (record.json replaced, audit.jsonl
// appended to) went into any folder, `--record .` in a project too, replacing a record.json that was
// someone else's. Now a folder holding anything but an earlier record is refused before the run: one
// line, exit 2, nothing in it changed. An earlier record's folder still takes the next record.
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("run --record DIR, DIR an existing folder", () => {
  const f = fixtureHome("record-dir");
  // Beside the workspace: a folder the run's sandbox could write is refused for that first.
  const beside = (name: string) => path.join(path.dirname(f.cwd), name);

  it("a folder holding other files is refused, losing nothing", async () => {
    const dir = beside("notes");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "mine\n");
    writeFileSync(path.join(dir, "record.json"), '{"mine":true}\n');
    const result = await runCli(["run", "--provider", "mock", "--record", dir, "hi"], f);
    expectUsageError(result, new RegExp(`^codex-headless: --record ${dir}: it holds notes\\.txt, which no earlier record wrote; choose an empty or new folder$`, "m"));
    expect(readdirSync(dir).sort()).toEqual(["notes.txt", "record.json"]);
    expect(readFileSync(path.join(dir, "record.json"), "utf8")).toBe('{"mine":true}\n');
  });

  it("a record.json that is no record is refused, kept as it was", async () => {
    const dir = beside("foreign-record");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "record.json"), '{"mine":true}\n');
    const result = await runCli(["run", "--provider", "mock", "--record", dir, "hi"], f);
    expectUsageError(result, /^codex-headless: --record .*foreign-record: its record\.json is not a record codex-headless wrote; choose an empty or new folder$/m);
    expect(readFileSync(path.join(dir, "record.json"), "utf8")).toBe('{"mine":true}\n');
  });

  it("an earlier record's folder (and an empty one) takes the next record", { timeout: 90_000 }, async () => {
    const dir = beside("earlier");
    mkdirSync(dir);
    for (let i = 0; i < 2; i += 1) {
      const result = await runCli(["run", "--provider", "mock", "--record", dir, "hi"], f);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(readdirSync(dir).sort()).toEqual(["audit.jsonl", "record.json"]);
  });
});
