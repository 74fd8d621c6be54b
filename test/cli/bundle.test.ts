// What `codex-headless run` compiles before it can spawn Codex: the entry and the run command's chunk
// with every chunk they import statically (V8 compiles all of them before the first line runs; see
// scripts/bundle-cli.mjs). Code an exec run never needs must stay behind a dynamic import. Each marker
// is first shown to exist where it comes from, so a marker gone stale fails here instead of passing.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
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
  const runChunk = readdirSync(CLI_DIR).find((name) => /^run-[A-Z0-9]+\.js$/.test(name));
  const loaded = runChunk ? new Set([...staticClosure("main.js"), ...staticClosure(runChunk)]) : new Set<string>();
  const loadedText = [...loaded].map((file) => readFileSync(path.join(CLI_DIR, file), "utf8")).join("\n");
  const allText = readdirSync(CLI_DIR)
    .filter((name) => name.endsWith(".js"))
    .map((name) => readFileSync(path.join(CLI_DIR, name), "utf8"))
    .join("\n");

  it("is a chunk of its own, loaded with the entry", () => {
    expect(runChunk).toBeDefined();
    expect(readFileSync(CLI, "utf8")).toContain(`import("./${runChunk}")`);
  });

  it.each([
    ["the app-server transport", "does not answer ${method} in a headless run"],
    ["the ws library (the mock's WebSocket)", "permessage-deflate"],
    ["the terminal asker (readline)", "node:readline/promises"],
  ])("does not load %s before Codex spawns; a run that needs it imports it then", (_what, marker) => {
    expect(allText).toContain(marker);
    expect(loadedText).not.toContain(marker);
  });

  it("carries none of zod's locales but English (zod imported as a namespace, scripts/bundle-cli.mjs)", () => {
    // Indonesian, in ASCII: esbuild writes other scripts as \u escapes.
    const indonesian = "Input tidak valid";
    expect(readFileSync(path.join(REPO_ROOT, "node_modules", "zod", "v4", "locales", "id.js"), "utf8")).toContain(indonesian);
    expect(allText).not.toContain(indonesian);
  });
});
