// configEntries (core/git.ts) reads git's configuration files for the include paths the gate judges
// (red team 13). Judged against git itself on the same bytes: each include path git reads from a file
// it accepts, ours reads the same. Unquoted whitespace inside a value was kept as it stood, where git
// makes each such character a space ("a\t\tb" is "a  b" to git): a path other than git's was judged.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { configEntries } from "../../src/core/git.js";
import { WORK_ROOT } from "../helpers/paths.js";

const FILES = [
  "[include]\n\tpath = a",
  "[include]path=b",
  '[Include]\n PATH = "c d"',
  "[include]\n path = e\\\n f",
  '[include]\n path = "g;h" ; comment',
  "[include]\n path = i # c",
  '[includeIf "gitdir:~/x/"]\n path = j',
  '[include "x"]\n path = k',
  "[include.sub]\n path = l",
  "[core]\n x = 1\n[include]\n\n\n  path = m",
  "[include] path = o",
  "[include]\r\n path = p\r\n",
  "\ufeff[include]\n path = q",
  '[include]\n path = "r\\"s"',
  "[include]\n path = t\\tu",
  "[include]\n path=  v  ",
  "[include]\n\tpath = w\n[include]\n\tpath = x",
  "[include]\n path = y\\\r\nz",
  "# [include]\n[include] ; c\n path = aa",
  "[include]\n path = ee\\\n\tff",
  '[includeif "onbranch:main"]\n path = gg',
  "[include]\n path = a  b",
  "[include]\n path = a\t\tb c",
  '[include]\n path = "a  b"  c  ',
  '[include]\n path = a" "b',
];

it("reads the include paths git reads, file for file", () => {
  const dir = mkdtempSync(path.join(WORK_ROOT, "git-config-"));
  FILES.forEach((text, i) => {
    const file = path.join(dir, `${i}.cfg`);
    writeFileSync(file, text);
    // -z: key, newline, value, NUL; --no-includes: this file's own entries.
    const git = execFileSync("git", ["config", "--file", file, "--no-includes", "-z", "--get-regexp", "^include"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      .split("\0")
      .filter(Boolean)
      .map((entry) => entry.split("\n"))
      .map(([key, value]) => `${key!.toLowerCase()}=${value}`);
    const ours = configEntries(text)
      .filter(([key]) => /^include/i.test(key) && /\.path$/i.test(key))
      .map(([key, value]) => `${key.toLowerCase()}=${value}`);
    expect({ text, ours }).toEqual({ text, ours: git });
  });
});
