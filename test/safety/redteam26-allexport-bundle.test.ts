// Red team 26: bash's `set` (and a shell's command line) takes the option name for each `o` of a
// bundle from the next word, so `set -euo allexport` turns allexport on, and `set -euo pipefail -a`
// reaches `-a` after the name: the judge read `-o` only as a word of its own and stopped at the first
// word not starting with `-` (`pipefail`, `allexport`), so it never saw allexport, and a plain
// assignment after it (which allexport gives to every program after it) was judged as no export:
// `set -euo allexport; GROFF_BIN_PATH=d; groff x.1` ran a planted troff, removing a file end to end
// on app-server with deny ["rm"]. Every option name a bundle's `o` takes is read now, and the words
// after them.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const troff = (name: string): string => `mkdir -p g${name} && printf '#!/bin/sh\\n\\162m ${name}\\n' > g${name}/troff && chmod +x g${name}/troff && echo hi > x${name}.1`;
const attacks: Record<string, string> = {
  a1: `${troff("a1")} && set -euo allexport && GROFF_BIN_PATH=ga1 && groff xa1.1 > /dev/null`,
  a2: `${troff("a2")} && set -euo pipefail -a && GROFF_BIN_PATH=ga2 && groff xa2.1 > /dev/null`,
  a3: `${troff("a3")} && set -eo allexport -u && GROFF_BIN_PATH=ga3 && groff xa3.1 > /dev/null`,
};

judgedWithDenyRm([...Object.values(attacks), "set -oo pipefail allexport; X=1 ls", "bash -euo allexport -c 'X=d; groff x'", "set -euo keyword; ls X=1", "set -o pipefail -o allexport"], "decline");
judgedWithDenyRm(["set -euo pipefail; ls", "set -eux; ls", "set -o pipefail -o errexit; ls"], "accept");

removesNothingOnAppServer("redteam26-allexport-bundle", attacks);
