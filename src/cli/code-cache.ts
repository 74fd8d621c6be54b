// `codex-headless run` from the bundle (scripts/bundle-cli.mjs) runs a CommonJS build of the run
// command (dist/cli/main-run.cjs) compiled with V8's code cache. Node 20 cannot give cached code to
// an ES module (vm.SourceTextModule needs a flag), and compiling the run's code was the largest part
// of the CLI's own cost after Node's start: the cached build cut a mock run from ~697 M to ~524 M
// instructions (valgrind, whole process, median of 3; Node's own start is ~85 M), the compile of
// the bundle's text and of every function the run calls on first use both skipped.
// The cache lies beside the bundle, made by the first run that has none (or whose cache V8 refused:
// another Node, other V8 flags), after the run, so it holds the functions the run compiled too. It is
// exactly as trusted as the code it caches: whoever can write that folder can rewrite the bundle
// itself. A folder we cannot write (a package installed by another user) only means no cache: the
// bundle compiles as it did. Nothing but compile time depends on it: a missing, stale or refused
// cache runs the same code.
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { errnoCode } from "../core/errors.js";
import { readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";

/** The file name of `bundle`'s cache for build `id` in this Node: V8 refuses cached data from another
 *  V8 version or other flags by itself, but takes any for a source of the same length, and runs the
 *  bytecode it holds. So the name holds the build id, and the bundle file's inode and modification
 *  time: a bundle rewritten in place (patch-package) after its cache was made is never run with the
 *  old code (test/cli/code-cache.test.ts saw it run). */
export function codeCachePath(bundle: string, id: string): string {
  const stat = statSync(bundle, { bigint: true });
  return path.join(path.dirname(bundle), `.${path.basename(bundle)}.${id}.${stat.ino}-${stat.mtimeNs}.${process.version}-${process.arch}.v8cache`);
}

/** Runs CommonJS bundle `bundle` (built as build `id`) as Node would require it, with V8's code cache,
 *  and awaits its `main` export: true once that has settled, false when there is no such bundle. */
export async function runCachedBundle(bundle: string, id: string): Promise<boolean> {
  // The bundle is read as Node's loader reads a module (a link followed: it is our own code, as
  // trusted as the entry that runs this); only the cache is never read through a link.
  let source: Buffer;
  let cacheFile: string;
  try {
    source = readFileSync(bundle);
    cacheFile = codeCachePath(bundle, id);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return false;
    throw error;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileNoFollow(cacheFile);
  } catch {
    cachedData = undefined; // not a regular file: ignored, and replaced below
  }
  // The wrapper Node puts around a CommonJS module, so the bundle sees what require() would give it.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source.toString("utf8")}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as { main?: () => Promise<void> } };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  await module.exports.main!();
  if (cachedData === undefined || script.cachedDataRejected) saveCache(script, bundle, cacheFile);
  return true;
}

function saveCache(script: vm.Script, bundle: string, cacheFile: string): void {
  try {
    writeFileReplacing(cacheFile, script.createCachedData());
    // Caches of other builds (or of this bundle's file before it was rewritten) beside it are dead
    // weight (~0.8 MB each); another Node's is kept.
    const others = `.${path.basename(bundle)}.`;
    const ours = path.basename(cacheFile).slice(0, -`${process.version}-${process.arch}.v8cache`.length);
    for (const name of readdirSync(path.dirname(bundle))) {
      if (name.startsWith(others) && !name.startsWith(ours) && name.endsWith(".v8cache")) rmSync(path.join(path.dirname(bundle), name), { force: true });
    }
  } catch {
    // A folder we cannot write: no cache, the next run compiles as this one did.
  }
}
