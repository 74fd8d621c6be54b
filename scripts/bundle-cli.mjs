// Bundles the built CLI (dist/src/cli/main.js) into dist/cli/: our modules and the small pure-JS
// dependencies in a few files instead of hundreds. Loading the module graph is most of a CLI run's
// own start-up cost (a CPU profile of `codex-headless run`: ESM resolution and zod's many files), and
// every headless run pays it. Each command stays a chunk of its own, loaded only when used.
// Packages that find files next to themselves (the Codex binary, WASM grammars, native modules,
// browsers) stay external and are resolved from node_modules as before. Nothing is downloaded.
import { build } from "esbuild";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist", "src", "cli", "main.js");
const outdir = path.join(root, "dist", "cli");
if (!existsSync(entry)) process.exit(0);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [entry],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  external: ["@openai/codex", "@openai/codex-*", "@vscode/tree-sitter-wasm", "node-pty", "playwright-core", "@openai/codex-sdk"],
  // Bundled CommonJS dependencies (commander) call require() for Node's own modules.
  banner: { js: "import { createRequire as __codexHeadlessRequire } from 'node:module'; const require = __codexHeadlessRequire(import.meta.url);" },
});
