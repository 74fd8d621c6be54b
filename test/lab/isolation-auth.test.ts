import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("isolation-auth experiment", () => {
  it("measures every auth mode and a repo-local home", async () => {
    const { findings } = await sharedLabFindings();
    const modes = findingById(findings, "isolation-auth-modes");
    expect(modes.table?.map((row) => row.auth)).toEqual(["copy", "link", "api-key", "env", "none"]);
    expect(modes.status).toBe("confirmed");
    expect(findingById(findings, "isolation-repo-home").status).toBe("confirmed");
  }, LAB_TEST_TIMEOUT_MS);
});
