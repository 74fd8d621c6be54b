// Red team 25: options no list named that hand a program another program to run. GNU diffutils'
// `sdiff` and `diff3` run `--diff-program=PROGRAM`, coreutils' `install -s` runs
// `--strip-program=PROGRAM`; each ran a script a line had printed (its name spelt in octal,
// `printf '\162m'`, so no word showed rm) end to end on app-server with deny ["rm"]. They are declined
// as tar's --to-command is (any unambiguous prefix, and a word only known when it runs, which could
// be one).
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  o1: "printf '\\162m o1\\n' > go1 && chmod +x go1 && echo a > ao1 && echo b > bo1; sdiff --diff-program=./go1 ao1 bo1",
  o2: "printf '\\162m o2\\n' > go2 && chmod +x go2 && echo a > ao2 && echo b > bo2; diff3 --diff-prog=./go2 ao2 bo2 ao2",
  o3: "printf '#!/bin/sh\\n\\162m o3\\n' > go3 && chmod +x go3 && cp /bin/true bo3 && install -s --strip-program=./go3 bo3 co3",
};

judgedWithDenyRm([...Object.values(attacks), "sdiff --diff-program ./g a b", "sdiff --diff=./g a b", "diff3 --diff-program=x a b c", "install --strip-prog=./g a b", "install -s \"$x\" b"], "decline");
judgedWithDenyRm(["sdiff a b", "sdiff -o out a b", "diff3 a b c", "install -m 755 a b", "install -d dir", "install -s a /tmp/b"], "accept");

removesNothingOnAppServer("redteam25-program-options", attacks);
