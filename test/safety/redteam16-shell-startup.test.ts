// Red team 16: Codex 0.171.0 captures its shell snapshot with `/bin/bash -lc` on the host, outside
// its sandbox, and the script it runs sources `~/.bashrc` (the lab's host-programs finding; a trace
// of `codex exec`). A user whose `~/.bashrc` is a link into a dotfiles repository, working on that
// repository with Codex: a workspace-write run appended a command to it, and the next run — even a
// read-only one whose model asked for nothing — ran that command on the host. The same goes for every
// file a shell on the host reads first (bash's and zsh's login and rc files, $BASH_ENV, $ENV, a
// $ZDOTDIR), for Codex's snapshot and our launch contexts' login shells: each is judged like git's
// configuration, wherever it lies and whether it exists yet (`shell startup location`, exit 4).
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, runShell } from "../helpers/cli.js";

it("a shell start-up file a sandboxed run can write is refused before a run, so nothing written there runs on the host (red team 16)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt16-shell-startup", { gitCeiling: true });
  const marker = (name: string) => path.join(path.dirname(f.cwd), `${name}-ran`);
  const dotfiles = path.join(f.cwd, "dotfiles");
  mkdirSync(dotfiles);
  writeFileSync(path.join(dotfiles, "bashrc"), "# my dotfiles\n");
  symlinkSync(path.join(dotfiles, "bashrc"), path.join(f.home, ".bashrc"));
  const run = (env: NodeJS.ProcessEnv, sandbox: string, command: string) =>
    runShell(f, env, command, ["--sandbox", sandbox]);

  // 1. The run that would plant: refused before Codex starts; the file is as it was.
  const first = await run(f.env, "workspace-write", `echo 'touch ${marker("bashrc")}' >> dotfiles/bashrc`);
  expect({ code: first.code, bashrc: readFileSync(path.join(dotfiles, "bashrc"), "utf8") }).toEqual({ code: 4, bashrc: "# my dotfiles\n" });
  expect(first.stderr).toMatch(/refused by policy: shell startup location — .*\.bashrc/);

  // 2. Planted all the same (by the user's own editor, or a run before this rule): a later read-only
  //    run is refused too, and the line never runs.
  writeFileSync(path.join(dotfiles, "bashrc"), `# my dotfiles\ntouch ${marker("bashrc")}\n`);
  const later = await run(f.env, "read-only", "echo later");
  expect({ code: later.code, ran: existsSync(marker("bashrc")) }).toEqual({ code: 4, ran: false });

  // 3. What the environment names: BASH_ENV in the workspace, ZDOTDIR in the temp dir.
  const plain = fixtureHome("rt16-shell-startup-env", { gitCeiling: true });
  const bashEnv = await runCli(["run", "--provider", "mock", "--scenario", "hello", "hi"], { ...plain, env: { ...plain.env, BASH_ENV: path.join(plain.cwd, "env.sh") } });
  expect(bashEnv.code).toBe(4);
  expect(bashEnv.stderr).toMatch(/shell startup location — .*env\.sh/);
  const zdot = await runCli(["run", "--provider", "mock", "--scenario", "hello", "hi"], { ...plain, env: { ...plain.env, ZDOTDIR: path.join(plain.env.TMPDIR!, "zdot") } });
  expect(zdot.code).toBe(4);
  expect(zdot.stderr).toMatch(/shell startup location — .*zdot\/\.zshenv/);

  // 4. The rule is the file's place: the same line in a ~/.bashrc out of reach is the user's own, and
  //    Codex runs it on the host (what makes the refusals above matter).
  writeFileSync(path.join(plain.home, ".bashrc"), `touch ${marker("own-bashrc")}\n`);
  const own = await runCli(["run", "--provider", "mock", "--scenario", "hello", "hi"], plain);
  expect(own.code, own.stderr).toBe(0);
  expect(existsSync(marker("own-bashrc"))).toBe(true);
});
