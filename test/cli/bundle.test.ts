// What `codex-headless run` compiles before it can spawn Codex: the entry and the run command's chunk
// with every chunk they import statically (V8 compiles all of them before the first line runs; see
// scripts/bundle-cli.mjs). Code an exec run never needs must stay behind a dynamic import. Each marker
// is first shown to exist where it comes from, so a marker gone stale fails here instead of passing.
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
  // `codex-headless run` loads the entry, then main-run.js (its own build) with its static imports.
  const RUN_ENTRY = "main-run.js";
  const loaded = new Set([...staticClosure("main.js"), ...staticClosure(RUN_ENTRY)]);
  const loadedText = [...loaded].map((file) => readFileSync(path.join(CLI_DIR, file), "utf8")).join("\n");
  const allText = readdirSync(CLI_DIR)
    .filter((name) => name.endsWith(".js"))
    .map((name) => readFileSync(path.join(CLI_DIR, name), "utf8"))
    .join("\n");

  it("is an entry of its own, loaded by the entry, which loads nothing else before it", () => {
    expect(readFileSync(CLI, "utf8")).toContain(`import("./${RUN_ENTRY}")`);
    expect([...staticClosure("main.js")]).toEqual(["main.js"]);
    // The run command itself, bundled into that file rather than into a chunk shared with other commands.
    expect(readFileSync(path.join(CLI_DIR, RUN_ENTRY), "utf8")).toContain("one headless Codex run; stdout carries only the final answer");
  });

  it.each([
    ["the app-server transport", "does not answer ${method} in a headless run"],
    ["the ws library (the mock's WebSocket)", "permessage-deflate"],
    ["the terminal asker (readline)", "node:readline/promises"],
  ])("does not load %s before Codex spawns; a run that needs it imports it then", (_what, marker) => {
    expect(allText).toContain(marker);
    expect(loadedText).not.toContain(marker);
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
