// Red team 7: one-command disguises of `git push` that the judge accepted with deny ["rm", "git push"].
// `help.autocorrect` makes git run the command it guesses for a misspelt one (`psuh` runs `push`,
// confirmed end to end on app-server with --on-approval accept: the branch reached the remote);
// `git subtree push` is a script that runs `git push` itself.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

const lists = { allow: [], deny: ["rm", "git push"] };

for (const command of [
  "git -c help.autocorrect=1 psuh origin main",
  "git -c help.autocorrect=immediate psuh origin main",
  "git subtree push --prefix=sub ./S.git main",
]) {
  it(`declines ${command}`, async () => {
    const verdict = await judgeCommand(lists, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("decline");
  });
}
