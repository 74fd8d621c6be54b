// Red team 12: a variable that steers what runs (BASH_ENV, PS4, PATH ...) assigned where the judge saw
// no NAME=value: a for or select loop's variable, a named file descriptor's variable (`{NAME}>file`
// gives NAME the descriptor's number, a file name the next command can write), and any NAME=value word
// once bash's keyword option is on (`set -k`: every such word of a command is an assignment to its
// environment). Also the variables that make a language runtime load code, for programs that are
// scripts no name shows to be interpreted (shasum is perl), and build and test runners that run a
// project file (pytest's conftest.py, build.ninja). Each line below removed y on bash 5.2 and
// was accepted with deny ["rm"] before; the corpus (src/safety/red-team.ts) runs
// five of them end to end.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

const PLANT = "printf '%sm y\\n' r > f; ";
const declined = [
  // Loop variables.
  `${PLANT}for BASH_ENV in ./f; do export BASH_ENV; bash -c :; done`,
  `${PLANT}export BASH_ENV; for BASH_ENV in ./f; do bash -c :; done`,
  `x=$(printf '\\x24(%sm y)' r); for PS4 in "$x"; do set -x; :; done`,
  `x=$(printf '\\x24(%sm y)' r); echo 1 > one; select PS4 in "$x"; do set -x; :; break; done < one`,
  // Named file descriptors.
  `: {BASH_ENV}>/dev/null; printf '%sm y\\n' r > "$BASH_ENV"; export BASH_ENV; bash -c :`,
  `exec {BASH_ENV}>/dev/null; printf '%sm y\\n' r > "$BASH_ENV"; export BASH_ENV; bash -c :`,
  // The keyword option, however it is turned on.
  `${PLANT}set -k; bash -c : BASH_ENV=./f`,
  `${PLANT}set -euk; bash -c : BASH_ENV=./f`,
  `${PLANT}set -o keyword; bash -c : BASH_ENV=./f`,
  `${PLANT}shopt -os keyword; bash -c : BASH_ENV=./f`,
  `${PLANT}shopt -s -o keyword; bash -c : BASH_ENV=./f`,
  `${PLANT}bash -kc 'bash -c : BASH_ENV=./f'`,
  `${PLANT}bash -o keyword -c 'bash -c : BASH_ENV=./f'`,
  // A language runtime's variables make a script in that language load a planted module: shasum,
  // json_pp and c_rehash are perl, py3compile is python, and none is an interpreter by name.
  `printf 'system("r"."m", "y"); 1;\n' > X.pm; PERL5LIB=. PERL5OPT=-MX shasum /dev/null`,
  `printf 'system("r"."m", "y"); 1;\n' > X.pm; export PERL5LIB=. PERL5OPT=-MX; json_pp < /dev/null`,
  `printf 'system("r"."m", "y"); 1;\n' > X.pm; PERLLIB=. PERL5OPT=-MX c_rehash /nonexistent`,
  `printf 'import os\nos.system("r"+"m y")\n' > sitecustomize.py; PYTHONPATH=. py3compile /dev/null`,
  // zip's default options from the environment: -TT names the test command.
  `printf '%sm y\n' r > t.sh; chmod +x t.sh; echo a > a; ZIPOPT="-T -TT ./t.sh" zip -q z.zip a`,
  // Build and test runners run a file of the working directory a command before them wrote.
  `printf 'import os\nos.system("r"+"m y")\n' > conftest.py; pytest -q -p no:cacheprovider`,
  `printf 'rule r\n  command = %sm y\nbuild o: r\n' r > build.ninja; ninja`,
  `printf 'execute_process(COMMAND %sm y)\n' r > c.cmake; cmake -P c.cmake`,
  `printf 'execute_process(COMMAND %sm y)\n' r > CTestTestfile.cmake; ctest`,
];

for (const command of declined) {
  it(`declines ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("decline");
  });
}

// Loops over plain names, a named descriptor of a plain name and the usual set options stay accepted.
for (const command of ["for i in a b; do echo $i; done", "exec {fd}>/dev/null; echo x >&$fd", "set -euo pipefail; set -x; shopt -s nullglob; shopt -o -p", "bash -ec 'echo k'"]) {
  it(`accepts ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("accept");
  });
}
