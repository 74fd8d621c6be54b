// Red team 19: what a shell start-up file sources runs on the host as much as the file does. Codex
// 0.171.0's shell snapshot runs `bash -lc` on the host, in the run's working directory, and sources
// `~/.bashrc`. With `[ -f "$PWD/.envrc" ] && . "$PWD/.envrc"` in a `~/.bashrc` out of reach (a
// hand-rolled direnv), a workspace-write run wrote `.envrc`, and the next run — read-only, its model
// asking for nothing — ran it on the host. Red team 16's rule judged the start-up files' own places
// only. Now what they source is followed as far as their text tells (a variable they assign, a `for`
// loop over a glob, `~`, $PWD) and judged the same way (`shell startup location`, exit 4); a name
// decided when the shell runs is said as a notice (advisory).
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, runShell } from "../helpers/cli.js";

const hello = ["run", "--provider", "mock", "--scenario", "hello", "--sandbox", "read-only", "hi"];

it("a file a shell start-up file sources, where a sandboxed run can write, is refused before a run (red team 19)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt19-sourced", { gitCeiling: true });
  const marker = (name: string) => path.join(path.dirname(f.cwd), `${name}-ran`);
  writeFileSync(path.join(f.home, ".bashrc"), '[ -f "$PWD/.envrc" ] && . "$PWD/.envrc"\n');

  // 1. The planting run: refused before Codex starts, and nothing is written.
  const plant = await runShell(f, f.env, `echo 'touch ${marker("envrc")}' > .envrc`, ["--sandbox", "workspace-write"]);
  expect({ code: plant.code, planted: existsSync(path.join(f.cwd, ".envrc")) }).toEqual({ code: 4, planted: false });
  expect(plant.stderr).toMatch(/refused by policy: shell startup location — .*work\/\.envrc, which .*\.bashrc line 1 sources/);

  // 2. Planted all the same (a run before this rule): the next read-only run is refused, and the line never runs.
  writeFileSync(path.join(f.cwd, ".envrc"), `touch ${marker("envrc")}\n`);
  const later = await runCli(hello, f);
  expect({ code: later.code, ran: existsSync(marker("envrc")) }).toEqual({ code: 4, ran: false });

  // 3. Through a variable the file assigns, and a `for` loop over a folder that is a link into the
  //    workspace (dotfiles): the folder is judged, whether or not it holds anything yet.
  const viaVariable = fixtureHome("rt19-sourced-variable", { gitCeiling: true });
  mkdirSync(path.join(viaVariable.cwd, "dotfiles", "tools"), { recursive: true });
  symlinkSync(path.join(viaVariable.cwd, "dotfiles", "tools"), path.join(viaVariable.home, "tools"));
  writeFileSync(path.join(viaVariable.home, ".profile"), 'export TOOLS_DIR="$HOME/tools"\n');
  writeFileSync(path.join(viaVariable.home, ".bashrc"), '[ -s "$TOOLS_DIR/env.sh" ] && \\. "$TOOLS_DIR/env.sh"\n');
  const variable = await runCli(hello, viaVariable);
  expect(variable.code).toBe(4);
  expect(variable.stderr).toMatch(/shell startup location — .*tools\/env\.sh, which .*\.bashrc line 1 sources/);

  const viaLoop = fixtureHome("rt19-sourced-loop", { gitCeiling: true });
  mkdirSync(path.join(viaLoop.cwd, "dotfiles", "bashrc.d"), { recursive: true });
  symlinkSync(path.join(viaLoop.cwd, "dotfiles", "bashrc.d"), path.join(viaLoop.home, ".bashrc.d"));
  writeFileSync(path.join(viaLoop.home, ".bashrc"), 'for rc in ~/.bashrc.d/*; do\n  if [ -f "$rc" ]; then . "$rc"; fi\ndone\n');
  const loop = await runCli(hello, viaLoop);
  expect(loop.code).toBe(4);
  expect(loop.stderr).toMatch(/shell startup location — .*\.bashrc\.d, which .*\.bashrc line 2 sources/);

  // 4. Out of reach, a sourced file is the user's own, and Codex runs it on the host (what makes the
  //    refusals above matter); a name only the running shell knows is said, not judged.
  const own = fixtureHome("rt19-sourced-own", { gitCeiling: true });
  writeFileSync(path.join(own.home, "own.sh"), `touch ${marker("own")}\n`);
  writeFileSync(path.join(own.home, ".bashrc"), '. "$HOME/own.sh"\n. "$(dirname "$HOME")/dynamic.sh" 2>/dev/null\n');
  const ran = await runCli(hello, own);
  expect(ran.code, ran.stderr).toBe(0);
  expect(existsSync(marker("own"))).toBe(true);
  expect(ran.stderr).toMatch(/not judged \(advisory\): what a shell start-up file sources .*\.bashrc line 2: `\. "\$\(dirname "\$HOME"\)\/dynamic\.sh"`/);
});
