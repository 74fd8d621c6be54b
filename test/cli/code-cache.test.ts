// The run bundle's V8 code cache (src/cli/code-cache.ts): made beside the bundle by the first run, used
// by the next, refused by V8 and replaced when it is not V8's, never followed through a link; a stale
// build's cache is removed. A tiny CommonJS bundle stands in for dist/cli/main-run.cjs.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codeCachePath, runCachedBundle } from "../../src/cli/code-cache.js";
import { scratchDir } from "../helpers/paths.js";

/** A bundle whose main counts its runs in globalThis[key]. */
function bundle(dir: string, key: string): string {
  const file = path.join(dir, "main-run.cjs");
  // Enough functions that V8's cache is more than a header.
  const helpers = Array.from({ length: 50 }, (_, i) => `function helper${i}(x) { return x + ${i}; }`).join("\n");
  writeFileSync(file, `"use strict";\n${helpers}\nexports.main = async () => { globalThis[${JSON.stringify(key)}] = (globalThis[${JSON.stringify(key)}] ?? 0) + helper1(1) - 1; };\n`);
  return file;
}

const runs = (key: string) => (globalThis as Record<string, unknown>)[key];

describe("the run bundle's code cache", () => {
  it("is written by the first run beside the bundle and read, not rewritten, by the next", async () => {
    const dir = scratchDir("code-cache");
    const file = bundle(dir, "cc-first");
    expect(await runCachedBundle(file, "build1")).toBe(true);
    const cache = codeCachePath(file, "build1");
    expect(path.dirname(cache)).toBe(dir);
    expect(statSync(cache).size).toBeGreaterThan(0);
    const written = statSync(cache, { bigint: true });
    expect(await runCachedBundle(file, "build1")).toBe(true);
    expect(runs("cc-first")).toBe(2);
    const after = statSync(cache, { bigint: true });
    // Accepted by V8: left as it was (a refused cache is replaced by a fresh file, a new inode).
    expect([after.ino, after.mtimeNs]).toEqual([written.ino, written.mtimeNs]);
  });

  it("runs the bundle the same when its cache is not V8's, and replaces it", async () => {
    const dir = scratchDir("code-cache");
    const file = bundle(dir, "cc-garbage");
    const cache = codeCachePath(file, "build1");
    writeFileSync(cache, "not a code cache");
    expect(await runCachedBundle(file, "build1")).toBe(true);
    expect(runs("cc-garbage")).toBe(1);
    expect(readFileSync(cache, "utf8")).not.toBe("not a code cache");
  });

  it("never reads or writes through a link at the cache's path", async () => {
    const dir = scratchDir("code-cache");
    const file = bundle(dir, "cc-link");
    const target = path.join(dir, "elsewhere.bin");
    writeFileSync(target, "kept");
    const cache = codeCachePath(file, "build1");
    symlinkSync(target, cache);
    expect(await runCachedBundle(file, "build1")).toBe(true);
    expect(runs("cc-link")).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("kept");
    expect(lstatSync(cache).isFile()).toBe(true);
  });

  it("never runs a bundle rewritten in place (same build id, same length: patch-package) with the old cache", async () => {
    const dir = scratchDir("code-cache");
    const file = path.join(dir, "main-run.cjs");
    const write = (value: number) => writeFileSync(file, `"use strict";\nexports.main = async () => { globalThis.ccPatched = ${value}; };\n`);
    write(1);
    expect(await runCachedBundle(file, "build1")).toBe(true);
    expect(runs("ccPatched")).toBe(1);
    write(2);
    // A later write (the file system's clock may not tick between two writes this close).
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(await runCachedBundle(file, "build1")).toBe(true);
    expect(runs("ccPatched")).toBe(2);
  });

  it("removes another build's cache when it writes its own, and says when there is no bundle", async () => {
    const dir = scratchDir("code-cache");
    const file = bundle(dir, "cc-stale");
    expect(await runCachedBundle(file, "old")).toBe(true);
    expect(existsSync(codeCachePath(file, "old"))).toBe(true);
    expect(await runCachedBundle(file, "new")).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith(".v8cache"))).toEqual([path.basename(codeCachePath(file, "new"))]);
    expect(await runCachedBundle(path.join(dir, "missing.cjs"), "new")).toBe(false);
  });
});
