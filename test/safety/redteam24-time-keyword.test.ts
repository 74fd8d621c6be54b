// Red team 24 (found by the differential fuzzer): bash's `time` is a keyword before a pipeline, whose
// first command may start with assignments, and the grammar gives it as a command named `time` with
// the words after it; the judge unwrapped it as /usr/bin/time, whose first word is the command. `time
// x=1 ./f` was judged as the program `x=1` and ran ./f, and `time PATH=. ls` ran a planted ./ls: each
// removed a file end to end on app-server with deny ["rm"]. After `time` (and `-p`), NAME=value words
// are now judged as assignments: a steering variable is declined, the others are passed over.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  t1: `printf '%sm t1\\n' r > tf1; chmod +x tf1; time x=1 ./tf1`,
  t2: `mkdir -p td2 && printf '/bin/%sm ../t2\\n' r > td2/ls && chmod +x td2/ls && cd td2 && time PATH=. ls`,
};

judgedWithDenyRm([...Object.values(attacks), "time -p x=1 sh f", "time BASH_ENV=./f bash -c :", "time a[x]=1 ls"], "decline");
judgedWithDenyRm(["time LANG=C ls", "time ls -l", "time -p git status", "time LANG=C sort f"], "accept");

removesNothingOnAppServer("redteam24-time-keyword", attacks);
