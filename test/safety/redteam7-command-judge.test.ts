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

// Left open by red team 7: with help.autocorrect (or an alias `p = push`) in the user's own
// ~/.gitconfig or the repository's config, `git psuh` runs `git push` with nothing on its line to say
// so. A subcommand git does not ship is declined while a git prefix is denied; git's own are judged.
for (const command of ["git psuh origin main", "git p origin main", "git -C . pushh", "git lfs push origin main"]) {
  it(`declines ${command}: what it runs is decided by git's configuration`, async () => {
    const verdict = await judgeCommand(lists, ["/bin/bash", "-lc", command]);
    expect(verdict).toMatchObject({ decision: "decline", class: "denied" });
    expect(verdict.rule).toContain("no command git ships");
  });
}

for (const command of ["git status", "git -C . log --oneline", "git commit -m x", "git subtree split --prefix=sub"]) {
  it(`accepts ${command}: git ships it and no denied prefix matches`, async () => {
    expect((await judgeCommand(lists, ["/bin/bash", "-lc", command])).decision).toBe("accept");
  });
}
