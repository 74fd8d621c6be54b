import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(REPO_ROOT, "dist", "src", "cli", "main.js");
/** Test scratch space inside the repo: outside the system temp dir, where Codex refuses helpers. */
export const WORK_ROOT = path.join(REPO_ROOT, ".test-work");

export function scratchDir(prefix: string): string {
  mkdirSync(WORK_ROOT, { recursive: true });
  return mkdtempSync(path.join(WORK_ROOT, `${prefix}-`));
}
