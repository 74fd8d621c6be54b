// A fixture HOME for one test: Codex, our state dir and every temp file live inside it, so the real
// ~/.codex is never read or written.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "./paths.js";

export interface FixtureHome {
  home: string;
  /** A working directory for the run. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function fixtureHome(prefix = "home"): FixtureHome {
  const root = scratchDir(prefix);
  const home = path.join(root, "home");
  const cwd = path.join(root, "work");
  const tmp = path.join(root, "tmp");
  for (const dir of [home, cwd, tmp]) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: tmp, NO_COLOR: "1" };
  delete env.CODEX_HOME;
  delete env.CODEX_HEADLESS_STATE_DIR;
  delete env.XDG_STATE_HOME;
  delete env.OPENAI_API_KEY;
  delete env.CODEX_API_KEY;
  return { home, cwd, env };
}
