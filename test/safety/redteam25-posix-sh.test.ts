// Red team 25: a code string given to sh was read with bash's grammar, and Debian's /bin/sh is dash,
// which has none of bash's own syntax: `$'a\' ; CMD ; #'` is one ANSI-C string to bash, and `$`, a
// single-quoted string, CMD and a comment to dash; `&>` is a redirection to bash, and a background
// `&` then a command to dash; `[[ a == b || CMD ]]` is a test to bash, and a failed command `[[`, then
// CMD, to dash. `sh -c "echo \$'a\\' ; /usr/bin/r? f ; #'"` and `sh -c 'echo a &>/dev/null
// /usr/bin/r? f'` each removed f end to end on app-server with deny ["rm"] (the `[[` one the judge
// declined already, for its `||`, yet it runs CMD in dash). A code string given to sh, dash or ash
// (not bash) holding bash's own syntax (`$'...'`, `[[`, `&>`, `&>>`, `|&`, a here-string, a process
// substitution) is now declined.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  d1: "sh -c \"echo \\$'a\\\\' ; /usr/bin/r? d1 ; #'\"",
  d2: "sh -c 'echo a &>/dev/null /usr/bin/r? d2'",
};

judgedWithDenyRm([...Object.values(attacks), "sh -c '[[ a == b || /usr/bin/r? d3 ]]'", "dash -c \"echo \\$'a\\\\' ; ./g ; #'\"", "busybox sh -c 'ls |& ./g'", "sh -c 'cat <<< x'", "sh -c 'diff <(ls) f'", "/bin/sh -c 'ls &>>f'"], "decline");
judgedWithDenyRm(["sh -c 'ls -l'", "sh -c 'cd src && ls > f 2>&1'", "sh -c '[ -f x ] && cat x'", "bash -c \"echo \\$'a\\\\nb'\"", "bash -c '[[ -f x ]] && ls'", "bash -c 'ls &>/dev/null'"], "accept");

removesNothingOnAppServer("redteam25-posix-sh", attacks);
