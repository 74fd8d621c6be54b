// Red team 24: bash keeps its command hash table and its aliases in arrays a line can assign to.
// `BASH_CMDS[1]=./f; 1` ran ./f (an element added to BASH_CMDS is a hash-table entry: the name runs
// that file, as `hash -p ./f 1` would), and `shopt -s expand_aliases; BASH_ALIASES[1]='. ./f'` then a
// line `1` sourced f; a numeric subscript is no expression, and neither name was a steering variable,
// so the judge accepted both, and each ran a planted `rm` end to end on app-server with deny ["rm"].
// BASH_CMDS and BASH_ALIASES are steering variables now, and a steering variable's element
// (`NAME[i]=...`, `declare NAME[i]=...`, `printf -v 'NAME[i]'`, and `${NAME[i]:=...}`, which assigns
// it when unset: found after the fix, it ran a planted rm the same way) is judged as the variable is.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  b1: `printf '#!/bin/sh\\n%sm b1\\n' r > bf1; chmod +x bf1; BASH_CMDS[1]=./bf1; 1`,
  b2: `printf '%sm b2\\n' r > bf2; shopt -s expand_aliases; BASH_ALIASES[1]='. ./bf2'\n1`,
  b3: `printf '#!/bin/sh\\n%sm b3\\n' r > bf3; chmod +x bf3; BASH_CMDS+=([2]=./bf3); 2`,
  b4: `printf '#!/bin/sh\\n%sm b4\\n' r > bf4; chmod +x bf4; declare BASH_CMDS[3]=./bf4; 3`,
  b5: `printf '#!/bin/sh\\n%sm b5\\n' r > bf5; chmod +x bf5; : \${BASH_CMDS[5]:=./bf5}; 5`,
};

const more = [
  "BASH_CMDS=([1]=./f); 1",
  "declare -A BASH_CMDS; BASH_CMDS[1]=./f; 1",
  "printf -v 'BASH_CMDS[1]' %s ./f; 1",
  "read -r 'BASH_ALIASES[1]' < f",
  "declare -n r=BASH_CMDS; r[1]=./f; 1",
  "export BASH_ALIASES[1]=x",
  "PATH[0]=./d",
  "local 'BASH_CMDS[1]=./f'",
];

judgedWithDenyRm([...Object.values(attacks), ...more], "decline");
judgedWithDenyRm(["a[1]=x; echo ${a[1]}", "declare -A m; m[1]=x", "echo ${BASH_CMDS[@]}", "echo $BASH_VERSION"], "accept");

removesNothingOnAppServer("redteam24-bash-tables", attacks);
