// Red team 25: strace sets variables of the command it starts with `-E NAME=VALUE`, which the judge
// read as a value and passed over: `strace -E GROFF_BIN_PATH=d groff x.1` ran a planted troff,
// removing a file end to end on app-server with deny ["rm"] (`strace -E LD_PRELOAD=./p.so /bin/true`
// ran a planted library's constructor with bash and the judge). Its -E/--env is now judged as env's
// NAME=VALUE is (only a variable known to name no program), and taking a steering variable away
// (`-E PATH`) is declined.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  s1: "mkdir -p gs1 && printf '#!/bin/sh\\n\\162m s1\\n' > gs1/troff && chmod +x gs1/troff && echo hi > xs1.1 && strace -f -o /dev/null -E GROFF_BIN_PATH=gs1 groff xs1.1 > /dev/null",
};

// With bash and the judge alone; in Codex's sandbox the library's command did not run.
judgedWithDenyRm([...Object.values(attacks), "printf '#include <stdlib.h>\\n__attribute__((constructor)) static void f(void){unsetenv(\"LD_PRELOAD\");system(\"\\\\x72m s2\");}\\n' > ps2.c && gcc -shared -fPIC -o ps2.so ps2.c && strace -o /dev/null -E LD_PRELOAD=./ps2.so /bin/true", "strace -EPATH=. ls", "strace --env=BASH_ENV=./f bash -c :", "strace -fE X=1 ls", "strace -E PATH bash -c foo", "strace -E \"$v\" ls"], "decline");
judgedWithDenyRm(["strace -f -o out ls", "strace -E LANG=C ls", "strace -e trace=open ls", "strace -E TERM ls"], "accept");

removesNothingOnAppServer("redteam25-wrapper-env", attacks);
