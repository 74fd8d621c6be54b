// The pool's options as callers write them: `env: process.env` (no plain object, which zod's record
// refuses as it is) is the environment it names; a value that is no environment is a usage error.
import { describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { CodexPool } from "../../src/pool/pool.js";

describe("CodexPool options", () => {
  it("take process.env as an environment, and refuse what is none with one line", async () => {
    const pool = new CodexPool({ env: process.env, concurrency: 1 });
    await pool.close();
    let error: unknown;
    try {
      new CodexPool({ env: "PATH=/bin" as unknown as NodeJS.ProcessEnv });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/^pool options: env: expected an object of NAME: value strings$/);
  });
});
