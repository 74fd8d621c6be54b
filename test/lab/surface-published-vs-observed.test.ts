import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

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

    // Five areas, each a published line read from the binary's help beside a measurement.
    const areas = findingById(findings, "surface-areas").table!;
    expect(areas.map((r) => r.area)).toEqual(["auth/login", "persistence", "config/profiles", "plugins", "sandbox/approval"]);
    for (const row of areas) {
      expect(String(row.published)).not.toMatch(/not in this help/);
      expect(String(row.observed).length).toBeGreaterThan(10);
    }
    expect(String(areas[1]!.observed)).toMatch(/^session files written: exec [1-9]\d*, exec --ephemeral \d+$/);
  }, LAB_TEST_TIMEOUT_MS);
});
