#!/usr/bin/env node
// Entry point. `codex-headless run` (the command every headless run starts) loads cli/main-run.ts,
// which holds the run command alone; any other command line loads cli/main-all.ts, with every command
// behind a dynamic import. Both hand their commands to the same body (cli/entry.ts), and `run` is
// loaded for the same command lines as before: the one named first. The bundle (scripts/bundle-cli.mjs)
// builds main-run as one CommonJS file of its own, main-run.cjs, run with V8's code cache
// (cli/code-cache.ts); unbundled (dist/src), there is none and the ES module is imported. Built, this
// entry is a CommonJS file too (dist/cli/main.cjs): Node's ES module loader, which an ES module entry
// starts, cost a run ~30 ms before its first line (measured: the median of 16 interleaved runs each,
// the run command reached at 188 ms from an ES module entry and at 150 ms from a CommonJS one).
import "./launcher-env.js";
import "./wasm-baseline.js";
import { fileURLToPath } from "node:url";
import { runCachedBundle } from "./code-cache.js";

/** The run bundle's build id (a hash of main-run.cjs), defined by scripts/bundle-cli.mjs; unbundled,
 *  no such name exists. */
declare const __CODEX_HEADLESS_RUN_BUNDLE_ID__: string | undefined;
const runBundleId = typeof __CODEX_HEADLESS_RUN_BUNDLE_ID__ === "string" ? __CODEX_HEADLESS_RUN_BUNDLE_ID__ : undefined;

/** `codex-headless run`: the run bundle with its code cache, or unbundled the run command's module. */
async function runCommandLine(): Promise<void> {
  const bundled = runBundleId !== undefined && (await runCachedBundle(fileURLToPath(new URL("./main-run.cjs", import.meta.url)), runBundleId));
  if (!bundled) await (await import("./main-run.js")).main();
}

// Not awaited at the top level: the bundle builds this file as CommonJS (dist/cli/main.cjs), which has
// none. Each branch ends in runCli, which reports every error itself and only sets the exit code.
if (process.argv[2] === "run") void runCommandLine();
else void import("./main-all.js");
