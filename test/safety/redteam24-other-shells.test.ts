// Red team 24: a shell whose language is not bash's, given a code string, was judged with bash's
// grammar. zsh reads a function's body from a file on `$fpath` when it is first called (`autoload`),
// defines one by assigning to its `functions` table and loads a module from `$module_path`
// (`zmodload`): to bash's grammar those are an array assignment and plain commands, so `zsh -c
// 'fpath=(.); autoload f; f'` ran the `rm` a line had printed into ./f. A shell the judge cannot parse
// (zsh, ksh, fish, csh and the others) given a code string is now opaque, and one bash's grammar does
// not know by name counts as a shell everywhere the judge asks (its script file, a word of another
// program). Each ran a planted `rm` end to end on app-server with deny ["rm"] before.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  z1: `printf '%sm z1\\n' r > zf1 && mkdir -p zd && mv zf1 zd/zf1 && zsh -c 'fpath=(./zd); autoload zf1; zf1'`,
  z2: `printf '%sm z2\\n' r > zf2 && zsh -c 'functions[1]="$(<zf2)"; 1'`,
  z3: `printf '%sm z3\\n' r > zf3 && zsh -c 'fpath=(.); autoload -Uz zf3 && zf3'`,
};

const more = [
  "zsh -c 'module_path=(.); zmodload m'",
  "zsh -fc ls",
  "zsh -c ls",
  "ksh -c ls",
  "mksh -c 'ls'",
  "fish -c 'ls'",
  "tcsh -c ls",
  "yash -c \"$(cat f)\"",
  "xonsh -c ls",
  "elvish -c ls",
  "nu -c ls",
  "osh -c ls",
  "posh -c ls",
  "env zsh -c ls",
  "find . -exec zsh -c ls \\;",
  "nice yash f",
  "numactl -C 0 yash f",
];

judgedWithDenyRm([...Object.values(attacks), ...more], "decline");

// bash's own family is still parsed and judged.
judgedWithDenyRm(["sh -c ls", "bash -c 'ls -l'", "dash -c 'echo hi'", "env bash -c ls", "which zsh", "man zsh"], "accept");

removesNothingOnAppServer("redteam24-other-shells", attacks);
