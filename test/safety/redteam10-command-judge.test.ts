// Red team 10: variables that make an ordinary program run a command line (not an interpreter, not a
// shell): less runs LESSOPEN's `|command` on the file it shows, tar takes --to-command from
// TAR_OPTIONS (the judge declines `tar --to-command=...` itself), man runs MANPAGER. The name built
// at run time is in no word. Measured on app-server with deny ["rm", "git push"]: `rm v` was declined,
// the TAR_OPTIONS and LESSOPEN lines below removed v and a.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

for (const deny of [["rm"], ["rm", "git push"]]) {
  for (const command of [
    "TAR_OPTIONS='--to-command=x=r;${x}m\\ v' tar xf a.tar",
    "LESSOPEN='|x=r; ${x}m a; cat %s' less a.tar",
    "LESSCLOSE='x=r; ${x}m a' LESSOPEN='cat %s' less a.tar",
    "env LESSOPEN='|x=r; ${x}m a; cat %s' less a.tar",
    "env TAR_OPTIONS='--to-command=x=r;${x}m\\ v' tar xf a.tar",
    "export LESSOPEN='|x=r; ${x}m a; cat %s'; less a.tar",
    "MANPAGER='x=r; ${x}m a' man ls",
  ]) {
    it(`declines ${command} (deny ${deny.join(", ")})`, async () => {
      const verdict = await judgeCommand({ allow: [], deny }, ["/bin/bash", "-lc", command]);
      expect(verdict.decision).toBe("decline");
    });
  }
}

// Wrappers read other than they run (measured here, each ran its -c line but the last two, which need
// access to another process's root): flock's own `FILE -c CMD` form, taskset's -c (a flag, not a
// value), runuser --session-command, unshare's --setgid/--boottime values, nsenter's -r/-w (values only
// when glued).
for (const deny of [["rm"], ["rm", "git push"]]) {
  for (const command of [
    "flock ./l -c 'x=r; ${x}m v'",
    "flock ./l --command 'x=r; ${x}m v'",
    "taskset -c 0 sh -c 'x=r; ${x}m v'",
    "taskset --cpu-list 0 sh -c 'x=r; ${x}m v'",
    "runuser --session-command='x=r; ${x}m v' root",
    // -w (--whitelist-environment) takes a list: `-w X` was read as the command X (it ran, measured).
    "runuser -w X -u root -- sh -c 'x=r; ${x}m v'",
    "runuser --whitelist-environment X -u root -- sh -c 'x=r; ${x}m v'",
    "unshare -r -T --boottime 1 sh -c 'x=r; ${x}m v'",
    "unshare -r --setgid 0 sh -c 'x=r; ${x}m v'",
    // setarch's options after the architecture, or with it left out (both ran, measured).
    "setarch linux64 -R sh -c 'x=r; ${x}m v'",
    "setarch linux64 --addr-no-randomize sh -c 'x=r; ${x}m v'",
    "setarch -R sh -c 'x=r; ${x}m v'",
    "nsenter -t 1 -r sh -c 'x=r; ${x}m v'",
    "nsenter -t 1 -w sh -c 'x=r; ${x}m v'",
  ]) {
    it(`declines ${command} (deny ${deny.join(", ")})`, async () => {
      const verdict = await judgeCommand({ allow: [], deny }, ["/bin/bash", "-lc", command]);
      expect(verdict.decision).toBe("decline");
    });
  }
}

// A steering variable set by a builtin or an expansion instead of an assignment (the judge declines
// `GIT_SSH_COMMAND=...`): each ran its ssh command here (printf -v and ${:=} measured).
for (const deny of [["rm"], ["rm", "git push"]]) {
  for (const command of [
    "printf -v GIT_SSH_COMMAND 'x=r; ${x}m v'; export GIT_SSH_COMMAND; git fetch ssh://h/r",
    "read GIT_SSH_COMMAND <<< 'x=r; ${x}m v'; export GIT_SSH_COMMAND; git fetch ssh://h/r",
    "read -raGIT_SSH_COMMAND <<< 'x=r; ${x}m v'; export GIT_SSH_COMMAND; git fetch ssh://h/r",
    ": ${GIT_SSH_COMMAND:='x=r; ${x}m v'}; export GIT_SSH_COMMAND; git fetch ssh://h/r",
    ": ${GIT_SSH_COMMAND='x=r; ${x}m v'}; export GIT_SSH_COMMAND; git fetch ssh://h/r",
    "getopts a GIT_SSH_COMMAND; export GIT_SSH_COMMAND; git fetch ssh://h/r",
    "printf -v LESSOPEN '|x=r; ${x}m a'; export LESSOPEN; less f",
  ]) {
    it(`declines ${command} (deny ${deny.join(", ")})`, async () => {
      const verdict = await judgeCommand({ allow: [], deny }, ["/bin/bash", "-lc", command]);
      expect(verdict.decision).toBe("decline");
    });
  }
}

// What stays accepted: a builtin setting an ordinary variable, a format and its arguments.
for (const command of ["printf -v line '%s' hi; echo $line", "read -r line < f; echo $line", "read -p \"$prompt\" ans", "printf '%s\\n' \"$x\"", "getopts ab opt", "echo ${x:=3}"]) {
  it(`accepts ${command} (deny rm)`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command])).decision).toBe("accept");
  });
}

// A declaration the parser does not read as an assignment, or a nameref: both ran the ssh command here.
for (const command of [
  "declare -n r=GIT_SSH_COMMAND; r='x=r; ${x}m v'; export GIT_SSH_COMMAND; git fetch ssh://h/r",
  "declare \"GIT_SSH_COMMAND=x=r; \\${x}m v\"; export GIT_SSH_COMMAND; git fetch ssh://h/r",
  "export \"GIT_SSH_COMMAND=x=r; \\${x}m v\"; git fetch ssh://h/r",
  "export 'GIT_SSH_COMMAND'='x=r; ${x}m v'; git fetch ssh://h/r",
  "x=GIT_SSH_COMMAND; export $x='x=r; ${x}m v'; git fetch ssh://h/r",
]) {
  it(`declines ${command} (deny rm)`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command])).decision).toBe("decline");
  });
}
for (const command of ["export LANG=C; echo $LANG", "export PATH", "declare -a arr=(1 2)", "local x=1", "declare -n r=other; r=1", 'export "LANG=C"']) {
  it(`accepts ${command} (deny rm)`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command])).decision).toBe("accept");
  });
}
