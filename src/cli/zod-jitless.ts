// Imported first by the CLI's entry point, before any module builds a schema (zod reads the setting
// when a schema is built). zod 4 compiles a fast path for each object schema on its first parse; a
// CLI process parses most schemas once, so the compile is pure cost: in a CPU profile of
// `codex-headless run` it was more than half of all time spent in zod. The library keeps zod's
// default, which pays off in a long-lived process.
import { config } from "zod";

config({ jitless: true });
