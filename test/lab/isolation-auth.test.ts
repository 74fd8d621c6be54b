import { describe, expect, it } from "vitest";
import { isolationAuth } from "../../src/lab/experiments/isolation-auth.js";
import { findingById, runExperiment } from "../helpers/lab.js";

describe("isolation-auth experiment", () => {
  it("measures every auth mode and a repo-local home", async () => {
    const { findings } = await runExperiment(isolationAuth);
    const modes = findingById(findings, "isolation-auth-modes");
    expect(modes.table?.map((row) => row.auth)).toEqual(["copy", "link", "api-key", "env", "none"]);
    expect(modes.status).toBe("confirmed");
    expect(findingById(findings, "isolation-repo-home").status).toBe("confirmed");
  }, 120_000);
});
