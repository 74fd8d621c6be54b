// A reused collab --out kept the earlier run's later turn folders beside the new run's (a newcomer
// trial). What an earlier collab wrote is cleared; a folder holding anything else is refused whole.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimOutDir, COLLAB_MARKER_FILE } from "../../src/collab/out-dir.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { scratchDir } from "../helpers/paths.js";

function folderWith(name: string, files: Record<string, string>): string {
  const dir = scratchDir(name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const refusal = (dir: string): CodexHeadlessError => {
  try {
    claimOutDir(dir);
  } catch (error) {
    if (error instanceof CodexHeadlessError) return error;
    throw error;
  }
  throw new Error("expected a usage error");
};

describe("collab output folder", () => {
  it("clears what an earlier collab wrote, as its list names it, and lists what the new one writes", () => {
    const dir = folderWith("collab-reused", {
      [COLLAB_MARKER_FILE]: JSON.stringify({ wrote: ["01-author", "02-reviewer", "03-author", "transcript.json"] }),
      "01-author/record.json": "{}",
      "02-reviewer/record.json": "{}",
      "03-author/record.json": "{}",
      "transcript.json": "{}",
    });
    const wrote = claimOutDir(dir);
    expect(readdirSync(dir)).toEqual([COLLAB_MARKER_FILE]);
    wrote("01-author");
    wrote("transcript.json");
    expect(JSON.parse(readFileSync(path.join(dir, COLLAB_MARKER_FILE), "utf8"))).toEqual({ wrote: ["01-author", "transcript.json"] });
  });

  it("takes a new or empty folder", () => {
    const dir = path.join(scratchDir("collab-new"), "out");
    claimOutDir(dir);
    expect(readdirSync(dir)).toEqual([COLLAB_MARKER_FILE]);
  });

  it("refuses, removing nothing, a folder holding what no collab wrote, or a list not ours", () => {
    const foreign = folderWith("collab-foreign", { [COLLAB_MARKER_FILE]: JSON.stringify({ wrote: ["01-author"] }), "01-author/record.json": "{}", "notes.txt": "mine" });
    const error = refusal(foreign);
    expect(error.code).toBe("usage");
    expect(error.message).toBe(`--out ${foreign}: it holds notes.txt, which no earlier collab wrote; choose an empty or new folder`);
    expect(existsSync(path.join(foreign, "01-author/record.json"))).toBe(true);
    // A folder of someone else's, with no list at all.
    expect(refusal(folderWith("collab-other", { "report.md": "x" })).message).toMatch(/it holds report\.md, which no earlier collab wrote/);
    // A list naming what we never write (a path out of the folder) is not ours.
    const forged = folderWith("collab-forged", { [COLLAB_MARKER_FILE]: JSON.stringify({ wrote: ["../elsewhere"] }) });
    expect(refusal(forged).message).toMatch(/\.codex-headless-collab\.json is not one we wrote/);
  });
});
