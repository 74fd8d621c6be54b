// How we read a Codex home's `.env` (home/dotenv.ts): as dotenvy does, so the gate judges what Codex
// takes into its environment (red team 27).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { homeDotenvAdditions, parseDotenv } from "../../src/home/dotenv.js";
import { scratchDir } from "../helpers/paths.js";

it("reads export, comments, quotes, escapes, multi-line values and substitution", () => {
  const text = [
    "# a comment",
    "export A=/x/a.sh # trailing",
    "B='$A literal'",
    'C="$A/more\\n${HOME}"',
    "D=${A}:$NOPE:end",
    'E="one',
    'two"',
    "not a line",
  ].join("\n");
  expect(parseDotenv(text, { HOME: "/h" })).toEqual({ A: "/x/a.sh", B: "$A literal", C: "/x/a.sh/more\n/h", D: "/x/a.sh::end", E: "one\ntwo" });
});

it("adds only what the environment lacks, and nothing from a folder named .env", () => {
  const home = mkdtempSync(path.join(scratchDir("dotenv"), "h-"));
  writeFileSync(path.join(home, ".env"), "PATH=/planted\nBASH_ENV=/x/rc.sh\n");
  expect(homeDotenvAdditions(home, { PATH: "/usr/bin" })).toEqual({ BASH_ENV: "/x/rc.sh" });
  const other = mkdtempSync(path.join(scratchDir("dotenv"), "h-"));
  mkdirSync(path.join(other, ".env"));
  expect(homeDotenvAdditions(other, {})).toEqual({});
});
