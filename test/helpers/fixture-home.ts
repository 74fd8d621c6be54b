// A fixture HOME for one test: Codex, our state dir and every temp file live inside it, so the real
// ~/.codex is never read or written. Built by the lab's fixture builder (src/lab/fixture.ts), the one
// the benchmarks use too.
import { buildFixture, type Fixture } from "../../src/lab/fixture.js";
import { scratchDir } from "./paths.js";

export type FixtureHome = Fixture;

/** `gitCeiling`: the suite's scratch space lies inside this project's repository; with it, git and
 *  our repository lookup stop at the fixture, so its workspace is outside any repository. */
export function fixtureHome(prefix = "home", options: { gitCeiling?: boolean } = {}): FixtureHome {
  return buildFixture(scratchDir(prefix), { noColor: true, ...options });
}
