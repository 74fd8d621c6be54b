// Red team 8: one-command ways past a deny list of ["rm", "git push"] that the judge accepted.
// A shipped git subcommand that runs a command line it is given (rebase -x, bisect run, submodule
// foreach, filter-branch's filters, difftool -x, grep -O, instaweb --httpd) runs it through a later
// shell, where the denied name is spelt at run time (`x=gi; ${x}t push`) and is in no word;
// `env NAME=...` set git's or bash's steering variables (GIT_SSH_COMMAND, PATH, GIT_EXEC_PATH) that a
// shell assignment may not; `git --exec-path=DIR` runs DIR's git-NAME programs; an ANSI-C string spelt
// the denied name in escapes (`$'\x72m'`); an abbreviated long option (`--exe`); tar, zip and rsync
// options that run a command line. Each case was accepted before this file's fixes; the tar and rebase
// cases removed a file and pushed a branch end to end (app-server, --on-approval accept).
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

const lists = { allow: [], deny: ["rm", "git push"] };

for (const command of [
  "git rebase -x 'x=gi; ${x}t push origin HEAD' HEAD~1",
  "git -c user.email=a@b rebase -q -x $'\\x72m v8' HEAD~1",
  "git rebase -qx 'x=r; ${x}m v' HEAD~1",
  "git rebase \"$opt\" 'x=r; ${x}m v' HEAD~1",
  "git bisect run sh -c 'x=gi; ${x}t push'",
  "git submodule foreach 'x=gi; ${x}t push'",
  "git filter-branch --tree-filter 'x=gi; ${x}t push' HEAD",
  "git difftool -x 'x=gi; ${x}t push' HEAD",
  "git difftool --extcmd='x=gi; ${x}t push' HEAD",
  "git grep --open-files-in-pager='x=gi; ${x}t push' foo",
  "git grep -nO'x=gi; ${x}t push' foo",
  "git instaweb --httpd='x=gi; ${x}t push'",
  "env GIT_SSH_COMMAND='x=gi; ${x}t push origin main #' git fetch ssh://h/r",
  "env PATH=. git status",
  "env -u X GIT_EXEC_PATH=. git subtree split --prefix=x",
  "git --exec-path=. subtree split --prefix=x",
  "git --exec-path . subtree split --prefix=x",
  "sed -n $'1e \\x72m v2' f",
  "sed -n $'1e \\162m v2' f",
  "tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-action=exec=$'\\u0072m v1'",
  // git and GNU tar take an unambiguous prefix of a long option: `--exe` is `--exec`, `--upload-pa`
  // is `--upload-pack` (each ran its command, measured with git 2.x).
  "git rebase --exe 'x=gi; ${x}t push' HEAD~1",
  "git ls-remote --upload-pa='x=gi; ${x}t push #' .",
  "git fetch --upl='x=r; ${x}m v' .",
  // A program that runs an option's command line through a shell: the denied name spelt at run time.
  "tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-action=exec='x=r; ${x}m v1'",
  "tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-act=exec='echo cm0gdjE= | base64 -d | sh'",
  "tar -xf a.tar --to-command='x=r; ${x}m v'",
  "tar xIf 'x=r; ${x}m v #' a.tar",
  "tar -cI 'x=r; ${x}m v #' -f a.tar f",
  "zip -q z.zip f -T -TT 'x=r; ${x}m v10 #'",
  "rsync -e 'x=r; ${x}m v #' f h:f",
  // The ext:: transport's helper runs its operand (split at spaces, `% ` a space) when it reads a
  // `connect` line; called directly, protocol.allow (ext: never) is not asked. It ran, measured.
  "printf 'connect git-upload-pack\\n' | git remote-ext x 'sh -c x=gi;${x}t% push% origin% main'",
  "git submodule--helper foreach 'x=gi; ${x}t push'",
  // A wrapper's abbreviated long option (GNU getopt_long): the judge took its value for the command.
  // Each removed the file, measured with coreutils and findutils.
  "env --un x sh -c 'x=r; ${x}m v'",
  "xargs --arg-f list sh -c 'x=r; ${x}m v'",
  "env --spl \"sh -c 'x=r; \\${x}m v'\"",
  "nice --adj 5 sh -c 'x=r; ${x}m v'",
  "env -iu x sh -c 'x=r; ${x}m v'",
  "xargs -0a list sh -c 'x=r; ${x}m v'",
  "unshare --map-user x sh -c 'x=r; ${x}m v'",
  "setpriv --reuid 0 sh -c 'x=r; ${x}m v'",
]) {
  it(`declines ${command}`, async () => {
    const verdict = await judgeCommand(lists, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("decline");
  });
}

for (const command of [
  "git rebase -i HEAD~2",
  "git rebase --onto main HEAD~1",
  "git grep -n foo",
  "git submodule update --init",
  "git bisect start",
  "git difftool --tool-help",
  "env LANG=C git status",
  "git --exec-path",
  "printf $'a\\tb\\n'",
  "tar -czf out.tgz src",
  "tar xzf a.tgz",
  "zip -qr z.zip src",
  "rsync -av src/ dst/",
  "git log --exit-code",
  "git fetch origin",
  "env -i git status",
  "xargs -0 -n1 echo",
]) {
  it(`accepts ${command}`, async () => {
    expect((await judgeCommand(lists, ["/bin/bash", "-lc", command])).decision).toBe("accept");
  });
}

// Found reading the change: the `-c` key check came after the returns for `send-pack`, `subtree push`
// and a subcommand git does not ship, so a key that runs code passed with them (deny ["rm"]: the
// ssh command builds its `rm` at run time, in no word).
for (const command of ["git -c core.sshCommand='x=r; ${x}m f' send-pack o main", "git -c core.sshCommand='x=r; ${x}m f' psuh origin main", "git --config-env=core.sshCommand=CMD subtree push --prefix=s o main"]) {
  it(`declines ${command}: its -c key runs code whatever the subcommand`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command])).decision).toBe("decline");
  });
}
