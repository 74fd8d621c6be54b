// Red team 26: a wrapper's option the judge did not know was read as a flag, and when it takes a
// value (the next word) the judge read that value as the command the wrapper runs and the real
// command as its arguments: `strace -c -U calls /usr/bin/r? f` (-U/--summary-columns takes one) was
// judged as the program `calls`, `strace --string-limit 9 /usr/bin/r? f` as `9`, and `msgfilter -i
// x.po -o y.po --style s.css /usr/bin/r? f` as the filter `s.css`; all were accepted with deny
// ["rm"]. The msgfilter one removed f end to end on app-server; the strace ones removed f run with
// bash on the host (in the fixture's sandbox strace removed nothing, so the end-to-end run shows only
// that none of them gets through now). An option of a wrapper's the judge knows neither as a flag nor
// as taking a value is now read both ways, each command judged.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  u1: "strace -o /dev/null -c -U calls /usr/bin/r? u1",
  u2: "strace -o /dev/null --string-limit 9 /usr/bin/r? u2",
  u3: "printf 'msgid \"a\"\\nmsgstr \"b\"\\n' > x.po && msgfilter -i x.po -o y.po --style s.css /usr/bin/r? u3",
  u4: "strace -o /dev/null --columns 4 /usr/bin/r? u4",
};

judgedWithDenyRm([...Object.values(attacks), "strace -cU calls rm x", "strace --summary-col calls rm x", "strace -o /dev/null --unknown-option v rm x", "timeout --unknown v 5 rm x", "msgfilter -i x.po --sty s.css rm x", "strace --summary /usr/bin/r? x", "strace --absolute-timestamps /usr/bin/r? x", "strace -o /dev/null --su /usr/bin/r? x", "time --verbose /usr/bin/r? x"], "decline");
judgedWithDenyRm(["strace -f -o /dev/null ls", "strace -c -f ls", "strace -ff -tt -o out ls -la", "msgfilter -i x.po -o y.po sed -e s/a/b/", "msgexec -i x.po echo", "timeout -v 5 ls", "strace --summary ls", "strace --output out --summary-columns calls -c ls", "time --verbose ls", "nice ls", "env -i ls"], "accept");

removesNothingOnAppServer("redteam26-wrapper-options", attacks);
