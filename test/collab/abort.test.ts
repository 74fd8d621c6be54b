// A collaboration whose signal is already aborted: the first turn throws AbortError before Codex
// starts, with no record. It used to be read as a failed turn's record (a cast), and collab crashed
// on it with a TypeError; now the AbortError itself reaches the caller, and nothing is written.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCollab } from "../../src/collab/run-collab.js";
import { AbortError } from "../../src/core/errors.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("collab aborted before any turn started", () => {
  it("rejects with the AbortError, not a TypeError, and writes no turn", async () => {
    const f = fixtureHome("collab-abort");
    const outDir = path.join(path.dirname(f.cwd), "collab-out");
    const script = { opening: "hello", agents: [{ name: "a" }, { name: "b" }], rounds: 1 };
    const error = await runCollab(script, { outDir, cwd: f.cwd, env: f.env, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).record).toBeUndefined();
    expect(existsSync(path.join(outDir, "01-a"))).toBe(false);
  });
});
