// Red team 9: one-command git lines past a deny list of ["rm"] or ["rm", "git push"] that the judge
// accepted. Each runs a command line that builds the denied name at run time (`x=r; ${x}m v`), so the
// name is in no word.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

for (const deny of [["rm"], ["rm", "git push"]]) {
  for (const command of [
    "git clone -u 'x=r; ${x}m v; git-upload-pack' . c1",
    "git ls-remote --up='x=r; ${x}m v; git-upload-pack' .",
    "git rebase --ex 'x=r; ${x}m v' HEAD~1",
    "git grep --op='x=r; ${x}m v' hi",
    "git -c core.alternateRefsCommand='x=r; ${x}m v' fetch ../o",
    "git -c interactive.diffFilter='x=r; ${x}m v' add -p",
    "git -c submodule.s.update='!x=r; ${x}m v' submodule update",
    "git clone --config core.sshCommand='x=r; ${x}m v' ssh://h/r c4",
    "git clone --conf=core.sshCommand='x=r; ${x}m v' ssh://h/r c4",
    "git clone -ccore.sshCommand='x=r; ${x}m v' ssh://h/r c4",
    "git clone -qccore.sshCommand='x=r; ${x}m v' ssh://h/r c4",
    "git clone -qu 'x=r; ${x}m v; git-upload-pack' . c1",
    "git clone --template=t . c2",
    // git send-email's own options (its manual): accepted with deny ["rm"] where git-email is installed.
    "git send-email --to-cmd='x=r; ${x}m v' a.patch",
    "git send-email --sendmail-cmd='x=r; ${x}m v' a.patch",
    // env takes assignments after `--`, and any word with a `=` (A.B=1): the judge read them as the
    // command, and git's steering variable ran its ssh command (measured).
    "env -- GIT_SSH_COMMAND='x=r; ${x}m v' git fetch ssh://h/r",
    "env A.B=1 GIT_SSH_COMMAND='x=r; ${x}m v' git fetch ssh://h/r",
    "env -i -- PATH=. git status",
    // An option with a `=` stays an option (a guard for the fix above).
    "env --split-string=\"sh -c 'x=r; \\${x}m v'\"",
    "git -c init.templateDir=t clone . c3",
  ]) {
    it(`declines ${command} (deny ${deny.join(", ")})`, async () => {
      const verdict = await judgeCommand({ allow: [], deny }, ["/bin/bash", "-lc", command]);
      expect(verdict.decision).toBe("decline");
    });
  }
}

// Ordinary lines stay accepted.
for (const command of ["git clone --depth 1 -b main https://h/r d", "git clone -c user.name=a https://h/r d", "git init", "git rebase --continue", "git ls-remote --heads .", "git grep -n -e foo", "git -c user.email=a@b commit -m cmd", "git log --reverse", "env -- LANG=C git status", "env -u X -- LANG=C git status"]) {
  it(`accepts ${command}`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["rm", "git push"] }, ["/bin/bash", "-lc", command])).decision).toBe("accept");
  });
}

// Deny ["git push"]: shipped git commands that push or run `git push` while named otherwise.
for (const command of [
  "git -c x.r=. for-each-repo --config=x.r push o main",
  "git -c x.r=. for-each-repo --config x.r -- push o main",
  "git -c x.r=. for-each-repo --con=x.r push o main",
  "git http-push https://h/r main",
  "printf 'push refs/heads/main:refs/heads/main\\n\\n' | git remote-https o https://h/r",
]) {
  it(`declines ${command} (deny git push)`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["git push"] }, ["/bin/bash", "-lc", command])).decision).toBe("decline");
  });
}
// A guard: the command for-each-repo runs takes git's own options (its ssh command ran, measured).
it("declines a code key in the command git for-each-repo runs (deny rm)", async () => {
  const command = "git -c x.r=. for-each-repo --config=x.r -- -c core.sshCommand='x=r; ${x}m v' fetch";
  expect((await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command])).decision).toBe("decline");
});
it("accepts git for-each-repo running maintenance", async () => {
  expect((await judgeCommand({ allow: [], deny: ["rm", "git push"] }, ["/bin/bash", "-lc", "git for-each-repo --config=maintenance.repo maintenance run --quiet"])).decision).toBe("accept");
});
