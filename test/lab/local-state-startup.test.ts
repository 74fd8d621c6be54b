import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HomeDiff } from "../../src/home/snapshot.js";
import { CONTEXTS } from "../../src/launch/context.js";
import { summarize } from "../../src/core/stats.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

interface Sample {
  context: string;
  ok: boolean;
  firstEventMs?: number;
  totalMs: number;
  written: Record<string, number>;
}

describe("local-state-startup experiment", () => {
  it("times start-up and lists what each launch context's run wrote, from the runs themselves", async () => {
    const { findings, outDir, report } = await sharedLabFindings();
    const finding = findingById(findings, "startup-direct-vs-launched");
    const rows = finding.table!;
    // Contexts whose shell or terminal this host lacks are skipped and listed, the rest timed.
    const skipped = report.notMeasured.filter((n) => n.experiment === "local-state-startup").map((n) => n.variant.replace("launch context ", ""));
    expect(rows.map((row) => row.context)).toEqual(CONTEXTS.filter((c) => !skipped.includes(c)));
    const evidenceFile = (suffix: string) => path.join(outDir, finding.evidence.find((e) => e.path?.endsWith(suffix))!.path!);
    const samples = JSON.parse(readFileSync(evidenceFile("samples.json"), "utf8")) as Sample[];
    for (const row of rows) {
      const mine = samples.filter((s) => s.context === row.context);
      expect(row["runs ok"]).toBe(`${mine.filter((s) => s.ok).length}/${mine.length}`);
      expect(mine.every((s) => s.ok), `${String(row.context)} runs`).toBe(true);
      // Every run saw a first event, before its end; the table's medians are the samples'.
      for (const sample of mine) expect(sample.firstEventMs).toBeGreaterThan(0);
      for (const sample of mine) expect(sample.firstEventMs!).toBeLessThanOrEqual(sample.totalMs);
      expect(row["start-up ms (median)"]).toBe(Math.round(summarize(mine.map((s) => s.firstEventMs!)).median));
    }
    // The "written" column of direct covers all its runs: per class the lowest–highest count, first
    // run's diff (kept as evidence) among them.
    const diff = JSON.parse(readFileSync(evidenceFile("direct-1.diff.json"), "utf8")) as HomeDiff;
    const directRuns = samples.filter((s) => s.context === "direct").map((s) => s.written);
    const classes = [...new Set(directRuns.flatMap((w) => Object.keys(w)))].sort();
    expect(classes).toEqual(expect.arrayContaining(Object.keys(diff.byClass)));
    const written = classes.map((name) => {
      const counts = directRuns.map((w) => w[name] ?? 0);
      return Math.min(...counts) === Math.max(...counts) ? `${name} ${counts[0]!}` : `${name} ${Math.min(...counts)}–${Math.max(...counts)}`;
    }).join(", ") || "nothing";
    expect(rows.find((row) => row.context === "direct")!["written into the Codex home"]).toBe(written);
    expect(finding.status).toBe("measured");
  }, LAB_TEST_TIMEOUT_MS);
});
