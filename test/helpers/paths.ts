import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
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

/** A PATH of one folder, `dir`, holding links to everything `envPath` finds except the names `hidden`
 *  matches: a host without a program (zsh, bubblewrap) on a host that has it. */
export function pathWithout(hidden: RegExp, dir: string, envPath: string): string {
  mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  for (const folder of envPath.split(path.delimiter).filter(Boolean)) {
    let entries: string[] = [];
    try {
      entries = readdirSync(folder);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (seen.has(entry) || hidden.test(entry)) continue;
      seen.add(entry);
      symlinkSync(path.join(folder, entry), path.join(dir, entry));
    }
  }
  return dir;
}
