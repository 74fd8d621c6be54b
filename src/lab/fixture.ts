// The one fixture builder: a HOME, a working directory and a temp dir of their own in a fresh folder,
// and the environment a run launched from them starts from. The lab, the benchmarks and the tests all
// build their fixtures here, so none of them can reach the user's ~/.codex or credentials by a
// variable one of them forgot to clear.
import { mkdirSync } from "node:fs";
import path from "node:path";

/** Variables a fixture never inherits: another Codex home, our state directory's location, and
 *  credentials (the API keys unless `keepApiKeys`). */
export const FIXTURE_CLEARED_VARS = ["CODEX_HOME", "CODEX_HEADLESS_STATE_DIR", "XDG_STATE_HOME", "OPENAI_API_KEY", "CODEX_API_KEY"] as const;

export interface FixtureOptions {
  /** The environment to start from (default: process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Keep OPENAI_API_KEY and CODEX_API_KEY (the lab's real-provider runs); default: cleared. */
  keepApiKeys?: boolean;
  /** Put our state directory inside the fixture (`<root>/state`); default: left to its default, which
   *  lies under the fixture's HOME. */
  stateInRoot?: boolean;
  /** NO_COLOR=1 (tests and benchmarks compare plain text). */
  noColor?: boolean;
  /** GIT_CEILING_DIRECTORIES=<root>: git, and our own repository lookup (core/fs-lookup.ts), stop at
   *  the fixture, so a fixture made inside a repository's work tree (.test-work/, a lab report's
   *  .work/) is not taken for part of that repository. */
  gitCeiling?: boolean;
  /** CODEX_HEADLESS_CACHE_DIR for the fixture's runs: fixtures that share one reuse what a cache holds
   *  per binary (home templates, the config-key probe, fetched Codex versions) instead of each
   *  building its own in its own state directory; default: inherited, else the fixture's state dir. */
  cacheDir?: string;
}

export interface Fixture {
  /** The fixture's own folder: home/, work/ and tmp/ live in it; files kept beside work/ go here. */
  root: string;
  /** HOME: dotfiles and the ambient ~/.codex of the runs. */
  home: string;
  /** A working directory for runs. */
  cwd: string;
  /** The environment runs launched from this fixture start from. */
  env: NodeJS.ProcessEnv;
}

/** Builds a fixture in `root` (an existing, fresh folder outside the system temp dir, where Codex
 *  refuses its helper binaries). */
export function buildFixture(root: string, options: FixtureOptions = {}): Fixture {
  const home = path.join(root, "home");
  const cwd = path.join(root, "work");
  const tmp = path.join(root, "tmp");
  for (const dir of [home, cwd, tmp]) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env), HOME: home, TMPDIR: tmp };
  for (const name of FIXTURE_CLEARED_VARS) {
    if (options.keepApiKeys && (name === "OPENAI_API_KEY" || name === "CODEX_API_KEY")) continue;
    delete env[name];
  }
  if (options.stateInRoot) env.CODEX_HEADLESS_STATE_DIR = path.join(root, "state");
  if (options.noColor) env.NO_COLOR = "1";
  if (options.gitCeiling) env.GIT_CEILING_DIRECTORIES = root;
  if (options.cacheDir) env.CODEX_HEADLESS_CACHE_DIR = options.cacheDir;
  return { root, home, cwd, env };
}
