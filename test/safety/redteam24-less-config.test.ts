// Red team 24: less runs LESSOPEN's input preprocessor even when its output is no terminal, and
// LESSOPEN (a steering variable since red team 10) can also come from a lesskey file's `#env`
// section, which less reads from an option (`--lesskey-src=./k`, `-k`, `--lesskey-file`,
// `--lesskey-content`), from LESSKEYIN and its kin, or from options given in LESS. `less
// --lesskey-src=./k f | cat`, `LESSKEYIN=./k less f | cat` and `LESS=--lesskey-src=./k less f | cat`
// each ran the planted preprocessor, which removed a file end to end on app-server with deny ["rm"].
// LESS and LESSKEY* are steering variables now, and less's lesskey options run code as tar's
// --to-command does.
import { it } from "vitest";
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

/** A preprocessor ./lfN that removes `target`, and a lesskey source ./lkN whose #env section names it. */
const plant = (n: number, target: string) => `printf '#!/bin/sh\\n%sm ${target}\\ncat "$1"\\n' r > lf${n}; chmod +x lf${n}; printf '#env\\nLESSOPEN=|./lf${n} %%s\\n' > lk${n}; `;

const attacks: Record<string, string> = {
  l1: `${plant(1, "l1")}less --lesskey-src=./lk1 lk1 | cat`,
  l2: `${plant(2, "l2")}LESSKEYIN=./lk2 less lk2 | cat`,
  l3: `${plant(3, "l3")}LESS=--lesskey-src=./lk3 less lk3 | cat`,
};

judgedWithDenyRm([...Object.values(attacks), "less -k ./k f", "less --lesskey-file=k f", "export LESSKEY=k; less f", "env LESS=-kk less f", "LESSKEY_CONTENT='#env' less f"], "decline");
judgedWithDenyRm(["less -R f", "less +G log.txt", "LESSCHARSET=utf-8 less f"], "accept");

removesNothingOnAppServer("redteam24-less-config", attacks);
