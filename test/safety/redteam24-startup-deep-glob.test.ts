// Red team 24: a glob in what the start-up files source stood for its folder and what that folder
// holds, one level deep (open after red teams 21 and 22). With `for f in ~/.bashrc.d/*/*.sh; do .
// "$f"; done` in a ~/.bashrc out of reach and `~/.bashrc.d/proj/env.sh` a link into the workspace (a
// dotfiles habit: a project's shell settings linked in), a workspace-write run wrote the workspace's
// `env.sh`, and the next run, read-only, its model asking for nothing, sourced it on the host in
// Codex's shell snapshot; the gate allowed both runs. A glob now stands for what it can match as deep
// as its pattern reaches (`**` as deep as we walk), each entry judged where its links lead. The
// planting run still goes ahead (the link dangles until it writes env.sh: red team 18's held case);
// every later run is refused before anything runs.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { startupSources } from "../../src/safety/startup-sources.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("a file two levels under a sourced glob's folder, linked into the workspace, is judged", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt24-rc-deep-glob", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "deep-glob-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'for f in ~/.bashrc.d/*/*.sh; do [ -r "$f" ] && . "$f"; done\n');
  mkdirSync(path.join(f.home, ".bashrc.d", "proj"), { recursive: true });
  symlinkSync(path.join(f.cwd, "env.sh"), path.join(f.home, ".bashrc.d", "proj", "env.sh"));
  const plant = await runShell(f, f.env, `echo 'echo sourced >> ${marker}' > env.sh`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) ? readFileSync(marker, "utf8") : "" }).toEqual({ plant: 0, later: 4, ran: "" });
  expect(later.stderr).toMatch(/refused by policy: shell startup location — .*\.bashrc\.d\/proj\/env\.sh, which .*\.bashrc line 1 sources or runs/);
});

it("a glob stands for what each of its segments matches, `**` at any depth, not for everything its folder holds", async () => {
  const f = fixtureHome("rt24-glob-segments", { gitCeiling: true });
  const rc = path.join(f.home, "rc");
  for (const dir of ["a/b/c", "x"]) mkdirSync(path.join(rc, dir), { recursive: true });
  for (const file of ["a/b/c/deep.sh", "a/one.sh", "x/other.txt", "top.sh", "a/b/note.md"]) writeFileSync(path.join(rc, file), ":\n");
  const bashrc = path.join(f.home, ".bashrc");
  writeFileSync(bashrc, 'shopt -s globstar\nfor f in ~/rc/**/*.sh; do . "$f"; done\nfor g in ~/rc/[ax]/*.txt; do . "$g"; done\n');
  const { files } = await startupSources([bashrc], f.env, [f.cwd]);
  const names = files.map((each) => path.relative(rc, each.file));
  expect(names).toEqual(expect.arrayContaining(["a/b/c/deep.sh", "a/one.sh", "top.sh", "x/other.txt"]));
  expect(names).not.toContain("a/b/note.md");
});
