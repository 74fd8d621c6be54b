import { describe, expect, it } from "vitest";
import { surfacePublishedVsObserved } from "../../src/lab/experiments/surface-published-vs-observed.js";
import { findingById, runExperiment } from "../helpers/lab.js";

describe("surface-published-vs-observed experiment", () => {
  it("puts every published approval policy next to what each transport accepted", async () => {
    const { findings } = await runExperiment(surfacePublishedVsObserved);
    const rows = findingById(findings, "surface-approval-policies").table!;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // Every row was published somewhere, and each transport's cell is a measured verdict.
      expect(row["in CLI help (-a)"] || row["in app-server schema"]).toBe(true);
      for (const transport of ["exec", "app-server"]) expect(String(row[transport])).toMatch(/^(accepted|rejected: .+|not tried)$/);
    }
    // never is the one policy no transport may refuse: it is what headless runs use by default.
    expect(rows.find((r) => r.policy === "never")).toMatchObject({ exec: "accepted", "app-server": "accepted" });
  }, 120_000);
});
