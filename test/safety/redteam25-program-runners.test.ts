// Red team 25: programs that run the rest of their line, which the judge did not know as wrappers,
// were plain programs to it, and their command a word like any other. glibc's loader on PATH
// (`ld.so PROGRAM ARGS`), e2fsprogs' `logsave LOGFILE CMD ARGS`, glibc's `sotruss` and `memusage`
// run a program named by a path or a glob: `ld.so /usr/bin/r? f` and `cp /usr/bin/r? x && ld.so ./x
// f` (a copy of rm under another name) removed f end to end on app-server with deny ["rm"], judged
// as `ld.so` and `cp`. They are unwrapped like `nice` now (ld.so's --preload, --audit and
// --library-path load code and are declined; its --argv0 is judged as exec -a's name).
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  p1: "ld.so /usr/bin/r? p1",
  p2: "cp /usr/bin/r? xp2 && ld.so ./xp2 p2",
  p3: "logsave /dev/null /usr/bin/r? p3",
  p4: "cp /usr/bin/r? xp4 && sotruss ./xp4 p4",
  p5: "cp /usr/bin/r? xp5 && memusage ./xp5 p5",
};

judgedWithDenyRm([...Object.values(attacks), "ld.so /usr/bin/rm x", "ld.so --argv0 rm /bin/true", "ld.so --preload ./l.so /bin/true", "ld.so --library-path . /bin/true", "ld.so --audit=./a.so /bin/true", "ld-linux-x86-64.so.2 ./x", "logsave -a log ./x", "logsave log sh f", "sotruss -o out ./x", "memusage --progname=x ./x", "memusage rm x"], "decline");
judgedWithDenyRm(["ld.so --list /bin/true", "ld.so /bin/ls", "logsave -a log.txt ls -l", "sotruss /bin/true", "memusage -p out.png ls"], "accept");

removesNothingOnAppServer("redteam25-program-runners", attacks);
