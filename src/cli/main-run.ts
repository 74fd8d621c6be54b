// `codex-headless run ...` (cli/main.ts loads this when the first argument is `run`): the run command
// alone, as cli/main-all.ts would load it for the same command line, imported statically so that the
// bundle (scripts/bundle-cli.mjs) makes this and all it needs one file. Such a command line is never a
// lone `--version`: no answer for one is given, nor bundled. Nothing runs on import: the bundle is a
// CommonJS file run with V8's code cache (cli/code-cache.ts), whose caller awaits `main`.
import "./zod-jitless.js";
import { runCli } from "./entry.js";
import { runCommand } from "./run.js";

export function main(): Promise<void> {
  return runCli({ run: async () => runCommand() });
}
