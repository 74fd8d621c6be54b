// Red team 25: a variable given to a program's environment may name the program, or the folder of
// programs, it runs, and the list of steering variables named only those red teams had found.
// groff takes troff and its preprocessors from GROFF_BIN_PATH (nroff and man start groff),
// gdb-add-index runs GDB, OBJCOPY and READELF: `GROFF_BIN_PATH=d man ./x.1`, `GROFF_BIN_PATH=d groff
// x.1`, `export GROFF_BIN_PATH=d; nroff x.1`, `env GROFF_BIN_PATH=d groff x.1` and `GDB=./g
// gdb-add-index b` each ran a planted script end to end on app-server with deny ["rm"] (its program
// spelt in octal, so no word showed rm). A variable is now given to a program (a command's prefix,
// export, declare -x, env, time, or any assignment under `set -a`) only if it is one known to name no
// program, folder or file of code (LANG, LC_*, TZ, TERM, NO_COLOR and their kin).
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const troff = (target: string, program = "troff") => `mkdir -p g${target} && printf '#!/bin/sh\\n\\162m ${target}\\n' > g${target}/${program} && chmod +x g${target}/${program} && printf '.TH X 1\\nhi\\n' > x${target}.1`;
const attacks: Record<string, string> = {
  e1: `${troff("e1")} && GROFF_BIN_PATH=ge1 man ./xe1.1 > /dev/null`,
  e2: `${troff("e2")} && GROFF_BIN_PATH=ge2 groff xe2.1 > /dev/null`,
  e3: `${troff("e3", "groff")} && export GROFF_BIN_PATH=ge3; nroff xe3.1 > /dev/null`,
  e4: `${troff("e4")} && env GROFF_BIN_PATH=ge4 groff xe4.1 > /dev/null`,
  e5: `${troff("e5")} && set -a; GROFF_BIN_PATH=ge5; groff xe5.1 > /dev/null`,
  e6: "printf '#!/bin/sh\\n\\162m e6\\n' > ge6 && chmod +x ge6 && cp /bin/true be6 && GDB=./ge6 gdb-add-index be6",
};

judgedWithDenyRm([...Object.values(attacks), "X=1 ls", "env FOO=1 ls", "export FOO=bar; ls", "declare -x GROFF_BIN_PATH=d", "typeset -gx OBJCOPY=./g", "G=d; export G", "time GDB=./g gdb-add-index b", "set -o allexport", "shopt -os allexport", "bash -ac 'G=1; ls'", "export \"$n\""], "decline");
judgedWithDenyRm(["LANG=C sort f", "env LC_ALL=C ls", "export TZ=UTC; date", "NO_COLOR=1 git diff", "time LANG=C sort f", "x=1; echo $x", "set -e", "set -euo pipefail", "declare -r x=1", "local y=2", "export -p", "export -n FOO", "GREP_COLORS=mt=1 grep x f"], "accept");

removesNothingOnAppServer("redteam25-program-environment", attacks);
