import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("isolation-chatgpt-refresh experiment", () => {
  it("measures link, copy and concurrent linked runs of a stale ChatGPT login", async () => {
    const { findings } = await sharedLabFindings();
    const finding = findingById(findings, "chatgpt-login-carry-over");
    const rows = finding.table!;
    expect(rows.map((r) => String(r.case).split(" ")[0])).toEqual(["link", "copy", "3"]);
    // Link: one refresh, written back to the source. Copy: the source keeps a spent token and fails.
    expect(rows[0]!).toMatchObject({ runs: "ok", refreshes: "1 issued, 0 refused as reused", "source holds the new tokens": true, "source still 0600 regular file": true });
    expect(rows[1]!["source holds the new tokens"]).toBe(false);
    expect(String(rows[1]!.runs)).toMatch(/^ok; codex-failed: .*already used/);
    expect(String(rows[2]!.refreshes)).toMatch(/^1 issued/);
    expect(finding.status).toBe(rows[2]!.runs === "ok; ok; ok" ? "confirmed" : "refuted");
  }, LAB_TEST_TIMEOUT_MS);
});
