import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("surface-exec-basics experiment", () => {
  it("measures the event surface, the noise and every provider fault", async () => {
    const { findings } = await sharedLabFindings();
    expect(findingById(findings, "surface-exec-events").status).toBe("measured");
    const failures = findingById(findings, "surface-provider-failures");
    expect(failures.table).toHaveLength(7);
    // A refused connection never ends by itself: the watchdog had to stop it.
    expect(failures.table!.find((row) => row.fault === "a refused connection")?.outcome).toBe("timeout");
    for (const row of failures.table!) expect(row.outcome).not.toBe("ok");
    // ...unless Codex's unbounded_connection_retries feature is off: then it gives up by itself.
    expect(failures.table!.find((row) => String(row.fault).includes("unbounded_connection_retries=false"))?.outcome).toBe("codex-failed");
  }, LAB_TEST_TIMEOUT_MS);
});
