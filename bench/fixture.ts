// A benchmark's own HOME, temp dir and state dir, outside the system temp dir; never the user's. Built
// by the lab's fixture builder (src/lab/fixture.ts), the one the tests use too.
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { builtCliPath } from "../src/core/package-root.js";
import { buildFixture, type Fixture } from "../src/lab/fixture.js";

export type BenchFixture = Fixture;

export function benchFixture(workDir: string, name: string): BenchFixture {
  mkdirSync(workDir, { recursive: true });
  return buildFixture(mkdtempSync(path.join(workDir, `${name}-`)), { stateInRoot: true, noColor: true });
}

/** The built CLI, as a user's `npx codex-headless` runs it. */
export const BUILT_CLI = builtCliPath();
