import { describe, expect, it } from "vitest";
import { TOP_QUESTIONS } from "../../src/lab/questions.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("isolation-thread-delete experiment", () => {
  it("finds what a thread said still in the home's databases after Codex deleted the thread, and the isolation answer says so", async () => {
    const { findings, report } = await sharedLabFindings();
    const remnants = findingById(findings, "thread-delete-remnants");
    // Measured on 0.171.0: both ways of deleting remove the rows and the rollout, not the bytes.
    expect(remnants.status, remnants.answer).toBe("refuted");
    expect(remnants.repeats).toEqual({ n: 6, k: 0 });
    expect(remnants.table?.map((row) => row.method)).toEqual([...Array(3).fill("codex delete --force"), ...Array(3).fill("app-server thread/delete")]);
    for (const row of remnants.table ?? []) {
      expect(row["after the run"]).toContain("sessions/…/rollout-….jsonl");
      expect(row.deleted).toBe("yes");
      expect(row["thread/list after"]).toBe("not listed");
      expect(String(row["after the deletion"])).toMatch(/state_\d+\.sqlite/);
      expect(row["after the deletion"]).not.toContain("sessions/");
    }
    for (const method of ["codex delete --force", "app-server thread/delete"]) {
      expect(remnants.answer).toMatch(new RegExp(`${method}: in 3 of 3 tries Codex said it was deleted, thread/list no longer listed it and its rollout file was removed, yet the prompt's text was still in .*state_\\d+\\.sqlite.*; after one more run in the same home, still in \\d of 3`));
    }

    const isolated = report.answers.find((a) => a.question === TOP_QUESTIONS.find((q) => q.id === "isolated-auth")!.question)!;
    expect(isolated.findings).toContain("thread-delete-remnants");
    expect(isolated.answer).toContain("Deleting a thread through Codex (`codex delete --force` or app-server thread/delete) left what it said in the home's database files in 6 of 6 tries");
    expect(isolated.recommendation).toContain("deleting its thread does not erase it");
  }, LAB_TEST_TIMEOUT_MS);
});
