// Red team 19b: red team 19's follower read a start-up file's words more simply than bash does, and
// followed only `.` and `source`. With `hooks="/opt/hooks $PWD"` and `for d in $hooks; do [ -x
// "$d/.envrc" ] && "$d/.envrc"; done` in a `~/.bashrc` out of reach, bash splits the unquoted
// `$hooks` and runs the workspace's `.envrc` on the host at every run's start; the gate neither
// refused nor said anything. Now words are expanded as bash does (split, globbed, `+=`, braces, eval's
// text, `cd`), and what the files run by path is judged like what they source (exit 4).
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli } from "../helpers/cli.js";

const hello = ["run", "--provider", "mock", "--scenario", "hello", "--sandbox", "read-only", "hi"];

it("a workspace file a start-up file runs through an unquoted, split variable is refused before a run (red team 19b)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt19b-run", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "envrc-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'hooks="/opt/hooks $PWD"\nfor d in $hooks; do [ -x "$d/.envrc" ] && "$d/.envrc"; done\n');
  // Planted by an earlier workspace-write run: the next read-only run is refused, and it never runs.
  writeFileSync(path.join(f.cwd, ".envrc"), `#!/bin/sh\ntouch ${marker}\n`);
  chmodSync(path.join(f.cwd, ".envrc"), 0o755);
  const later = await runCli(hello, f);
  expect({ code: later.code, ran: existsSync(marker) }, later.stderr).toEqual({ code: 4, ran: false });
  expect(later.stderr).toMatch(/refused by policy: shell startup location — .*work\/\.envrc, which .*\.bashrc line 2 sources or runs/);
});
