// Red team 14: xargs completes its command at run time, and the judge unwrapped it to the program
// named after it; when that program is itself a wrapper given no command (`env`, `nice`, `stdbuf`,
// `timeout 5`), the program that runs is the first word xargs reads, which no word of the line shows.
// Programs that run their arguments (ssh-agent) and run-parts (every program of a folder, a script a
// command before it wrote) were accepted too. Each declined line below removed y on bash 5.2 and was
// accepted with deny ["rm"] before.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

const declined = [
  `printf '\\x72m\\ny' > c; xargs -a c -d '\\n' env`,
  `printf '\\x72m\\ny' > c; xargs -d '\\n' nice < c`,
  `printf '\\x72m\\ny' > c; xargs -d '\\n' -a c timeout 5`,
  `printf '\\x72m\\0y' > c; xargs -0 -a c stdbuf -o0`,
  `printf '\\x72m\\ny' > c; xargs -d '\\n' -a c ssh-agent`,
  `mkdir -p d; printf '#!/bin/sh\\n\\x72m y\\n' > d/x; chmod +x d/x; run-parts d`,
];

for (const command of declined) {
  it(`declines ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("decline");
  });
}

// xargs with an ordinary program, and wrappers given their command, stay accepted.
for (const command of ["find . -name '*.ts' | xargs grep -l foo", "xargs -a files wc -l", "env LANG=C ls", "nice -n 5 ls", "xargs -a files env ls"]) {
  it(`accepts ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("accept");
  });
}
