import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { sharedLabFindings } from "../helpers/shared-lab.js";

describe("surface-published-vs-observed experiment", () => {
  it("puts every published approval policy next to what each transport accepted", async () => {
    const { findings } = await sharedLabFindings();
    const rows = findingById(findings, "surface-approval-policies").table!;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // Every row was published somewhere, and each transport's cell is a measured verdict.
      expect(row["in CLI help (-a)"] || row["in app-server schema"]).toBe(true);
      for (const transport of ["exec", "app-server"]) expect(String(row[transport])).toMatch(/^(accepted|rejected: .+|not tried)$/);
    }
    // never is the one policy no transport may refuse: it is what headless runs use by default.
    expect(rows.find((r) => r.policy === "never")).toMatchObject({ exec: "accepted", "app-server": "accepted" });
  }, 450_000);
});
