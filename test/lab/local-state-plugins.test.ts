import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("local-state-plugins experiment", () => {
  it("compares plugins on and off on fresh homes", async () => {
    const { findings } = await sharedLabFindings();
    const rows = findingById(findings, "local-state-plugins-on-off").table!;
    expect(rows.map((row) => row.variant)).toEqual(["plugins on (default)", "plugins off"]);
    // Turning the feature off must not leave more plugin files than leaving it on.
    expect(Number(rows[1]!.plugin_cache_files)).toBeLessThanOrEqual(Number(rows[0]!.plugin_cache_files));
  }, LAB_TEST_TIMEOUT_MS);
});
