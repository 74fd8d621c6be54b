// A fixture HOME for one test: Codex, our state dir and every temp file live inside it, so the real
// ~/.codex is never read or written.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "./paths.js";
import { copySeededState } from "./seeded-state.js";

export interface FixtureHome {
  home: string;
  /** A working directory for the run. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface FixtureOptions {
  /** The suite's `codex --version` and sandbox-probe verdicts in the state directory, as after a
   *  user's first run (helpers/seeded-state.ts): the first run here skips both. Not for tests of the
   *  probe, of what happens while it runs, or of what a first run writes. */
  seededState?: boolean;
}

export function fixtureHome(prefix = "home", options: FixtureOptions = {}): FixtureHome {
  const root = scratchDir(prefix);
  const home = path.join(root, "home");
  const cwd = path.join(root, "work");
  const tmp = path.join(root, "tmp");
  for (const dir of [home, cwd, tmp]) mkdirSync(dir, { recursive: true });
  if (options.seededState) copySeededState(home);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: tmp, NO_COLOR: "1" };
  delete env.CODEX_HOME;
  delete env.CODEX_HEADLESS_STATE_DIR;
  delete env.XDG_STATE_HOME;
  delete env.OPENAI_API_KEY;
  delete env.CODEX_API_KEY;
  return { home, cwd, env };
}
