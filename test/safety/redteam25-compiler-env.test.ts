// Red team 25: gcc finds the programs it runs (cc1, as, collect2, ld) in folders its environment
// names: `COMPILER_PATH` before PATH for `as` and `ld`, `GCC_EXEC_PREFIX` for cc1 itself. `COMPILER_PATH=.
// gcc -c x.c` ran a planted ./as and `GCC_EXEC_PREFIX=$PWD/p/ gcc -c x.c` a planted
// p/x86_64-linux-gnu/12/cc1, each removing a file end to end on app-server with deny ["rm"] (judged as
// gcc). Both are steering variables now.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  c1: "mkdir -p dc1 && printf '#!/bin/sh\\n\\162m c1\\n' > dc1/as && chmod +x dc1/as && echo 'int x;' > xc1.c && COMPILER_PATH=dc1 gcc -c xc1.c -o xc1.o",
  c2: "d=pc2/$(gcc -dumpmachine)/$(gcc -dumpversion) && mkdir -p $d && printf '#!/bin/sh\\n\\162m c2\\n' > $d/cc1 && chmod +x $d/cc1 && echo 'int x;' > xc2.c; GCC_EXEC_PREFIX=$PWD/pc2/ gcc -c xc2.c -o xc2.o",
};

judgedWithDenyRm([...Object.values(attacks), "export COMPILER_PATH=.; cc -c x.c", "env GCC_EXEC_PREFIX=./p/ cc x.c", "declare -x COMPILER_PATH=.", "unset GCC_EXEC_PREFIX"], "decline");
judgedWithDenyRm(["gcc -c x.c -o x.o", "LANG=C gcc -c x.c", "cc -dumpversion"], "accept");

removesNothingOnAppServer("redteam25-compiler-env", attacks);
