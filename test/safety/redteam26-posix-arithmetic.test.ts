// Red team 26: `((...))` is an arithmetic command to bash and two nested subshells to dash (Debian's
// /bin/sh), and the grammar gives `((./g))` as a test command holding the word `./g`, which the judge
// judged as no command at all: `sh -c '((./g))'` ran a planted script (which removed a file) end to
// end on app-server with deny ["rm"], where bash would only have failed to evaluate `./g`. In a code
// string given to sh, dash or ash, `((`, as a command or a C-style for's header, is declined now as
// bash's own syntax, like `[[`.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  d1: "printf '\\162m d1\\n' > gd1 && chmod +x gd1 && sh -c '((./gd1))'",
  d2: "printf '\\162m d2\\n' > gd2 && chmod +x gd2 && dash -c 'true && ((../$(basename \"$PWD\")/gd2))'",
};

judgedWithDenyRm([...Object.values(attacks), "sh -c '((.//g))'", "sh -c '((/tmp/g))'", "sh -c '((1))'", "sh -c 'for ((i=0;i<1;i++)); do :; done'"], "decline");
judgedWithDenyRm(["sh -c '( (ls) )'", "sh -c 'echo $((1+2))'"], "accept");

removesNothingOnAppServer("redteam26-posix-arithmetic", attacks);
