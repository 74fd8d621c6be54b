// Bundles the built CLI (dist/src/cli/main.js) into dist/cli/: our modules and the small pure-JS
// dependencies in a few files instead of hundreds. Loading the module graph is most of a CLI run's
// own start-up cost (a CPU profile of `codex-headless run`: ESM resolution and zod's many files), and
// every headless run pays it. Each command stays a chunk of its own, loaded only when used.
// Packages that find files next to themselves (the Codex binary, WASM grammars, native modules,
// browsers) stay external and are resolved from node_modules as before. Nothing is downloaded.
// Minified (source map linked): V8 compiles every module of the graph before the first line runs,
// and that compile scales with the text; `run` loaded 1.48 MB of code before, 0.62 MB after. Names
// are not minified: code that reads a function's or class's name (commander's errors name themselves
// after their class) keeps working, with no keepNames wrapper on every function, which cost CPU of
// its own in a profile.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist", "src", "cli", "main.js");
const outdir = path.join(root, "dist", "cli");
if (!existsSync(entry)) process.exit(0);
rmSync(outdir, { recursive: true, force: true });

// zod's index exports `z` as a namespace object (`import * as z`, then `export { z }`); esbuild keeps
// every member of a namespace that escapes as a value, so `import { z } from "zod"` pulled all of
// zod into the bundle: its 40-odd locales (366 KB), JSON Schema conversion, and the rest, in the one
// chunk every command loads. Importing the same module as a namespace (`import * as z from` zod's
// classic API, the module the index re-exports) lets esbuild keep only the members used. Same module,
// same objects: only what is bundled changes. A file whose import is not the exact line is left as is.
const zodClassic = path.join(root, "node_modules", "zod", "v4", "classic", "external.js");
// secretlint's recommended rules (73 KB with their dependencies) are first used once Codex is spawned
// (run/drive.ts warms the redaction then), but a static import evaluates them, and their dependencies,
// before the first line of ours runs. In the bundle, observe/redact.js asks for them with require()
// instead, on first use: esbuild then wraps those modules in functions that run on the first call, in
// the same order and with the same objects, only later. Synchronous as before: redaction never waits.
const SECRETLINT_IMPORT = 'import { creator as secretlintRecommended } from "@secretlint/secretlint-rule-preset-recommend";';
const SECRETLINT_ON_USE = 'const secretlintRecommended = { get rules() { return require("@secretlint/secretlint-rule-preset-recommend").creator.rules; } };';
const zodNamespace = {
  name: "zod-namespace",
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/](src|bench)[\\/].*\.js$/ }, (args) => {
      let contents = readFileSync(args.path, "utf8").replace(/^import \{ z \} from "zod";$/m, `import * as z from ${JSON.stringify(zodClassic)};`);
      if (/[\\/]observe[\\/]redact\.js$/.test(args.path)) {
        if (!contents.includes(SECRETLINT_IMPORT)) throw new Error("bundle-cli: observe/redact.js no longer imports secretlint's preset as this script expects");
        contents = contents.replace(SECRETLINT_IMPORT, SECRETLINT_ON_USE);
      }
      return { contents, loader: "js" };
    });
  },
};
// `codex-headless run` is built on its own as well (cli/main-run.js, run by the entry for a command
// line that starts with `run`): one entry, so everything it needs is in one file. In the build of
// every command, the modules the run shares with other commands were split over two dozen chunks (23
// files before Codex spawned, 4 then), and each module costs the loader a resolution, a read and a
// link (valgrind, instructions of a mock run up to the Codex spawn, median of 5: 557 M before, 509 M
// after; `run --help` 410 M, 350 M).
// It is a CommonJS file, dist/cli/main-run.cjs, which the entry runs with V8's code cache
// (src/cli/code-cache.ts says why and what it saves): Node 20 gives cached code to CommonJS only.
// CommonJS output has no chunks: what the run imports dynamically (the app-server transport, ws, the
// terminal asker) is in the same file, and esbuild still evaluates those modules on that import only.
const runEntry = path.join(root, "dist", "src", "cli", "main-run.js");
const common = {
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [zodNamespace],
  logLevel: "warning",
  external: ["@openai/codex", "@openai/codex-*", "@vscode/tree-sitter-wasm", "node-pty", "playwright-core", "@openai/codex-sdk"],
  // Bundled CommonJS dependencies (commander) call require() for Node's own modules.
  banner: { js: "import { createRequire as __codexHeadlessRequire } from 'node:module'; const require = __codexHeadlessRequire(import.meta.url);" },
};
// zod-jitless.js imports `config` from zod's index. In a CommonJS bundle esbuild wraps zod's modules
// in functions run on first use (they are shared with the dynamically imported ones) and then called
// `config` before running zod's core (TypeError: its settings object undefined). Imported from the
// core module that defines it (the same function and settings object), it is run first.
const zodCore = path.join(root, "node_modules", "zod", "v4", "core", "core.js");
const JITLESS_IMPORT = 'import { config } from "zod";';
const zodForCommonJs = {
  name: "zod-for-commonjs",
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/]cli[\\/]zod-jitless\.js$/ }, (args) => {
      const contents = readFileSync(args.path, "utf8");
      if (!contents.includes(JITLESS_IMPORT)) throw new Error("bundle-cli: cli/zod-jitless.js no longer imports config as this script expects");
      return { contents: contents.replace(JITLESS_IMPORT, `import { config } from ${JSON.stringify(zodCore)};`), loader: "js" };
    });
  },
};
/** A CommonJS bundle of `entryPoint` at `outfile`. A CommonJS file has require of its own;
 *  import.meta.url (the code that finds our package root and the pinned Codex) is this file's URL, as
 *  it was the ES module's beside it. `strict`: the directive goes before the banner's statement. */
const commonJs = (entryPoint, outfile, { plugins, define = {}, strict = false }) =>
  build({
    ...common,
    entryPoints: [entryPoint],
    outdir: undefined,
    outfile,
    splitting: false,
    format: "cjs",
    plugins,
    banner: { js: `${strict ? '"use strict"; ' : ""}var __codexHeadlessUrl = require("node:url").pathToFileURL(__filename).href;` },
    define: { ...define, "import.meta.url": "__codexHeadlessUrl" },
  });
const runFile = path.join(outdir, "main-run.cjs");
await commonJs(runEntry, runFile, { plugins: [zodForCommonJs, zodNamespace] });
// The entry knows the run bundle's build by a hash of its text: code-cache.ts keeps the cache under it.
const runBundleId = createHash("sha256").update(readFileSync(runFile)).digest("hex").slice(0, 16);
// Every command but `run`: cli/main-all.js, an ES module entry of its own (a stable name the entry
// imports), its commands in chunks loaded when used.
const allEntry = path.join(root, "dist", "src", "cli", "main-all.js");
await build({ ...common, entryPoints: [allEntry], plugins: [zodNamespace] });
// The entry itself is a CommonJS file, dist/cli/main.cjs: an ES module entry starts Node's ES module
// loader before its first line (~30 ms of a run; src/cli/main.ts). What it imports dynamically (the
// other commands, the unbundled run module) stays an import() of the file beside it.
const apart = {
  name: "apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/main-(run|all)\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
const mainFile = path.join(outdir, "main.cjs");
// Strict, as the ES module was.
await commonJs(entry, mainFile, { plugins: [apart], define: { __CODEX_HEADLESS_RUN_BUNDLE_ID__: JSON.stringify(runBundleId) }, strict: true });
// The entry point starts as a shell script (one line that is also a JavaScript string statement, so
// `node dist/cli/main.cjs` runs the same file): Node is started without NODE_EXTRA_CA_CERTS, whose
// value is handed over and put back before anything reads the environment (src/cli/launcher-env.ts
// says why and what it saves). `exec` keeps one process: the pid a caller waits on or signals is
// Node's. `env -u` is in GNU, BSD and busybox env.
const LAUNCHER = [
  "#!/bin/sh",
  `":" //; if [ -n "\${NODE_EXTRA_CA_CERTS+set}" ]; then exec env -u NODE_EXTRA_CA_CERTS CODEX_HEADLESS_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS" node "$0" "$@"; fi; exec node "$0" "$@"`,
].join("\n");
const built = readFileSync(mainFile, "utf8");
if (!built.startsWith("#!/usr/bin/env node\n")) throw new Error("bundle-cli: dist/cli/main.cjs no longer starts with the hashbang this script replaces");
writeFileSync(mainFile, LAUNCHER + built.slice("#!/usr/bin/env node".length));
