import { describe, expect, it } from "vitest";
import { TOP_QUESTIONS } from "../../src/lab/questions.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("isolation-thread-delete experiment", () => {
  it("finds what a thread said still in the home's databases after Codex deleted the thread, and the isolation answer says so", async () => {
    const { findings, report } = await sharedLabFindings();
    const remnants = findingById(findings, "thread-delete-remnants");
    // Measured on 0.171.0: thread/delete removes the rows and the rollout, not the bytes.
    expect(remnants.status, remnants.answer).toBe("refuted");
    expect(remnants.repeats).toEqual({ n: 3, k: 0 });
    for (const row of remnants.table ?? []) {
      expect(row["after the run"]).toContain("sessions/…/rollout-….jsonl");
      expect(row["thread/list after delete"]).toBe("not listed");
      expect(String(row["after thread/delete"])).toMatch(/state_\d+\.sqlite/);
      expect(row["after thread/delete"]).not.toContain("sessions/");
    }
    expect(remnants.table).toHaveLength(3);
    expect(remnants.answer).toMatch(/rollout file was removed, yet the prompt's text was still in .*state_\d+\.sqlite/);
    expect(remnants.answer).toMatch(/After one more run in the same home it was still there in \d of 3/);

    const isolated = report.answers.find((a) => a.question === TOP_QUESTIONS.find((q) => q.id === "isolated-auth")!.question)!;
    expect(isolated.findings).toContain("thread-delete-remnants");
    expect(isolated.answer).toContain("Deleting a thread through Codex (thread/delete) left what it said in the home's database files in 3 of 3 tries");
    expect(isolated.recommendation).toContain("deleting its thread does not erase it");
  }, LAB_TEST_TIMEOUT_MS);
});
