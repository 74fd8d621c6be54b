import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("local-state-env-noise experiment", () => {
  it("measures stderr per environment variant", async () => {
    const { findings } = await sharedLabFindings();
    const rows = findingById(findings, "local-state-env-noise-stderr").table!;
    const debug = rows.find((row) => row.variant === "RUST_LOG=debug")!;
    const baseline = rows.find((row) => row.variant === "baseline")!;
    expect(Number(debug.stderr_lines)).toBeGreaterThan(Number(baseline.stderr_lines));
    expect(String(debug.by_class)).toMatch(/rust-log/);
    expect(findingById(findings, "local-state-env-noise-backtrace").evidence).toHaveLength(2);
  }, LAB_TEST_TIMEOUT_MS);
});
