#!/usr/bin/env node
// Entry point. `codex-headless run` (the command every headless run starts) loads cli/main-run.ts,
// which holds the run command alone; any other command line loads cli/main-all.ts, with every command
// behind a dynamic import. Both hand their commands to the same body (cli/entry.ts), and `run` is
// loaded for the same command lines as before: the one named first. The bundle (scripts/bundle-cli.mjs)
// builds main-run as one CommonJS file of its own, main-run.cjs, run with V8's code cache
// (cli/code-cache.ts); unbundled (dist/src), there is none and the ES module is imported.
import "./launcher-env.js";
import "./wasm-baseline.js";
import { fileURLToPath } from "node:url";
import { runCachedBundle } from "./code-cache.js";

/** The run bundle's build id (a hash of main-run.cjs), defined by scripts/bundle-cli.mjs; unbundled,
 *  no such name exists. */
declare const __CODEX_HEADLESS_RUN_BUNDLE_ID__: string | undefined;
const runBundleId = typeof __CODEX_HEADLESS_RUN_BUNDLE_ID__ === "string" ? __CODEX_HEADLESS_RUN_BUNDLE_ID__ : undefined;

if (process.argv[2] === "run") {
  const bundled = runBundleId !== undefined && (await runCachedBundle(fileURLToPath(new URL("./main-run.cjs", import.meta.url)), runBundleId));
  if (!bundled) await (await import("./main-run.js")).main();
} else await import("./main-all.js");
