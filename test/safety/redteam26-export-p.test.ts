// Red team 26: `export -p` with operands does not list, it exports them (bash 5.2: `export -p X=1`
// puts X in the environment of every program after it), and the judge read `-p` as listing, so the
// allowlist of variables given to programs (red team 25) was not applied: `export -p GROFF_BIN_PATH=d
// >/dev/null && groff x.1` ran a planted troff, removing a file end to end on app-server with deny
// ["rm"]. `export -p` is judged as `export` now (only `-n` and `-f` export no variable).
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const troff = (name: string): string => `mkdir -p g${name} && printf '#!/bin/sh\\n\\162m ${name}\\n' > g${name}/troff && chmod +x g${name}/troff && echo hi > x${name}.1`;
const attacks: Record<string, string> = {
  p1: `${troff("p1")} && export -p GROFF_BIN_PATH=gp1 >/dev/null && groff xp1.1 > /dev/null`,
  p2: `${troff("p2")} && export -p -- GROFF_BIN_PATH=gp2 >/dev/null && groff xp2.1 > /dev/null`,
};

judgedWithDenyRm([...Object.values(attacks), "export -p X=1; ls", "GROFF_BIN_PATH=d; export -p GROFF_BIN_PATH; groff x"], "decline");
judgedWithDenyRm(["export -p", "export -p LANG=C; ls", "export -f f", "export -n X"], "accept");

removesNothingOnAppServer("redteam26-export-p", attacks);
