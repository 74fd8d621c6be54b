// The Codex version pinned before the current one: the upgrade path the suite keeps tested. Fetched
// once per machine into the suite's cache, the way `inventory --diff` and `lab --codex` fetch versions.
import { fetchCodexVersion } from "../../src/codex/fetch-version.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { TEST_CACHE } from "./paths.js";

/** Bump to the old pin whenever package.json pins a newer @openai/codex. */
export const PREVIOUS_CODEX = "0.169.0";

/** The previous version's binary, or undefined (with a warning) when the npm registry is out of reach. */
export async function previousCodexBinary(): Promise<string | undefined> {
  try {
    return await fetchCodexVersion(PREVIOUS_CODEX, { ...process.env, CODEX_HEADLESS_CACHE_DIR: TEST_CACHE });
  } catch (error) {
    if (error instanceof CodexHeadlessError && /npm registry is not reachable/.test(error.message)) {
      console.warn(`skipped: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}
