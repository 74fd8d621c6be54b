// Red team 25: gettext's `msgexec -i x.po CMD` runs CMD for each message and `msgfilter -i x.po
// FILTER` runs FILTER, and neither was known as a program that runs another: `msgexec -i x.po ./g`
// and `msgfilter -i x.po ./g` each ran a planted script end to end on app-server with deny ["rm"]. They
// are unwrapped like `nice` now (their command judged), and util-linux's scriptlive, which replays a
// recorded session's input to a shell, is declined as `script` is.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const po = (target: string) => `printf '#!/bin/sh\\n\\162m ${target}\\ncat\\n' > g${target} && chmod +x g${target} && printf 'msgid "a"\\nmsgstr "b"\\n' > x${target}.po`;
const attacks: Record<string, string> = {
  m1: `${po("m1")} && msgexec -i xm1.po ./gm1`,
  m2: `${po("m2")} && msgfilter -i xm2.po -o ym2.po ./gm2`,
};

judgedWithDenyRm([...Object.values(attacks), "msgexec -i x.po /usr/bin/r? f", "msgfilter --input=x.po sh g", "msgfilter -i x.po rm f", "scriptlive -t t.log s.log"], "decline");
judgedWithDenyRm(["msgexec -i x.po cat", "msgfilter -i x.po -o y.po tr a b", "msgfmt -o x.mo x.po"], "accept");

removesNothingOnAppServer("redteam25-gettext-runners", attacks);
