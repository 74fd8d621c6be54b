// Red team 24: red team 21b declined editors as `make` is (they run a command line given in an
// argument: `vim -es -c '!sh f'`), by their names: vim, vi, ex, emacs ... Debian installs vim as
// `vim.basic` (and `vim.tiny`), reached also as `editor` and `sensible-editor`, none of them listed:
// `editor -es -c '!./f' -c q` and `vim.basic -es -c '!./f' -c q` ran a planted script. And pip builds
// a project it installs or wheels by running its setup.py, a file a command before it can write, as
// make runs a Makefile: `pip wheel --no-build-isolation ./p` ran one. Each removed a file end to end on
// app-server with deny ["rm"]. Editors are now known by the names their packages install (any
// `vim.*`, `editor`, `sensible-editor`, `emacs-*` ...), and pip (pip3, pipx, any pip3.N) is declined
// as make is.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const script = (name: string, target: string) => `printf '#!/bin/sh\\n%sm ${target}\\n' r > ${name}; chmod +x ${name}; `;

const attacks: Record<string, string> = {
  e1: `${script("ef1", "e1")}editor -es -c '!./ef1' -c q < /dev/null`,
  e2: `${script("ef2", "e2")}vim.basic -es -c '!./ef2' -c q < /dev/null`,
  e3: `mkdir -p pe3 && printf 'import os\\nos.system("r" + "m ../e3")\\n' > pe3/setup.py && pip wheel --no-deps --no-build-isolation --no-index -q -w pw ./pe3`,
};

const more = [
  "sensible-editor -es -c '!./f'",
  "select-editor",
  "vim.tiny -es -c '!./f'",
  "vim.nox -es",
  "gvimdiff a b",
  "rvim -es",
  "emacs-nox --batch -l f.el",
  "emacs29 --batch",
  "kak -e 'echo'",
  "pip3 install .",
  "pip3.11 install -e .",
  "pipx run x",
  "pip install -r requirements.txt",
];

judgedWithDenyRm([...Object.values(attacks), ...more], "decline");
judgedWithDenyRm(["cat vim.txt", "ls editor/", "grep -n pip requirements.txt", "which vim.basic"], "accept");

removesNothingOnAppServer("redteam24-code-runners", attacks);
