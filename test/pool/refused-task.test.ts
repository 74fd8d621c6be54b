// A pool task the gate refuses creates nothing: its lane's home and mock are made by the task's run
// once its checks and gate passed (before, the lane made them first, so a refused task left its
// --home folder behind).
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { CodexPool } from "../../src/pool/pool.js";
import { fixtureHome } from "../helpers/fixture-home.js";

it("a task the gate refuses leaves no lane home behind and no lane listed", async () => {
  const f = fixtureHome("pool-refused", { seededState: true });
  const home = path.join(f.root, "lane-home"); // beside the workspace, not yet there
  const pool = new CodexPool({ env: f.env });
  try {
    // The policy does not let a run turn the network on: the gate refuses the task.
    const error = await pool
      .run({ prompt: "never sent", cwd: f.cwd, provider: "mock", home, sandbox: "workspace-write", config: ["sandbox_workspace_write.network_access=true"] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("refused");
    expect(existsSync(home)).toBe(false);
    expect(pool.lanesNow()).toEqual([]);
  } finally {
    await pool.close();
  }
});
