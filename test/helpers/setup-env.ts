// In-process library tests get a fixture HOME too: nothing a test calls may reach the real ~/.codex.
import { FIXTURE_CLEARED_VARS } from "../../src/lab/fixture.js";
import { fixtureHome } from "./fixture-home.js";

const fixture = fixtureHome("inproc");
process.env.HOME = fixture.home;
process.env.TMPDIR = fixture.env.TMPDIR;
for (const name of FIXTURE_CLEARED_VARS) delete process.env[name];
// Every record a run builds in the suite is parsed and must come out unchanged (run/record.ts,
// builtRecord): the runner itself no longer parses its own records.
process.env.CODEX_HEADLESS_CHECK_RECORDS = "1";
