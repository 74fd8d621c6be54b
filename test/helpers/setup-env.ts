// In-process library tests get a fixture HOME too: nothing a test calls may reach the real ~/.codex.
import { fixtureHome } from "./fixture-home.js";

const fixture = fixtureHome("inproc");
process.env.HOME = fixture.home;
process.env.TMPDIR = fixture.env.TMPDIR;
delete process.env.CODEX_HOME;
delete process.env.CODEX_HEADLESS_STATE_DIR;
delete process.env.XDG_STATE_HOME;
delete process.env.OPENAI_API_KEY;
delete process.env.CODEX_API_KEY;
