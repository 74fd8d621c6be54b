import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("local-state-persistence experiment", () => {
  it("diffs the home around every operation", async () => {
    const { findings } = await sharedLabFindings();
    const table = findingById(findings, "local-state-home-persistence").table!;
    expect(table.map((row) => row.operation)).toEqual(["codex --version", "codex features list", "exec", "exec --ephemeral", "exec running a command", "exec running a command, shell_snapshot off", "exec with CODEX_SQLITE_HOME elsewhere", "exec resume", "app-server (one thread, one turn)", "codex doctor --json", "login --with-api-key", "logout"]);
    // A run writes a session rollout; login writes auth.json (both measured, classified by path).
    expect(String(table.find((row) => row.operation === "exec")!.by_class)).toMatch(/sessions 1/);
    expect(String(table.find((row) => row.operation === "login --with-api-key")!.by_class)).toMatch(/auth 1/);
    // app-server keeps its thread like exec does: a session rollout in the home.
    expect(String(table.find((row) => String(row.operation).startsWith("app-server"))!.by_class)).toMatch(/sessions 1/);
    // Where the state databases go is measured either way; a plain exec does put one in the home.
    expect(String(table.find((row) => row.operation === "exec")!.by_class)).toMatch(/sqlite-state [1-9]/);
    expect(findingById(findings, "local-state-sqlite-home").status).toMatch(/^(confirmed|refuted)$/);
    // With the feature off, no shell snapshot is written (on, the count is what Codex chose to keep).
    expect(String(table.find((row) => row.operation === "exec running a command, shell_snapshot off")!.by_class)).not.toMatch(/shell-snapshots/);
  }, LAB_TEST_TIMEOUT_MS);
});
