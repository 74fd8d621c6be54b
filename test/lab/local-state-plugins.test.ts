import { describe, expect, it } from "vitest";
import { localStatePlugins } from "../../src/lab/experiments/local-state-plugins.js";
import { findingById, runExperiment } from "../helpers/lab.js";

describe("local-state-plugins experiment", () => {
  it("compares plugins on and off on fresh homes", async () => {
    const { findings } = await runExperiment(localStatePlugins);
    const rows = findingById(findings, "local-state-plugins-on-off").table!;
    expect(rows.map((row) => row.variant)).toEqual(["plugins on (default)", "plugins off"]);
    // Turning the feature off must not leave more plugin files than leaving it on.
    expect(Number(rows[1]!.plugin_cache_files)).toBeLessThanOrEqual(Number(rows[0]!.plugin_cache_files));
  }, 60_000);
});
