import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { builtCliPath } from "../../src/core/package-root.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = builtCliPath();
/** Test scratch space inside the repo: outside the system temp dir, where Codex refuses helpers. */
export const WORK_ROOT = path.join(REPO_ROOT, ".test-work");

export function scratchDir(prefix: string): string {
  mkdirSync(WORK_ROOT, { recursive: true });
  return mkdtempSync(path.join(WORK_ROOT, `${prefix}-`));
}
/** The suite's cache of per-binary results (other Codex versions, the config parser probe): kept
 *  between runs on one machine, so each binary is fetched and probed once. */
export const TEST_CACHE = path.join(REPO_ROOT, ".test-cache");
