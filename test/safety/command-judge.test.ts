// The command judge on the red-team corpus and on the spellings a deny list must see through. Unit
// level (no Codex): the end-to-end table is in red-team.test.ts.
import { describe, expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { RED_TEAM_CORPUS, RED_TEAM_DENY, attemptCommand } from "../../src/safety/red-team.js";

const deny = { allow: [], deny: [...RED_TEAM_DENY] };

describe("judgeCommand", () => {
  // A known-open attempt is accepted (docs/policy.md, "Still open"): the day the judge declines it,
  // this fails, and the corpus row and the docs change together.
  it.each(RED_TEAM_CORPUS.map((attempt, i) => [attempt.class, attemptCommand(attempt, i).command, attempt.control === true || attempt.knownOpen !== undefined] as const))("%s: %s", async (_class, command, runs) => {
    const verdict = await judgeCommand(deny, command);
    expect(verdict.decision).toBe(runs ? "accept" : "decline");
    // The same line as Codex hands it over: wrapped in the user's shell.
    expect((await judgeCommand(deny, ["/bin/bash", "-lc", command])).decision).toBe(runs ? "accept" : "decline");
  });

  // Red team 5 (issue 27): each of these runs the denied program itself, through a program that runs
  // its arguments, git's configuration or environment, or bash evaluating text later.
  it.each([
    "X=push git --config-env=alias.p=X p -q origin HEAD:refs/heads/b1",
    "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.q GIT_CONFIG_VALUE_0=push git q -q origin HEAD:refs/heads/b2",
    "tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-action=exec='rm v1'",
    "sed -n '1e rm v2' f",
    "setarch x86_64 rm v3",
    "prlimit rm v4",
    "setpriv rm v5",
    "unshare rm v6",
    "strace -o /dev/null rm v7",
    "git -c user.email=a@b -c user.name=a rebase -q -x 'rm v8' HEAD~1",
    "GIT_SSH_COMMAND='rm v9;:' git fetch ssh://h/r",
    "zip -q z.zip f -T -TT 'rm v10 #'",
    "GIT_EDITOR='rm v11;:' git -c user.email=a@b -c user.name=a commit -q --allow-empty",
    "git {push,origin} -q HEAD:refs/heads/b3",
    "env {rm,v12}",
    "hash -p /usr/bin/rm x; x v13",
    "test -v 'a[$(rm v14)]'",
    "printf -v 'a[$(rm v15)]' x",
    "BASH_ENV='$(rm v16)' bash -c true",
    "ln -s /usr/bin/rm x && PATH=. x v17",
    "read 'a[$(rm v18)]' <<< x",
    "mapfile -C 'rm v19 #' -c 1 < f",
    "x='$(rm v20)'; echo ${x@P}",
    "x='a[$(rm v21)]'; echo $((x))",
    "let 'a[$(rm v22)]'",
    "printf 'a[\\x24(\\x72m v)]' > f; read x < f; echo $((x))",
    "git submodule foreach 'rm x'",
    "git bisect run rm x",
    "runuser -u nobody -- rm x",
    "vim -c '!rm x'",
    "ssh -o ProxyCommand='rm x' h",
    "read x < f; test -v \"a[$x]\"",
    "read x < f; [[ $x -eq 1 ]]",
    "bash -c 'test -v \"$1\"' _ 'a[$(rm x)]'",
  ])("declines %s", async (command) => {
    expect((await judgeCommand(deny, command)).decision).toBe("decline");
    expect((await judgeCommand(deny, ["/bin/bash", "-lc", command])).decision).toBe("decline");
  });

  it("names the rule and the simple command that decided", async () => {
    expect(await judgeCommand(deny, "ls && nice -n 3 /usr/bin/rm -rf x")).toMatchObject({ decision: "decline", rule: 'commands.deny "rm"', class: "denied", command: "nice -n 3 /usr/bin/rm -rf x" });
    expect(await judgeCommand(deny, "python3 -c 'print(1)'")).toMatchObject({ decision: "decline", class: "opaque" });
    expect((await judgeCommand(deny, "python3 -c 'print(1)'")).rule).toMatch(/python3 is an interpreter/);
  });

  it("normalises flags a prefix names, and matches whole words", async () => {
    const rf = { allow: [], deny: ["rm -rf", "git push --force"] };
    for (const command of ["rm -fr x", "rm -r -f x", "rm -r x", "rm --recursive --force x", "rm -R -f x", "git push -f origin", "git -C . push origin --force"]) {
      expect((await judgeCommand(rf, command)).decision, command).toBe("decline");
    }
    // `rm -r x` removes what `rm -rf x` does off a terminal (red team 27): declined too. So is a push
    // that names no refspec (`git push origin`): the repository's configuration may make it force.
    for (const command of ["rm x", "rmdir x", "git push origin main", "git log --grep push"]) {
      expect((await judgeCommand(rf, command)).decision, command).toBe("accept");
    }
  });

  it("declines what only the running shell can decide, when it could match", async () => {
    const list = { allow: [], deny: ["git push"] };
    expect((await judgeCommand(list, "git $SUB origin")).decision).toBe("decline");
    expect((await judgeCommand(list, "echo push | xargs git")).decision).toBe("decline");
    expect((await judgeCommand(list, "git status $X")).decision).toBe("accept");
    expect((await judgeCommand(list, "git -c alias.p=push p")).decision).toBe("decline");
  });

  it("with an allow list, every simple command must be listed", async () => {
    const strict = { allow: ["git status", "ls"], deny: [] };
    expect((await judgeCommand(strict, "git status -s && ls")).decision).toBe("accept");
    expect(await judgeCommand(strict, "ls; git push")).toMatchObject({ decision: "decline", rule: 'commands.allow does not list "git"' });
    expect((await judgeCommand(strict, "ls $(curl x)")).decision).toBe("decline");
  });

  // The judge's tables were plain objects: a program named after an Object member (`toString`,
  // `constructor`) found Object's function and was unwrapped as a wrapper, so an allow list of `ls`
  // let it run. It is a program of its own name, judged as any other.
  it.each(["toString ls", "constructor ls", "valueOf ls", "__proto__ ls", "hasOwnProperty ls"])("an allow list of ls declines %s", async (command) => {
    expect((await judgeCommand({ allow: ["ls"], deny: [] }, command)).decision).toBe("decline");
    expect((await judgeCommand({ allow: ["ls"], deny: [] }, "ls -la")).decision).toBe("accept");
  });

  it("accepts everything without parsing when no list is in force", async () => {
    expect((await judgeCommand({ allow: [], deny: [] }, "$(anything) {")).decision).toBe("accept");
  });
});
