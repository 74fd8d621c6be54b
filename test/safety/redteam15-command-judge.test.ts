// Red team 15: xargs appends the words it reads to the command it runs, and the judge let that command
// through whenever its own name was not denied. But a program given words it does not show may run
// one of them: another xargs or find -exec run the words as a command, `-I{} sh -c '{}'` puts them in
// a shell's code string, git takes `-c alias.z=!...`, sed takes `-e '1e ...'`, and fakeroot, valgrind
// and many more run the rest of their line. Each declined line below removed y on bash 5.2 with GNU
// xargs and was accepted with deny ["rm"] before.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

const declined = [
  `printf '\\x72m\\ny\\n' > c; xargs -a c xargs`,
  `printf '\\x72m\\ny\\n;\\n' > c; xargs -a c find . -maxdepth 0 -exec`,
  `printf '\\x72m y\\n' > c; xargs -a c -I{} sh -c '{}'`,
  `printf '\\x72m y\\n' > c; xargs -a c --replace=@ bash -c @`,
  `printf -- '-c\\nalias.z=!\\x72m y\\nz\\n' > c; xargs -d '\\n' -a c git`,
  `printf -- '-n\\n-e\\n1e \\x72m y\\nf\\n' > c; echo hi > f; xargs -d '\\n' -a c sed`,
  `printf '\\x72m\\ny\\n' > c; xargs -a c fakeroot`,
  `printf '\\x72m\\ny\\n' > c; xargs -a c valgrind -q`,
];

for (const command of declined) {
  it(`declines ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("decline");
  });
}

// xargs with a program no words make run a command stays accepted.
for (const command of ["find . -name '*.ts' | xargs grep -l foo", "xargs -a files wc -l", "xargs -0 -n1 echo", "xargs -a files env ls", "xargs -I{} cp {} out/"]) {
  it(`accepts ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("accept");
  });
}
