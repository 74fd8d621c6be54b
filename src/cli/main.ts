#!/usr/bin/env node
// Entry point. `codex-headless run` (the command every headless run starts) loads cli/main-run.ts,
// which holds the run command alone; any other command line loads cli/main-all.ts, with every command
// behind a dynamic import. Both hand their commands to the same body (cli/entry.ts), and `run` is
// loaded for the same command lines as before: the one named first. The bundle (scripts/bundle-cli.mjs)
// builds main-run as one file of its own, so a run loads four modules where it loaded 23.
import "./launcher-env.js";

if (process.argv[2] === "run") await import("./main-run.js");
else await import("./main-all.js");
