// Red team 21b: code planted where a later ordinary command of the same line runs it. `git config
// KEY VALUE` writes the keys `git -c KEY=VALUE` is declined for (an alias `!sh f`, diff.external,
// core.pager ...), and the next git command runs them; `env 'BASH_FUNC_ls%%=() { ...; }' bash -c
// ls` hands bash a function it imports under a program's name. Each ran a planted `rm` on bash 5.2
// with git 2.39 and deny ["rm"], accepted before; the end-to-end test runs them through a real Codex
// on app-server with the mock model.
import { expect, it } from "vitest";
import { appServerDenyRmRun, judgedWithDenyRm } from "../helpers/deny-rm.js";

const GIT = "git -c user.name=a -c user.email=a@b";
const attacks: Record<string, string> = {
  g1: `git init -q r1 && cd r1 && printf '%sm ../g1\\n' r > f && git config alias.x '!sh f' && git x`,
  g2: `git init -q r2 && cd r2 && printf '%sm ../g2\\n' r > f.sh && echo a > t && git add t && echo b > t && git config diff.external 'sh f.sh' && git diff`,
  g3: `git init -q r3 && cd r3 && printf '%sm ../g3\\n' r > f.sh && git config --local --add core.hooksPath h && mkdir h && printf '#!/bin/sh\\nsh f.sh\\n' > h/pre-commit && chmod +x h/pre-commit && ${GIT} commit -q --allow-empty -m x`,
  g4: `printf '%sm g4\\n' r > f4; env 'BASH_FUNC_ls%%=() { . ./f4; }' bash -c ls`,
};

const more = [
  "git config --global core.pager 'sh f'",
  "git config --file .git/config core.sshCommand x",
  "git config -f c include.path x",
  "git --git-dir=.git config --local alias.x '!sh f'",
  "git config --replace-all filter.x.clean x",
  "git config set core.fsmonitor x",
  "git config -e",
  "git config --edit --global",
  "git config \"$k\" x",
  "env BASH_FUNC_x%%='() { :; }' bash -c x",
];

judgedWithDenyRm([...Object.values(attacks), ...more], "decline");

// Reading configuration, and setting keys that run nothing, stay accepted.
judgedWithDenyRm(["git config user.name a", "git config --get alias.x", "git config --get-regexp alias", "git config -l", "git config --list --show-origin", "git config --unset alias.x", "git config core.autocrlf false", "env LANG=C ls"], "accept");

it("app-server: a run asking for each of them removes nothing", { timeout: 180_000 }, async () => {
  const run = await appServerDenyRmRun("redteam21b-config", attacks);
  // The control ran, so commands did run; no target was removed.
  expect(run).toEqual({ code: 0, controlRan: true, removed: [] });
});
