// A benchmark's own HOME, temp dir and state dir, outside the system temp dir; never the user's.
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { builtCliPath } from "../src/core/package-root.js";

export interface BenchFixture {
  root: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function benchFixture(workDir: string, name: string): BenchFixture {
  mkdirSync(workDir, { recursive: true });
  const root = mkdtempSync(path.join(workDir, `${name}-`));
  const home = path.join(root, "home");
  const cwd = path.join(root, "work");
  const tmp = path.join(root, "tmp");
  for (const dir of [home, cwd, tmp]) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: tmp, CODEX_HEADLESS_STATE_DIR: path.join(root, "state"), NO_COLOR: "1" };
  for (const name of ["CODEX_HOME", "OPENAI_API_KEY", "CODEX_API_KEY", "XDG_STATE_HOME"]) delete env[name];
  return { root, cwd, env };
}

/** The built CLI, as a user's `npx codex-headless` runs it. */
export const BUILT_CLI = builtCliPath();
