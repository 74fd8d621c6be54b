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

describe("CodexPool unknown options", () => {
  // A newcomer trial: a misspelt budget key said `pool options: unknown option "maxToken"` (not where
  // it sits, no suggestion), and a misspelt task key said `unknown option "budgett"` (not that it is
  // the task's, and the nearest name from a run's options, which have no budget).
  const message = async (act: () => unknown): Promise<string> => {
    try {
      await act();
    } catch (error) {
      expect(error).toBeInstanceOf(CodexHeadlessError);
      expect((error as CodexHeadlessError).code).toBe("usage");
      return (error as Error).message;
    }
    throw new Error("no error");
  };

  it("name where a misspelt key sits and the nearest known name, in the pool's budget and a task's", async () => {
    expect(await message(() => new CodexPool({ budget: { maxToken: 5 } } as never))).toBe('pool options: budget: unknown option "maxToken"; did you mean "maxTokens"?');
    const pool = new CodexPool({ concurrency: 1, defaults: { provider: "mock" } });
    try {
      expect(await message(() => pool.run({ prompt: "hi", budgett: { maxTurns: 1 } } as never))).toBe('task: unknown option "budgett"; did you mean "budget"?');
      expect(await message(() => pool.run({ prompt: "hi", budget: { maxTurn: 1 } } as never))).toBe('task: budget: unknown option "maxTurn"; did you mean "maxTurns"?');
    } finally {
      await pool.close();
    }
  });
});
