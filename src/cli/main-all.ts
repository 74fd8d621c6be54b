// Every command of the CLI, each loaded only when used (cli/main.ts loads this for any command line
// but `run`).
import "./zod-jitless.js";
import { runCli } from "./entry.js";
import { COMMANDS } from "./commands.js";
import { versionText } from "./version.js";

await runCli(COMMANDS, versionText);
