// What `codex-headless run` evaluates before it can spawn Codex: the entry (a CommonJS file, whose
// requires are Node's own modules) with the chunks it imports statically, and the run command's own CommonJS bundle (main-run.cjs, run with V8's code cache: see
// scripts/bundle-cli.mjs and src/cli/code-cache.ts). Code an exec run never needs must stay behind a
// dynamic import, which esbuild keeps in that bundle as a module evaluated on that import only. Each
// marker is first shown to exist where it comes from, so a marker gone stale fails here instead of
// passing.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { SECRET_CORPUS } from "../observe/secret-corpus.js";
import { CLI, REPO_ROOT } from "../helpers/paths.js";

const CLI_DIR = path.dirname(CLI);

/** The files `entry` loads before it runs: itself and its static imports, transitively. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(path.join(CLI_DIR, file), "utf8");
    // Static forms only (`import ... from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([^"']+\.js)["']/g)) pending.push(match[1]!);
  }
  return seen;
}

describe("the built CLI's run command", () => {
  const RUN_BUNDLE = "main-run.cjs";
  const runText = readFileSync(path.join(CLI_DIR, RUN_BUNDLE), "utf8");
  const ENTRY = path.basename(CLI);
  const loaded = staticClosure(ENTRY);
  /** Where the entry names the run bundle: beside itself (its import.meta.url is defined as its file's URL). */
  const RUN_URL = `new URL("./${RUN_BUNDLE}",__codexHeadlessUrl)`;
  const loadedText = [...loaded].map((file) => readFileSync(path.join(CLI_DIR, file), "utf8")).join("\n") + runText;
  const allText = readdirSync(CLI_DIR)
    .filter((name) => name.endsWith(".js") || name.endsWith(".cjs"))
    .map((name) => readFileSync(path.join(CLI_DIR, name), "utf8"))
    .join("\n");

  it("is a bundle of its own, run by the entry with a code cache, which loads no command before it", () => {
    expect(ENTRY).toBe("main.cjs");
    expect(readFileSync(CLI, "utf8")).toContain(RUN_URL);
    // No ES module syntax of its own: Node runs it with the CommonJS loader.
    expect(readFileSync(CLI, "utf8")).not.toMatch(/^import[\s{]|^export\b/m);
    // The entry, the chunk its cache loader shares (errors, safe file access) and esbuild's helpers:
    // no command's module.
    expect(loaded.size).toBeLessThanOrEqual(3);
    for (const file of loaded) expect(readFileSync(path.join(CLI_DIR, file), "utf8")).not.toContain("one headless Codex run; stdout carries only the final answer");
    // The run command itself, bundled into that file rather than into a chunk shared with other commands.
    expect(runText).toContain("one headless Codex run; stdout carries only the final answer");
  });

  it("compiles WebAssembly with V8's baseline compiler only, set before the run's bundle or any command loads", () => {
    // The marker, where it comes from (a package.json sideEffects list without the module dropped it
    // from the build without a word), then in the entry, ahead of what the entry loads.
    const marker = 'setFlagsFromString("--liftoff-only")';
    expect(readFileSync(path.join(REPO_ROOT, "dist", "src", "cli", "wasm-baseline.js"), "utf8")).toContain(marker);
    // In the CommonJS entry the call reads `(0,import_node_v8.setFlagsFromString)("--liftoff-only")`.
    const entry = readFileSync(CLI, "utf8");
    const at = entry.search(/setFlagsFromString\)?\("--liftoff-only"\)/);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(entry.indexOf(RUN_URL));
    expect(at).toBeLessThan(entry.indexOf("main-all"));
  });

  it.each([
    ["the app-server transport", "app_server", "does not answer ${method} in a headless run"],
    ["the ws library (the mock's WebSocket)", "wrapper", "permessage-deflate"],
    ["the terminal asker (readline)", "ask_terminal", "node:readline/promises"],
  ])("does not evaluate %s before Codex spawns; a run that needs it imports it then", (_what, module, marker) => {
    expect(allText).toContain(marker);
    expect(runText).toContain(marker);
    // Its module is evaluated by init_<module>() only, and every such call is a dynamic import's.
    const calls = runText.split(`init_${module}()`).length - 1;
    const dynamicImports = runText.split(`Promise.resolve().then(()=>(init_${module}(),${module}_exports))`).length - 1;
    expect(calls).toBeGreaterThan(0);
    expect(dynamicImports).toBe(calls);
    for (const file of loaded) expect(readFileSync(path.join(CLI_DIR, file), "utf8")).not.toContain(marker);
  });

  it("runs secretlint's rules on their first use, not before Codex spawns, and redacts with them as before (scripts/bundle-cli.mjs)", () => {
    // The preset is bundled as a module esbuild runs on its first require(), not when its chunk loads.
    expect(loadedText).toMatch(/__esm\(\{"node_modules\/@secretlint\/secretlint-rule-preset-recommend\/module\/[^"]+"\(\)/);
    // Secrets only the library's rules find (no shape of ours covers them), redacted by the bundled
    // Redactor in a fresh process: the first use loads the rules.
    const onlyTheLibrary = SECRET_CORPUS.filter((entry) => entry.name === "a Slack token in prose" || entry.name === "a GitHub token under a neutral name");
    expect(onlyTheLibrary).toHaveLength(2);
    // A chunk of the other commands' build that exports it: bundled by the same rules as the run's.
    const chunk = readdirSync(CLI_DIR).find((file) => file.endsWith(".js") && /\bexport\{[^}]*\bRedactor\b/.test(readFileSync(path.join(CLI_DIR, file), "utf8")));
    expect(chunk).toBeDefined();
    const script = `const { Redactor } = await import(${JSON.stringify(pathToFileURL(path.join(CLI_DIR, chunk!)).href)}); process.stdout.write(JSON.stringify(${JSON.stringify(onlyTheLibrary.map((entry) => entry.text))}.map((text) => new Redactor().redactString(text))));`;
    const redacted = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as string[];
    onlyTheLibrary.forEach((entry, index) => {
      expect(redacted[index]).toContain("<redacted:");
      expect(redacted[index]).not.toContain(entry.secret);
    });
  });

  it("carries none of zod's locales but English (zod imported as a namespace, scripts/bundle-cli.mjs)", () => {
    // Indonesian, in ASCII: esbuild writes other scripts as \u escapes.
    const indonesian = "Input tidak valid";
    expect(readFileSync(path.join(REPO_ROOT, "node_modules", "zod", "v4", "locales", "id.js"), "utf8")).toContain(indonesian);
    expect(allText).not.toContain(indonesian);
  });
});
