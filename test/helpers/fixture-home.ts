// A fixture HOME for one test: Codex, our state dir and every temp file live inside it, so the real
// ~/.codex is never read or written. Built by the lab's fixture builder (src/lab/fixture.ts), the one
// the benchmarks use too.
import { buildFixture, type Fixture } from "../../src/lab/fixture.js";
import { scratchDir, TEST_CACHE } from "./paths.js";
import { copySeededState } from "./seeded-state.js";

export type FixtureHome = Fixture;

export interface FixtureOptions {
  /** The suite's scratch space lies inside this project's repository; with it, git and our
   *  repository lookup stop at the fixture, so its workspace is outside any repository. */
  gitCeiling?: boolean;
  /** The suite's `codex --version` and sandbox-probe verdicts in the state directory, as after a
   *  user's first run (helpers/seeded-state.ts): the first run here skips both. Not for tests of the
   *  probe, of what happens while it runs, or of what a first run writes. */
  seededState?: boolean;
}

/** Every fixture shares the suite's cache directory (what is kept per Codex binary: the home template,
 *  fetched versions, the config-key probe), so each is built once per suite, not once per fixture. */
export function fixtureHome(prefix = "home", options: FixtureOptions = {}): FixtureHome {
  const fixture = buildFixture(scratchDir(prefix), { noColor: true, cacheDir: TEST_CACHE, ...(options.gitCeiling ? { gitCeiling: true } : {}) });
  if (options.seededState) copySeededState(fixture.home);
  return fixture;
}
