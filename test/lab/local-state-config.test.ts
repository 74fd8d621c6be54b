import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("local-state-config experiment", () => {
  it("finds which configuration layer reaches the model", async () => {
    const { findings } = await sharedLabFindings();
    const rows = findingById(findings, "local-state-config-precedence").table!;
    const winner = (layers: string) => rows.find((r) => r.layers === layers)!["reached the model"];
    expect(rows).toHaveLength(7);
    // The baseline is measured, not assumed: config.toml's own marker reaches the model.
    expect(winner("config.toml")).toBe("config-toml");
    // Every layer that ran produced exactly one marker; a refused one made no request at all.
    for (const row of rows) expect(String(row["reached the model"])).toMatch(row.outcome === "ok" ? /^(config-toml|dash-c|profile-file|profile-table|project)$/ : /^none/);
    expect(winner("config.toml + -c")).toBe("dash-c");
  }, LAB_TEST_TIMEOUT_MS);
});
