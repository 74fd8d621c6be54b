// A reused collab --out kept the earlier run's later turn folders beside the new run's (a newcomer
// trial). What an earlier collab wrote is cleared; a folder holding anything else is refused whole.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimOutDir, COLLAB_MARKER_FILE } from "../../src/collab/out-dir.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { scratchDir } from "../helpers/paths.js";

function folderWith(name: string, files: Record<string, string>): string {
  const dir = scratchDir(name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Claiming `dir` throws a usage error whose one line matches `message`. */
const refuses = (dir: string, message: string | RegExp) => expect(() => claimOutDir(dir)).toThrow(expect.objectContaining({ code: "usage", message: typeof message === "string" ? message : expect.stringMatching(message) }));

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
    refuses(foreign, `--out ${foreign}: it holds notes.txt, which no earlier collab wrote; choose an empty or new folder`);
    expect(existsSync(path.join(foreign, "01-author/record.json"))).toBe(true);
    // A folder of someone else's, with no list at all.
    refuses(folderWith("collab-other", { "report.md": "x" }), /it holds report\.md, which no earlier collab wrote/);
    // A list naming what we never write (a path out of the folder) is not ours.
    const forged = folderWith("collab-forged", { [COLLAB_MARKER_FILE]: JSON.stringify({ wrote: ["../elsewhere"] }) });
    refuses(forged, /\.codex-headless-collab\.json is not one we wrote/);
  });
});

describe("collab refused for bad input", () => {
  // A newcomer trial: each of these was refused (exit 2), and left an empty `collab-run` (the default
  // --out) in the folder it ran in: the folder was made before the script or --timeout was read.
  const f = fixtureHome("collab-bad-input");
  const cases: Array<[string, string[], RegExp]> = [
    ["one agent", ["collab", "hi", "--agent", "solo"], /needs at least two agents/],
    ["an unknown scenario", ["collab", "hi", "--agent", "a:nosuch", "--agent", "b"], /unknown scenario "nosuch"/],
    ["an empty opening", ["collab", ""], /the opening message is empty/],
    ["--timeout 0", ["collab", "hi", "--timeout", "0"], /--timeout: expected a positive number of seconds/],
  ];
  it.each(cases)("%s: exit 2, and no --out folder made, named or default", async (_name, args, message) => {
    const out = path.join(scratchDir("collab-refused"), "out");
    expectUsageError(await runCli([...args, "--out", out], f), message);
    expect(existsSync(out)).toBe(false);
    expectUsageError(await runCli(args, f), message);
    expect(existsSync(path.join(f.cwd, "collab-run"))).toBe(false);
  });
});
