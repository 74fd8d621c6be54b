// The command judge: what a policy's command lists say about a command line, judged on the commands
// bash would actually run, never on the text's first words. Each simple command (shell-parse.ts) is
// unwrapped from the programs that run another program (env, nice, xargs, sudo, find -exec, sh -c
// ...), its name reduced to a basename, and compared with the listed prefixes with flags normalised
// (`rm -fr`, `rm -r -f` and `rm --recursive --force` all match `rm -rf`). With a list in force, a
// command whose effect is not fixed in its own text (an interpreter, a script file, a code string, a
// generated name, text that cannot be parsed) is declined: no prefix can say what it runs.
import path from "node:path";
import { runCommand } from "../process/spawn.js";
import { assignmentHazard, evaluatesSubscript, exportHazard, holdsSubstitution, parseShell, STEERING_VARIABLES, type ShellWord } from "./shell-parse.js";

export interface CommandLists {
  allow: readonly string[];
  deny: readonly string[];
}

export type CommandVerdict =
  | { decision: "accept"; rule: string }
  | { decision: "decline"; rule: string; /** The simple command that decided, as written. */ command: string; class: DeclineClass };

/** Why a command was declined: a listed prefix, an unlisted command, or code the text does not fix. */
export type DeclineClass = "denied" | "not-allowed" | "opaque";

/** Programs that run the rest of their arguments as a command: which options take a value, and how
 *  many operands come before the command. */
interface Wrapper {
  valueOptions?: readonly string[];
  /** Options known to take no value (red team 26): any other option, unless glued to its value with
   *  `=`, is read both as a flag and as taking the next word, and each command so read is judged. */
  flags?: readonly string[];
  operands?: number;
  /** The command's arguments are completed at run time (xargs reads them from stdin). */
  openTail?: boolean;
  /** Options that make it run a code string or a file instead. */
  codeOptions?: readonly string[];
  /** Options whose value sets (NAME=VALUE) or unsets (NAME) a variable of the command's environment
   *  (strace -E). */
  envOptions?: readonly string[];
  /** Words that, right after the operands, make it run a code string (flock FILE -c CMD). */
  codeAfterOperands?: readonly string[];
}

const WRAPPERS = new Map<string, Wrapper>(Object.entries({
  // -a/--argv0 (coreutils 9.5) names the command's argv[0]: judged as startedAs says.
  env: { valueOptions: ["-u", "--unset", "-C", "--chdir", "-a", "--argv0"], codeOptions: ["-S", "--split-string"], flags: ["-i", "--ignore-environment", "-0", "--null", "-v", "--debug", "--block-signal", "--default-signal", "--ignore-signal", "--list-signal-handling"] },
  command: {},
  builtin: {},
  // bash's `!` before a command: the grammar gives a second one (`! ! ./f`, `time ! . ./f`) as a
  // command named `!` (red team 24, found by a fuzzer).
  "!": {},
  exec: { valueOptions: ["-a"] },
  nice: { valueOptions: ["-n", "--adjustment"], flags: [] },
  nohup: {},
  time: { valueOptions: ["-f", "--format", "-o", "--output"], flags: ["-p", "--portability", "-a", "--append", "-v", "--verbose", "-q", "--quiet"] },
  timeout: { valueOptions: ["-s", "--signal", "-k", "--kill-after"], operands: 1, flags: ["-v", "--verbose", "-f", "--foreground", "-p", "--preserve-status"] },
  stdbuf: { valueOptions: ["-i", "-o", "-e", "--input", "--output", "--error"] },
  setsid: { flags: ["-c", "--ctty", "-f", "--fork", "-w", "--wait"] },
  ionice: { valueOptions: ["-c", "--class", "-n", "--classdata", "-p", "--pid"] },
  chrt: { operands: 1 },
  // taskset's -c (--cpu-list) is a flag: the mask operand is read as a list (red team 10: `taskset
  // -c 0 sh -c ...` was read as the command `-c`).
  taskset: { operands: 1 },
  chroot: { valueOptions: ["--userspec", "--groups"], operands: 1 },
  // `flock FILE -c CMD` is flock's own form: -c after the lock file (red team 10).
  flock: { valueOptions: ["-w", "--timeout", "-E", "--conflict-exit-code"], flags: ["-s", "--shared", "-x", "-e", "--exclusive", "-u", "--unlock", "-n", "--nonblock", "--nb", "-o", "--close", "-F", "--no-fork", "--fcntl", "--verbose"], operands: 1, codeOptions: ["-c", "--command"], codeAfterOperands: ["-c", "--command"] },
  unbuffer: {},
  sudo: { valueOptions: ["-u", "--user", "-g", "--group", "-h", "--host", "-p", "--prompt", "-C", "--close-from", "-D", "--chdir", "-r", "--role", "-t", "--type", "-T", "--command-timeout", "-U", "--other-user"], codeOptions: ["-s", "--shell", "-i", "--login"] },
  doas: { valueOptions: ["-u", "-C"], codeOptions: ["-s"] },
  xargs: { valueOptions: ["-a", "--arg-file", "-d", "--delimiter", "-E", "-I", "-L", "--max-lines", "-n", "--max-args", "-P", "--max-procs", "-s", "--max-chars", "--process-slot-var"], flags: ["-0", "--null", "-r", "--no-run-if-empty", "-t", "--verbose", "-p", "--interactive", "-x", "--exit", "-o", "--open-tty", "--show-limits", "-e", "--eof", "-i", "--replace", "-l"], openTail: true },
  busybox: {},
  toybox: {},
  // Programs that run the rest of their line (red team 5, issue 27): setarch ARCH, prlimit, setpriv,
  // unshare, strace, ltrace, runuser -u USER.
  setarch: { operands: 1 },
  // valgrind's options are all `--name=value` (red team 21b: `valgrind sh f` ran f).
  valgrind: {},
  // setarch's personality names run the rest of their line with flags only (red team 21b: `linux64
  // ./f`, `x86_64 ./f` ran a planted script, judged as linux64), as do fakeroot (its -l and --faked
  // name a library and a program it runs) and systemd-cat (`fakeroot ./f` ran one too).
  linux32: {}, linux64: {}, i386: {}, i686: {}, x86_64: {}, uname26: {}, aarch64: {}, arm64: {}, armv7l: {}, armv8l: {}, ppc: {}, ppc64: {}, ppc64le: {}, s390: {}, s390x: {}, parisc: {}, parisc64: {}, sparc: {}, sparc64: {}, mips: {}, mips64: {},
  fakeroot: { valueOptions: ["-s", "-i", "-b"], codeOptions: ["-l", "--lib", "-f", "--faked"] },
  "systemd-cat": { valueOptions: ["-t", "--identifier", "-p", "--priority", "--stderr-priority", "--namespace"] },
  prlimit: { valueOptions: ["-p", "--pid", "-o", "--output"] },
  // util-linux's options that take a value, from their --help (red team 8: `unshare --map-user x sh
  // -c ...` was read as the command `x`).
  setpriv: { valueOptions: ["--ruid", "--euid", "--rgid", "--egid", "--reuid", "--regid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule", "--seccomp-filter"] },
  unshare: { valueOptions: ["-S", "--setuid", "-G", "--setgid", "--monotonic", "--boottime", "--setgroups", "-R", "--root", "-w", "--wd", "--map-user", "--map-group", "--map-users", "--map-groups", "--propagation", "--load-interp"] },
  // strace -E NAME=VALUE sets a variable of the command's environment (red team 25: `strace -E
  // GROFF_BIN_PATH=d groff x.1` and `-E LD_PRELOAD=./p.so` ran planted code), judged as env's.
  // Red team 26: its long options with a value and -U (`strace -c -U calls CMD` was read as `calls`).
  strace: { valueOptions: ["-o", "-e", "-p", "-s", "-u", "-E", "--env", "-a", "-b", "-I", "-O", "-S", "-P", "-X", "-U", "--output", "--attach", "--user", "--detach-on", "--interruptible", "--trace", "--signal", "--status", "--trace-path", "--columns", "--string-limit", "--const-print-style", "--summary-syscall-overhead", "--summary-sort-by", "--summary-columns", "--inject", "--fault"], envOptions: ["-E", "--env"], flags: ["-f", "-F", "-z", "-Z", "-i", "-k", "-n", "-A", "-q", "-r", "-t", "-T", "-v", "-x", "-y", "-Y", "-c", "-C", "-w", "-d", "-D", "-h", "-V", "--follow-forks", "--output-separately", "--successful-only", "--failed-only", "--instruction-pointer", "--stack-traces", "--syscall-number", "--output-append-mode", "--no-abbrev", "--summary-only", "--summary", "--summary-wall-clock", "--debug", "--help", "--version", "--seccomp-bpf"] },
  ltrace: { valueOptions: ["-o", "-e", "-p", "-s", "-u", "-n", "-a", "-A", "-D", "-F", "-l", "-L", "-w", "-x"] },
  runuser: { valueOptions: ["-u", "--user", "-g", "--group", "-G", "--supp-group", "-s", "--shell", "-w", "--whitelist-environment"], codeOptions: ["-c", "--command", "--session-command", "-l", "--login"] },
  // nsenter's -r/--root and -w/--wd take a value only glued (`-r/x`, `--root=/x`); -W/--wdns takes one.
  nsenter: { valueOptions: ["-t", "--target", "-S", "--setuid", "-G", "--setgid", "-W", "--wdns"] },
  // Red team 25: glibc's loader on PATH runs the program its first operand names (`ld.so ./x f`, a
  // copy of rm, and `ld.so /usr/bin/r? f` removed f); its --preload, --audit and --library-path load
  // code, its --argv0 names the program (judged as startedAs says). e2fsprogs' `logsave LOGFILE CMD`,
  // glibc's `sotruss` and `memusage` run the rest of their line too (each removed a file so).
  "ld.so": { valueOptions: ["--argv0", "--inhibit-rpath", "--glibc-hwcaps-prepend", "--glibc-hwcaps-mask"], codeOptions: ["--preload", "--audit", "--library-path"] },
  logsave: { operands: 1 },
  sotruss: { valueOptions: ["-F", "--from", "-T", "--to", "-o", "--output"] },
  memusage: { valueOptions: ["-n", "--progname", "-p", "--png", "-d", "--data", "-b", "--buffer", "--title", "-x", "--x-size", "-y", "--y-size"] },
  // LLVM's `not` (installed as not-14) and KDE's heaptrack run the rest of their line too (red team 25).
  not: {},
  heaptrack: { valueOptions: ["-o", "--output", "-p", "--pid"] },
  // gettext's msgexec runs its command for each message, msgfilter its filter (red team 25: each ran a
  // planted ./g).
  msgexec: { valueOptions: ["-i", "--input", "-D", "--directory"], flags: ["-P", "--properties-input", "--stringtable-input", "--newline"] },
  // Red team 26: --style takes a value (`msgfilter ... --style s.css /usr/bin/r? f` was read as the filter s.css).
  msgfilter: { valueOptions: ["-i", "--input", "-D", "--directory", "-o", "--output-file", "-w", "--width", "--style"], flags: ["--newline", "-P", "--properties-input", "--stringtable-input", "--color", "--no-escape", "-E", "--escape", "--force-po", "--indent", "--keep-header", "--no-location", "-n", "--add-location", "--strict", "-p", "--properties-output", "--stringtable-output", "--no-wrap", "-s", "--sort-output", "-F", "--sort-by-file"] },
}));

// Red team 25: programs the judge knows, installed under other names too: `pager` and
// `sensible-pager` are less (`pager --lesskey-src=./k f | cat` ran the preprocessor a lesskey file
// named), `zless` and its kin run less with their words, glibc's loader is also `ld-linux-*.so.N`. A
// shell's name with a version (`zsh5`, which ran a zsh script) is the shell. Judged as both names.
const OTHER_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(pager|sensible-pager|(z|bz|lz|xz|zstd|lzma)less)$/, "less"],
  [/^ld(-linux[-A-Za-z0-9_]*)?(64)?\.so(\.[0-9]+)*$/, "ld.so"],
  // `slogin` is ssh (`slogin -o ProxyCommand=./g x` ran g); chromium's alternatives are chromium.
  [/^slogin$/, "ssh"],
  [/^(x-www-browser|gnome-www-browser|sensible-browser|www-browser|chromium-browser|google-chrome(-stable)?)$/, "chromium"],
];

/** The program `name` is another name of (see OTHER_NAMES), or undefined. A name with a version
 *  (`zsh5`, `opt-14`, `not-14`, `lli-14`) is the program the judge knows without it, and a
 *  restricted shell (`rzsh`, `rksh`) is the shell. */
function otherName(name: string): string | undefined {
  for (const [pattern, program] of OTHER_NAMES) if (pattern.test(name) && name !== program) return program;
  const known = (program: string): boolean => SHELLS.has(program) || WRAPPERS.has(program) || INTERPRETERS.test(program) || RUNS_OTHER_CODE.has(program) || PROGRAM_CODE.has(program) || EDITORS.test(program);
  if (known(name)) return undefined;
  for (const unversioned of [name.replace(/[-.]?[0-9][0-9.]*$/, ""), name.replace(/^r(?=[a-z])/, "")]) {
    if (unversioned === name || unversioned === "") continue;
    if (known(unversioned)) {
      // r + a name: only shells (rbash, rzsh); `red` is restricted ed, which runs no command.
      if (unversioned === name.slice(1) && !SHELLS.has(unversioned)) continue;
      return unversioned;
    }
  }
  return undefined;
}

// Programs no words make run another program or code: the only ones xargs may complete. xargs appends
// the words it reads, and they may be options (`git -c alias.z=!...`, `sed -e '1e ...'`, `sort
// --compress-program=...`) or the command itself (another xargs, `find -exec`, fakeroot, valgrind):
// red team 15, each ran a planted rm. Any program not listed here is not judged under xargs.
const XARGS_SAFE = new Set(["echo", "printf", "cat", "tac", "ls", "wc", "grep", "egrep", "fgrep", "head", "tail", "rm", "rmdir", "unlink", "mkdir", "touch", "truncate", "shred", "cp", "mv", "ln", "chmod", "chown", "chgrp", "stat", "du", "basename", "dirname", "realpath", "readlink", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "cmp", "base64", "nl", "rev", "od", "cut", "tr", "uniq", "kill", "sleep", "true", "false"]);

/** The string xargs replaces in its command's words (-I STR, -i[STR], --replace[=STR]: GNU's "{}"
 *  when none is given), or undefined when it replaces none. `words` are xargs and its own options. */
function xargsReplaceString(words: readonly ShellWord[]): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word === "--") break;
    if (word.startsWith("--")) {
      if (givesLongOption(word, "replace")) return word.includes("=") ? word.slice(word.indexOf("=") + 1) : "{}";
      continue;
    }
    if (!word.startsWith("-")) continue;
    // A bundle of GNU xargs' short options ("0a:d:E:e::I:i::L:l::n:prs:txP:"): a letter that takes a
    // value takes the rest of the word (or, a required one, the next word).
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]!;
      if (letter === "I") return word.slice(j + 1) || (words[i + 1] ?? "");
      if (letter === "i") return word.slice(j + 1) || "{}";
      if ("adELnsP".includes(letter)) {
        if (j === word.length - 1) i += 1;
        break;
      }
      if ("el".includes(letter)) break;
    }
  }
  return undefined;
}

// Programs that name or describe other programs without running them, and git (whose ways of running
// a command are judged on their own): a shell's or interpreter's name among their words is data.
const NAMES_PROGRAMS = new Set(["which", "type", "whereis", "file", "man", "info", "whatis", "apropos", "dpkg-query", "apt-cache", "update-alternatives", "git", "pgrep", "pkill", "killall", "pidof", "ps", "sort", "diff", "find", "tee", "sed"]);

// Shells whose code strings are read with bash's grammar: bash and the POSIX shells it extends.
const BASH_GRAMMAR = new Set(["sh", "bash", "dash", "ash", "rbash", "busybox-sh"]);
// Shells of other languages (red team 24): zsh reads a function's body from a file on `$fpath` when it
// is called (`fpath=(.); autoload f; f`), defines one by assigning to its `functions` table and loads
// modules from `$module_path` (`zmodload`), none of which bash's grammar shows as running anything:
// `zsh -c 'fpath=(.); autoload f; f'` ran a planted rm. Their code strings are not judged; a shell
// bash's grammar did not know by name (`yash -c "$(cat f)"`) was a plain program to the judge.
// (Plan 9's rc, es and ion are left out: as words of other programs, `rc` and `es` are common names.)
const OTHER_SHELLS = ["zsh", "ksh", "ksh93", "mksh", "pdksh", "oksh", "loksh", "lksh", "yash", "posh", "fish", "csh", "tcsh", "elvish", "nu", "xonsh", "osh", "ysh", "oil", "murex"];
const SHELLS = new Set([...BASH_GRAMMAR, ...OTHER_SHELLS]);

// Programs whose whole job is to run code they are given (a string, a file, stdin).
// pdb and pydoc run or import the python file they are given (red team 25: `pydoc3 ./y.py` ran it).
// lli runs LLVM IR (red team 25: `lli-14 x.ll` ran its call to system()).
const INTERPRETERS = /^(python[0-9.]*|pypy[0-9.]*|pdb[0-9.]*|pydoc[0-9.]*|ipython[0-9.]*|isympy|lli|perl[0-9.]*|ruby[0-9.]*|irb|node|nodejs|deno|bun|bunx|php[0-9.]*|lua[0-9.]*|luajit|tclsh[0-9.]*|wish|R|Rscript|julia|osascript|pwsh|powershell|[gm]?awk|nawk|expect|gdb|lldb|jshell|groovy|scala|kotlin|ghci|runghc|swift|guile|racket|sbcl|clisp|erl|escript|elixir|iex)$/;

// Builtins and programs that run code kept in a string, a file or the environment, not in their words.
// `hash -p` maps a name to another program; `enable -f` loads a builtin; `mapfile -C` and `complete
// -C` run a callback string (red team 5, issue 27).
// Build and test runners run a file of the working directory, which a command before them can write
// (red team 12, each ran a planted rm: pytest's conftest.py, ninja's build.ninja, `cmake -P`, ctest's
// CTestTestfile.cmake); the others here load a project file of code or commands the same way.
const RUNS_OTHER_CODE = new Set(["eval", "source", ".", "alias", "trap", "fc", "coproc", "watch", "su", "script", "parallel", "make", "gmake", "just", "rake", "npm", "npx", "pnpm", "yarn", "cargo", "go", "gradle", "mvn", "ant", "hash", "enable", "mapfile", "readarray", "complete", "compgen", "bind", "let",
  // Red team 14: run-parts runs every program of a folder (a script a command before it wrote), and
  // ssh-agent, dbus-run-session, dbus-launch, xvfb-run, catchsegv run their arguments as a command
  // line, which xargs completes at run time (`xargs -a f ssh-agent` ran `rm y` read from f).
  "run-parts", "ssh-agent", "dbus-run-session", "dbus-launch", "xvfb-run", "catchsegv",
  // Red team 21b: editors, database shells and terminal multiplexers run a command line given in an
  // argument or read from their input (`vim -es -c '!sh f'`, `ex`, `ed -s < cmds`, `sqlite3 db
  // '.shell sh f'`, `tmux new -d CMD`): each ran a planted rm.
  // Red team 21b: programs that start a shell or a command of their own (capsh runs bash with its
  // arguments, sg runs one through sh -c, newgrp a shell reading its input; perf, systemd-run,
  // start-stop-daemon and `ip netns exec` run a command).
  "capsh", "sg", "newgrp", "perf", "systemd-run", "start-stop-daemon", "ip", "bwrap", "firejail", "proot", "schroot",
  // Red team 25: chromium runs the programs its flags name (`--renderer-cmd-prefix=./g` ran g), perl's
  // prove runs test files with the program -e names (`prove -e ./g x.t`), and bugpoint the programs
  // it is given.
  "chromium", "chrome", "prove", "bugpoint",
  // util-linux's scriptlive replays a recorded session's input to a shell.
  "scriptlive",
  // Red team 27 (by reading, not installed here): at and batch hand the command line they read (their
  // input, -f FILE) to atd, and crontab a crontab to cron, which run it later outside Codex's sandbox.
  "at", "batch", "crontab",
  // Red team 25: Debian's make-first-existing-target runs make on the working directory's Makefile,
  // pygmentize -x loads a lexer from a python file (each ran a planted rm); dpkg-buildpackage and
  // debuild run debian/rules, cpan a module's Makefile.PL, corepack the package manager a project names.
  "make-first-existing-target", "pygmentize", "dpkg-buildpackage", "debuild", "cpan", "corepack",
  // Red team 25: python's application and tool runners import a module of the project (`flask --app
  // app routes` ran a planted app.py); `coverage run` and `dotenv run` run a program.
  "flask", "easy_install", "dotenv", "uvicorn", "gunicorn", "hypercorn", "django-admin", "celery", "sphinx-build", "mkdocs", "alembic", "coverage", "jupyter", "streamlit", "behave", "nose2",
  "vim", "vi", "view", "vimdiff", "gvim", "nvim", "rvim", "rview", "ex", "ed", "emacs", "emacsclient", "sqlite3", "psql", "mysql", "mariadb", "tmux", "screen",
  "pytest", "py.test", "tox", "nox", "ninja", "samu", "cmake", "ctest", "cpack", "meson", "scons", "bazel", "bazelisk", "buck2", "pants", "invoke", "fab", "poetry", "pipenv", "uv", "uvx", "hatch", "pdm", "pre-commit", "bundle", "rspec", "composer", "phpunit", "mix", "dotnet", "msbuild", "sbt", "lein", "mage", "task", "jest", "vitest", "mocha", "eslint", "prettier", "webpack", "vite", "rollup", "tsx", "ts-node", "terraform", "ansible-playbook", "docker-compose"]);

// Editors by the names their packages install (red team 24: Debian's vim is `vim.basic`, `vim.tiny`,
// also reached as `editor` and `sensible-editor`; `editor -es -c '!./f' -c q` ran f): each runs a
// command line given in an argument or read from its input, as RUNS_OTHER_CODE's vim does.
const EDITORS = /^(editor|sensible-editor|select-editor|[gre]?(vim?|view|ex|vimdiff)(\.[A-Za-z0-9]+)?|r?g?vimdiff|[gr]?nvim|nvi|elvis|vis|kak|emacs([-.0-9][A-Za-z0-9.-]*)?|emacsclient(-[A-Za-z0-9.-]+)?)$/;
// pip builds a project it installs, wheels or downloads from source by running its setup.py (or the
// build backend its pyproject.toml names), a file a command before it can write (red team 24: `pip
// wheel --no-build-isolation ./p` ran p/setup.py), as make runs a Makefile.
const PIP = /^(pip[0-9.]*|pipx)$/;

// Builtins that declare, export or unset variables: the parser reads them as declarations only when
// they are the command's first word.
const DECLARATIONS = new Set(["declare", "typeset", "local", "export", "readonly", "unset"]);

/** The variable names a builtin sets (printf -v NAME, read's names and -a NAME, getopts' NAME); a
 *  word only known when it runs is undefined. */
function variablesSet(name: string, words: readonly ShellWord[]): ShellWord[] {
  // printf reads every option and the last -v names the variable (`printf -v a -v NAME d` sets NAME:
  // a fresh red team on red team 27); after a -v, a word only known when it runs may be -vNAME. (As
  // the first word, one is taken for a format: `printf $'a\tb'`; docs/policy.md leaves it open.)
  if (name === "printf") {
    const names: ShellWord[] = [];
    for (let i = 1; i < words.length; i++) {
      const word = words[i];
      if (word === undefined && i === 1) break;
      if (word === undefined) return [undefined];
      if (word === "--" || !word.startsWith("-v")) break;
      names.push(word === "-v" ? words[++i] : word.slice(2));
    }
    return names;
  }
  // getopts takes `--` as the end of its own options (`getopts -- k NAME -k` sets NAME to k: a fresh
  // red team on red team 27); a first word only known when it runs may be that `--`.
  if (name === "getopts") {
    if (words[1] === "--") return words.length > 3 ? [words[3]] : [];
    if (words[1] === undefined) return words.slice(2, 4);
    return words.length > 2 ? [words[2]] : [];
  }
  // `wait -p NAME` sets NAME to a process id, a file name the next command can write (red team 21b:
  // `wait -n -p BASH_ENV` then `bash -c :` sourced it); -p may be glued or in a bundle (`-np`).
  if (name === "wait") {
    const names: ShellWord[] = [];
    for (let i = 1; i < words.length; i++) {
      const word = words[i];
      if (word === undefined) return [undefined];
      if (word === "--" || !/^-[^-]/.test(word)) break;
      const at = word.indexOf("p");
      if (at > 0) names.push(at === word.length - 1 ? words[++i] : word.slice(at + 1));
    }
    return names;
  }
  if (name !== "read") return [];
  const names: ShellWord[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word !== undefined && /^-[^-]/.test(word)) {
      // The first of -a -d -i -n -N -p -t -u takes the rest of the word, or the next word; -a's is a name.
      const letters = word.slice(1);
      const at = [...letters].findIndex((letter) => "adinNptu".includes(letter));
      if (at >= 0) {
        const value = at === letters.length - 1 ? words[++i] : letters.slice(at + 1);
        if (letters[at] === "a") names.push(value);
      }
      continue;
    }
    if (word === "--") continue;
    names.push(word);
  }
  return names;
}

/** Whether `set` or `shopt -o` (or a shell's own options) may turn on bash's keyword option (`set -k`,
 *  `-o keyword`): then a word `BASH_ENV=./f` anywhere in a later command is an assignment to its
 *  environment, which the judge reads as an argument (red team 12: `set -k; bash -c : BASH_ENV=./f`
 *  ran f). An option name only known when it runs counts. */
function keywordMode(name: string, words: readonly ShellWord[], letter = "k", option = "keyword"): boolean {
  if (name === "shopt") {
    // shopt -o takes set's option names as its operands (`shopt -os keyword`).
    if (!words.some((word) => word === undefined || /^-[a-z]*o/.test(word))) return false;
    return words.slice(1).some((word) => word === undefined || word === option);
  }
  if (name !== "set" && !SHELLS.has(name)) return false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === undefined) return true;
    if (word === "--" || !/^[-+]/.test(word)) break;
    if (/^-[^-]/.test(word) && word.includes(letter)) return true;
    // Each `o` of a bundle takes the next word as an option's name (red team 26: `set -euo allexport`,
    // and `set -euo pipefail -a`, whose -a the judge never reached, turned allexport on).
    for (const _ of word.slice(1).matchAll(/o/g)) {
      const named = words[++i];
      if (named === undefined || named === option) return true;
    }
  }
  return false;
}

/** The words a builtin takes as variable names beside those it sets: `unset`'s operands, `test -v` /
 *  `[ -v`'s and `wait -p`'s. bash evaluates such a name's array subscript (red team 11). */
function variablesNamed(name: string, words: readonly ShellWord[]): ShellWord[] {
  if (name === "unset") return words.slice(1).filter((word) => !isOption(word));
  const after = (flag: string): ShellWord[] => words.flatMap((word, index) => (word === flag && index + 1 < words.length ? [words[index + 1]] : []));
  if (name === "test" || name === "[") return [...after("-v"), ...after("-R")];
  if (name === "wait") return after("-p");
  return [];
}

// Absolute command paths into the system's program folders are judged by their basename; any other
// path runs a file the text does not show.
const SYSTEM_BIN = new Set(["/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]);

// Git's own options before the subcommand, which a `git push` prefix must look past (`git -C . push`).
const GIT_VALUE_OPTIONS = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env", "--super-prefix", "--list-cmds"]);
// `git -c` keys that make git run another program or another command (aliases, pager, ssh, hooks, ...).
// Also includes (a file of aliases: include.path, includeIf), pagers per command, an external diff and
// transport protocols such as ext:: (red team 6).
// A name that ends in command or cmd without a dot before it runs one too (red team 9:
// core.alternateRefsCommand ran its command in `git fetch` into a repository with alternates;
// sendemail.sendmailCmd, gpg.ssh.defaultKeyCommand), as do interactive.diffFilter, imap.tunnel, a
// submodule's `!command` update, a tool's program path and init.templateDir's hooks.
const GIT_CODE_CONFIG = /^(alias\.|core\.(pager|sshcommand|editor|hookspath|fsmonitor|askpass|gitproxy)|.*(command|cmd)$|.*\.(program|helper|driver|textconv|clean|smudge|process|external)$|interactive\.difffilter$|imap\.tunnel$|submodule\..*\.update$|init\.templatedir$|sendemail\.smtpserver$|(difftool|mergetool|man|browser)\..*\.path$|sequence\.editor|credential\.|uploadpack\.|receivepack\.|gpg\.|include\.|includeif\.|pager\.|protocol\.|help\.autocorrect$|remote\..*\.(uploadpack|receivepack|vcs)$)/i;

// Keys that make a later `git push` force-update or delete the remote's refs without --force on its
// line: a `+` refspec in remote.NAME.push, remote.NAME.mirror (red team 27; the flags of git push
// that do so count as --force, impliedFlags).
const GIT_PUSH_CONFIG = /^remote\..*\.(push|mirror)$/i;

/** What setting git configuration key `key` (`git -c`, `git config`) makes a later git command do
 *  that a command list cannot judge, or undefined. */
function gitKeyEffect(key: string): string | undefined {
  if (GIT_CODE_CONFIG.test(key)) return "makes git run another program or command";
  if (GIT_PUSH_CONFIG.test(key)) return "makes a later git push force-update or delete the remote's branches";
  return undefined;
}

/** Options of a program (or of a git subcommand) that hand it a command line it runs, through a
 *  later shell where a denied name may be spelt at run time (`x=gi; ${x}t push`, `echo cm0= | base64
 *  -d | sh`) and be in no word (red team 8). */
interface CodeOptions {
  /** Long options, matched with their abbreviations: git's and GNU's parsers accept an unambiguous
   *  prefix (`git rebase --exe` runs `--exec`, measured with git 2.x). */
  long?: readonly string[];
  /** Short option letters, found in a bundle too (`-qx`). */
  short?: string;
  /** Words that are options or operands of their own (`-TT`, `git bisect run`). */
  exact?: readonly string[];
}

// Keyed by git subcommand.
const GIT_SUBCOMMAND_CODE = new Map<string, CodeOptions>(Object.entries({
  rebase: { long: ["exec"], short: "x" },
  // `git clone -u CMD` is --upload-pack; a --template folder's hooks run (post-checkout) as
  // --exec-path's programs do (red team 9, each ran, measured with git 2.39).
  clone: { long: ["upload-pack", "template"], short: "u" },
  init: { long: ["template"] },
  // git-send-email's options that run a command line or a program (its manual; not installed here).
  "send-email": { long: ["sendmail-cmd", "to-cmd", "cc-cmd", "header-cmd", "smtp-server"] },
  difftool: { long: ["extcmd"], short: "x" },
  grep: { long: ["open-files-in-pager"], short: "O" },
  "filter-branch": { long: ["env-filter", "tree-filter", "index-filter", "parent-filter", "msg-filter", "commit-filter", "tag-name-filter"] },
  instaweb: { long: ["httpd", "browser"], short: "db" },
  "web--browse": { long: ["browser", "tool", "config", "cmd"], short: "btc" },
  mergetool: { long: ["tool"], short: "t" },
  bisect: { exact: ["run"] },
  submodule: { exact: ["foreach"] },
  "submodule--helper": { exact: ["foreach"] },
  "bisect--helper": { long: ["bisect-run"], exact: ["run"] },
}));
// Shipped git commands that run their operand as a command: `git remote-ext NAME 'CMD ARGS'` (the
// ext:: transport's helper, called directly: git's protocol.allow does not ask; red team 8).
const GIT_RUNS_OPERAND = new Set(["remote-ext"]);
// Shipped git commands that push, beside send-pack.
const GIT_PUSH_PLUMBING = new Set(["http-push", "remote-http", "remote-https", "remote-fd"]);
// Commands that take an option running a command (--upload-pack, --receive-pack, --exec).
const GIT_TRANSPORT_COMMANDS = new Set(["fetch", "pull", "ls-remote", "push", "archive", "fetch-pack", "send-pack", "clone"]);
// Options any git command may take that run a command (red team 6: ls-remote --upload-pack).
const GIT_CODE_OPTIONS: CodeOptions = { long: ["upload-pack", "receive-pack", "exec"] };
// LLVM's tools load a plugin, a shared object whose constructor runs, with any of these (red team 25).
const LLVM_PLUGIN_OPTIONS: CodeOptions = { exact: ["-load", "--load", "-load-pass-plugin", "--load-pass-plugin", "-pass-plugin", "--pass-plugin"] };
// Programs beside git that run a command line given in an option.
const PROGRAM_CODE = new Map<string, CodeOptions>(Object.entries({
  tar: { long: ["checkpoint-action", "to-command", "use-compress-program", "rsh-command", "info-script", "new-volume-script"], short: "IF" },
  zip: { long: ["unzip-command"], exact: ["-TT"] },
  rsync: { long: ["rsh", "rsync-path"], short: "e" },
  // sort pipes its temporary files through the program it is given (red team 21b:
  // `sort -S 1k --compress-program=sh f` ran f's lines).
  sort: { long: ["compress-program"] },
  // Red team 27: sed runs a command line with its `e` command, and takes its script from a file with
  // -f/--file, whose text no word shows (`printf '1e \\162m x\\n' > s.sed && sed -f s.sed f` ran rm).
  sed: { long: ["file"], short: "f" },
  // Red team 21b: groff's unsafe mode runs `.sy` requests; ssh runs ProxyCommand, LocalCommand ...
  // given with -o or in a -F file (measured: `ssh -o ProxyCommand='sh f' x` ran f), scp and sftp also
  // the program -S (and sftp's -D) names.
  groff: { short: "U" },
  nroff: { short: "U" },
  troff: { short: "U" },
  // Options that load a shared object, whose constructor runs (red team 21b: `openssl req -engine
  // ./e.so` and `openssl list -provider-path . -provider e` ran a planted rm; a -config file can name
  // an engine's dynamic_path), curl's engine, binutils' LTO plugin, ssh's PKCS#11 library.
  openssl: { exact: ["-engine", "--engine", "-keygen_engine", "-provider", "--provider", "-provider-path", "--provider-path", "-config", "--config", "-conf", "--conf"] },
  curl: { long: ["engine"] },
  nm: { long: ["plugin"] },
  ar: { long: ["plugin"] },
  ranlib: { long: ["plugin"] },
  ssh: { short: "oFI" },
  // A lesskey file's #env section sets LESSOPEN, whose preprocessor less runs even into a pipe (red
  // team 24: `less --lesskey-src=./k f | cat` ran it).
  less: { long: ["lesskey-file", "lesskey-src", "lesskey-content"], short: "k" },
  // wget runs its askpass program as it starts, before it connects (red team 24: `wget
  // --use-askpass=./f URL` ran f); -e runs a wgetrc command (`use_askpass = ...`), --config reads a wgetrc.
  wget: { long: ["use-askpass", "execute", "config"], short: "e" },
  // Red team 25: LLVM's tools load a plugin, a shared object whose constructor runs (`opt-14 -load
  // ./p.so` ran one), and `dpkg-architecture -c CMD` runs a command.
  opt: LLVM_PLUGIN_OPTIONS,
  llc: LLVM_PLUGIN_OPTIONS,
  "dpkg-architecture": { long: ["command"], short: "c" },
  // Red team 25: diffutils' sdiff and diff3 run --diff-program, coreutils' `install -s` runs
  // --strip-program (each ran a planted script).
  sdiff: { long: ["diff-program"] },
  diff3: { long: ["diff-program"] },
  install: { long: ["strip-program"] },
  scp: { short: "oFS" },
  sftp: { short: "oFSD" },
}));

/** Whether `word` gives the long option `--name`: in full or by any prefix, with `=VALUE` or not, as
 *  git's and GNU's parsers take it (`git rebase --exe` runs --exec, `env --un X` unsets X; red teams 8
 *  and 9). An empty name (`--=x`) is refused by both as ambiguous (measured: git rebase, git clone,
 *  env), and `--` alone ends the options. */
function givesLongOption(word: ShellWord, name: string): boolean {
  if (word === undefined || !word.startsWith("--")) return false;
  const given = word.slice(2).split("=")[0]!;
  return given.length > 0 && name.startsWith(given);
}

/** The first word that is one of `options` (a word only known when it runs could be one), or -1. */
function codeOptionAt(words: readonly ShellWord[], options: CodeOptions, from = 1): number {
  return words.findIndex((word, index) => {
    if (index < from) return false;
    if (word === undefined) return true;
    if (options.exact?.some((exact) => word === exact || (exact.startsWith("-") && word.startsWith(exact)))) return true;
    // Any prefix, one letter on (red team 9: `git ls-remote --up=CMD`, `git rebase --ex`).
    if (word.startsWith("--")) return (options.long ?? []).some((name) => givesLongOption(word, name));
    return word.startsWith("-") && [...(options.short ?? "")].some((letter) => word.slice(1).includes(letter));
  });
}

// Long spellings of short flags, for the commands deny lists most often name.
const FLAG_ALIASES = new Map<string, Record<string, string>>(Object.entries<Record<string, string>>({
  rm: { "--recursive": "-r", "-R": "-r", "--force": "-f", "--dir": "-d" },
  git: { "--force": "-f", "--delete": "-d", "--all": "-a" },
  chmod: { "--recursive": "-R" },
  chown: { "--recursive": "-R" },
  cp: { "--recursive": "-r", "-R": "-r", "--force": "-f" },
  mv: { "--force": "-f" },
}));

interface Invocation {
  /** Basename of the program, then its arguments. */
  words: ShellWord[];
  openTail: boolean;
  text: string;
  /** Why its words do not fix what it runs, said when a prefix could match it. */
  unfixed?: string;
}

type Unwrapped = { invocations: Invocation[] } | { opaque: string };

const isOption = (word: ShellWord): boolean => word !== undefined && word.startsWith("-") && word !== "-";

function programName(word: ShellWord): { name: string } | { opaque: string } {
  if (word === undefined) return { opaque: "its command name is generated when it runs (an expansion or substitution)" };
  if (!word.includes("/")) return { name: word };
  if (path.isAbsolute(word) && SYSTEM_BIN.has(path.dirname(path.normalize(word)))) return { name: path.basename(word) };
  return { opaque: `it runs the file ${word}, whose contents the command does not show` };
}

/** Why option `words[i]` of env or exec takes a steering variable out of the command's environment,
 *  or undefined; said when the command is a shell or another wrapper. A bash started without PATH gives itself a default one that ends in `.`, so a name
 *  is looked up in the working directory: `env -i bash -c foo`, `env -u PATH bash -c foo`, `exec -c
 *  bash -c foo` ran a planted ./foo (red team 21b). `env -` is `env -i`. */
function clearedEnvironment(wrapper: string, words: readonly ShellWord[], i: number, optionsOver: boolean): string | undefined {
  const word = words[i]!;
  if (optionsOver || (word !== "-" && !isOption(word))) return undefined;
  const clears = `${wrapper} ${word} starts the command without the environment's PATH, and a shell then looks names up in the working directory`;
  if (wrapper === "exec") return !word.startsWith("--") && word.slice(1).split("a")[0]!.includes("c") ? clears : undefined;
  if (wrapper !== "env") return undefined;
  if (word === "-" || givesLongOption(word, "ignore-environment")) return clears;
  let unset: ShellWord | null = null;
  if (givesLongOption(word, "unset")) unset = word.includes("=") ? word.slice(word.indexOf("=") + 1) : (words[i + 1] ?? undefined);
  else if (!word.startsWith("--")) {
    // A bundle: letters before the first that takes a value (u or C) are flags.
    const letters = word.slice(1);
    const at = [...letters].findIndex((letter) => letter === "u" || letter === "C");
    if ((at < 0 ? letters : letters.slice(0, at)).includes("i")) return clears;
    if (at >= 0 && letters[at] === "u") unset = letters.slice(at + 1) || (i + 1 < words.length ? words[i + 1] : "");
  }
  if (unset === undefined || (unset !== null && STEERING_VARIABLES.test(unset))) return `${wrapper} ${word} ${unset ?? "(generated)"} takes a variable that decides what runs out of the command's environment`;
  return undefined;
}

/** The name a wrapper starts its command under, its argv[0] (`exec -a NAME`, also bundled `-ca NAME`
 *  or glued `-aNAME`; env's `-a NAME`/`--argv0=NAME`): null when none is given, undefined when it is
 *  only known when the command runs. Programs may choose what they do by that name: git runs the
 *  builtin a `git-NAME` names, busybox the applet. `own` is the wrapper and its own words. */
function startedAs(wrapper: string, own: readonly ShellWord[]): ShellWord | null {
  if (wrapper !== "exec" && wrapper !== "env" && wrapper !== "ld.so") return null;
  let found: ShellWord | null = null;
  for (let i = 1; i < own.length; i++) {
    const word = own[i];
    if (word === undefined) return undefined;
    if (word === "--") break;
    if ((wrapper === "env" || wrapper === "ld.so") && givesLongOption(word, "argv0")) {
      found = word.includes("=") ? word.slice(word.indexOf("=") + 1) : own[++i];
      continue;
    }
    if (word.startsWith("--") || !word.startsWith("-")) {
      if (wrapper === "env" && (givesLongOption(word, "unset") || givesLongOption(word, "chdir")) && !word.includes("=")) i += 1;
      continue;
    }
    const letters = word.slice(1);
    for (let j = 0; j < letters.length; j++) {
      if (letters[j] === "a") {
        found = letters.slice(j + 1) || own[++i];
        break;
      }
      if (wrapper === "env" && (letters[j] === "u" || letters[j] === "C")) {
        if (j === letters.length - 1) i += 1;
        break;
      }
    }
  }
  return found;
}

/** The words after a wrapper's own options and operands: the command it runs. */
function afterWrapper(words: ShellWord[], spec: Wrapper, wrapper: string, unknown?: number[], valued?: ReadonlySet<number>): ShellWord[] | { opaque: string } {
  // setarch takes its options after the architecture too, and the architecture may be left out when
  // an option comes first (util-linux: `setarch linux64 -R sh -c ...` and `setarch -R sh -c ...` ran
  // the -c line; red team 10 — both were read as the command -R or -c). Its options are all flags.
  if (wrapper === "setarch") {
    let j = 1;
    if (j < words.length && words[j] !== undefined && !words[j]!.startsWith("-")) j += 1;
    for (; j < words.length; j++) {
      const word = words[j];
      if (word === undefined) return { opaque: `${wrapper} is given an argument only known when it runs` };
      if (word === "--") return words.slice(j + 1);
      if (!word.startsWith("-") || word === "-") break;
    }
    return words.slice(j);
  }
  let i = 1;
  let optionsOver = false;
  let cleared: string | undefined;
  while (i < words.length) {
    const word = words[i];
    if (word === undefined) return { opaque: `${wrapper} is given an argument only known when it runs` };
    if (word === "--" && !optionsOver) {
      i += 1;
      // env takes NAME=VALUE after `--` too (`env -- A=1 printenv A` prints 1; red team 9).
      if (wrapper !== "env") break;
      optionsOver = true;
      continue;
    }
    // env takes any word with a `=` before the command as an assignment, `A.B=1` too (red team 9:
    // `env A.B=1 GIT_SSH_COMMAND=... git fetch` was read as the command `A.B=1`; it ran the ssh command).
    if (wrapper === "env" && word.includes("=") && (optionsOver || !word.startsWith("-"))) {
      // As a shell assignment would (shell-parse.ts): `env GIT_SSH_COMMAND=... git fetch`, `env
      // PATH=. git status` run code the words after it do not show (red team 8).
      const variable = word.slice(0, word.indexOf("="));
      if (STEERING_VARIABLES.test(variable)) return { opaque: `env ${variable}=... changes what the command after it runs` };
      // Only a variable known to name no program (red team 25: `env GROFF_BIN_PATH=d man ./x.1`).
      const exported = exportHazard(variable);
      if (exported) return { opaque: `env ${exported}` };
      i += 1;
      continue;
    }
    // bash's `time` is a keyword before a pipeline, whose first command may start with assignments:
    // `time x=1 ./f` runs ./f, `time PATH=. ls` a planted ./ls (red team 24, found by a fuzzer: the
    // grammar gives `time` as a command with the words `x=1` and `./f`).
    if (wrapper === "time" && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(word)) {
      const variable = word.slice(0, word.indexOf("=")).replace(/\+$/, "");
      if (STEERING_VARIABLES.test(variable)) return { opaque: `time ${variable}=... changes what the command after it runs` };
      const exported = exportHazard(variable);
      if (exported) return { opaque: `time ${exported}` };
      if (evaluatesSubscript(variable)) return { opaque: `time ${variable}=... has an array subscript bash evaluates` };
      i += 1;
      continue;
    }
    cleared ??= clearedEnvironment(wrapper, words, i, optionsOver);
    if (wrapper === "env" && word === "-" && !optionsOver) {
      i += 1;
      continue;
    }
    if (optionsOver || !isOption(word)) break;
    const flag = word.split("=")[0]!;
    // GNU's getopt_long takes any unambiguous prefix of a long option (`env --un X`, `xargs --arg-f
    // F`, `env --spl '...'`): each was read as the command before (red team 8).
    const names = (option: string): boolean => flag === option || (option.startsWith("--") && givesLongOption(flag, option.slice(2)));
    if (spec.envOptions) {
      // The value: glued (`-EX=1`, `--env=X=1`, a bundle's rest after the letter) or the next word.
      let value: ShellWord | null = null;
      if (flag.startsWith("--")) {
        if (spec.envOptions.some((option) => option.startsWith("--") && givesLongOption(flag, option.slice(2)))) value = word.includes("=") ? word.slice(word.indexOf("=") + 1) : words[i + 1];
      } else {
        const at = [...word.slice(1)].findIndex((letter) => spec.envOptions!.includes(`-${letter}`));
        if (at >= 0) value = word.slice(at + 2) || words[i + 1];
      }
      if (value === undefined) return { opaque: `${wrapper} ${word} sets a variable of the command's environment named only when it runs` };
      if (value !== null) {
        const variable = value.includes("=") ? value.slice(0, value.indexOf("=")) : value;
        const hazard = value.includes("=") ? exportHazard(variable) : STEERING_VARIABLES.test(variable) ? `${variable} taken away changes what the command runs` : undefined;
        if (hazard) return { opaque: `${wrapper} ${word}: ${hazard}` };
      }
    }
    if (spec.codeOptions?.some((option) => names(option) || (!flag.startsWith("--") && option.length === 2 && flag.slice(1).includes(option[1]!)))) {
      return { opaque: `${wrapper} ${word} runs a code string or a shell` };
    }
    // A bundle of short options (`env -iu X`, `xargs -0a F`): the first letter that takes a value
    // takes the rest of the word, or the next word when it ends the bundle (red team 8).
    const shortValue = !flag.startsWith("--") && [...flag.slice(1)].findIndex((letter) => spec.valueOptions?.includes(`-${letter}`)) === flag.length - 2;
    // A long option is the one it spells in full, else every one it is a prefix of: one that may be a
    // flag or take a value (`strace --summary`, also a prefix of --summary-columns) is unknown.
    const exactValue = Boolean(spec.valueOptions?.includes(flag));
    const exactFlag = Boolean(spec.flags?.includes(flag));
    const longValue = flag.startsWith("--") && (exactValue || (!exactFlag && Boolean(spec.valueOptions?.some(names)) && !spec.flags?.some(names)));
    const takesValue = (longValue || shortValue) && !word.includes("=");
    // Red team 26: an option known neither as a flag nor as taking a value may take the next word
    // (`strace -U calls CMD`, `msgfilter --style s.css CMD`): the caller reads it both ways.
    // A bundle is known up to its first letter that takes a value (the rest of the word is that value).
    const bundleKnown = (): boolean => {
      for (const letter of flag.slice(1)) {
        if (spec.valueOptions?.includes(`-${letter}`)) return true;
        if (!spec.flags?.includes(`-${letter}`)) return false;
      }
      return true;
    };
    const knownFlag = flag.startsWith("--") ? exactFlag || (!exactValue && spec.flags?.some(names) && !spec.valueOptions?.some(names)) : bundleKnown();
    const unknownOption = !takesValue && !word.includes("=") && !knownFlag;
    if (unknownOption) unknown?.push(i);
    i += takesValue || (unknownOption && valued?.has(i)) ? 2 : 1;
  }
  // Without PATH a shell (bash, or sh when it is bash) looks names up in the working directory;
  // glibc's and git's defaults do not, so `env -i git status` stays judged as git.
  const inner = words[i] === undefined ? undefined : path.basename(words[i]!);
  if (cleared && i < words.length && (inner === undefined || SHELLS.has(inner) || WRAPPERS.has(inner))) return { opaque: cleared };
  i += spec.operands ?? 0;
  if (spec.codeAfterOperands && i < words.length && (words[i] === undefined || spec.codeAfterOperands.includes(words[i]!))) {
    return { opaque: `${wrapper} ${words[i] ?? "(generated)"} runs a code string` };
  }
  return words.slice(i);
}

/** A word that holds a command substitution as text (quoted): bash may run it later (test -v
 *  'a[$(rm x)]', printf -v, read, let; red team 5, issue 27), so the command is not judged. */
function heldSubstitution(words: readonly ShellWord[]): { opaque: string } | undefined {
  const held = words.find((word) => word !== undefined && holdsSubstitution(word));
  return held === undefined ? undefined : { opaque: `${JSON.stringify(held.slice(0, 40))} holds a command substitution bash may run later` };
}

const COMPILERS = /^([A-Za-z0-9_]+-)*(gcc|g\+\+|cc|c\+\+|cpp|clang|clang\+\+|c89|c99)(-[0-9.]+)?$/;
const LINKERS = /^([A-Za-z0-9_]+-)*(ld|ld\.bfd|ld\.gold|ld\.lld|lld|gold|mold)$/;

// `git config` options that read or remove keys, and those that take a value of their own.
const GIT_CONFIG_READS = /^(--get(-all|-regexp|-urlmatch|-color|-colorbool)?|-l|--list|--unset(-all)?|--remove-section|--show-origin|--show-scope|--name-only|-z|--null)$/;
const GIT_CONFIG_VALUES = new Set(["-f", "--file", "--blob", "--type", "--default", "--comment", "--value", "--url"]);

/** Why `git ... config ...` (its words, git's own options included) writes a key that makes git run a
 *  program or command, or undefined: the keys `git -c` is declined for, written to a file the next
 *  git command reads (red team 21b: `git config alias.x '!sh f' && git x`, `diff.external`,
 *  `core.hooksPath`, each ran a planted rm). `--edit` opens an editor on the file; `--rename-section`
 *  could give any section a name that runs code. */
function gitConfigWrite(words: readonly ShellWord[]): string | undefined {
  let i = 1;
  for (; i < words.length && words[i] !== "config"; i++) if (GIT_VALUE_OPTIONS.has(words[i] ?? "") && !(words[i] ?? "").includes("=")) i += 1;
  const keys: ShellWord[] = [];
  let reads = false;
  for (i += 1; i < words.length; i++) {
    const word = words[i];
    if (word === undefined) return "git config is given a word only known when it runs";
    if (word === "-e" || givesLongOption(word, "edit") || word === "edit") return "git config --edit runs an editor on a configuration file";
    if (givesLongOption(word, "rename-section")) return "git config --rename-section can give a section a name that runs code";
    if (GIT_CONFIG_READS.test(word)) reads = true;
    else if (GIT_CONFIG_VALUES.has(word)) i += 1;
    else if (!word.startsWith("-") || word === "-") {
      if (keys.length === 0 && ["get", "list"].includes(word)) reads = true;
      else if (keys.length === 0 && ["set", "unset", "rename-section", "remove-section"].includes(word)) {
        if (word === "rename-section") return "git config rename-section can give a section a name that runs code";
        if (word !== "set") reads = true;
      } else keys.push(word);
    }
  }
  if (reads) return undefined;
  const key = keys[0];
  const effect = key !== undefined && keys.length > 1 ? gitKeyEffect(key) : undefined;
  return effect ? `git config ${key} writes a key that ${effect}` : undefined;
}

let shipped: Promise<ReadonlySet<string>> | undefined;

/** The commands installed git ships (`git --list-cmds=main`: its builtins and its exec-path's
 *  programs; aliases cannot shadow them), asked once per process. Empty when git cannot say, so that
 *  every git subcommand is then judged as unknown. This process's PATH, not the system's: the list
 *  should be that of the git a run starts (this PATH is the nearest we know without starting the
 *  run's shell), since a git that ships fewer commands runs an alias where another runs a builtin.
 *  Running a git a run could have planted is excluded by the gate's order: a run whose PATH (or this
 *  process's) names a folder in a run's reach is refused before any command is judged (test/safety/template-builder-path.test.ts shows that refusal). */
function shippedGitCommands(): Promise<ReadonlySet<string>> {
  shipped ??= runCommand("git", ["--list-cmds=main"], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeoutMs: 10_000 })
    .then((result) => new Set(result.code === 0 ? result.stdout.split("\n").map((line) => line.trim()).filter(Boolean) : []))
    .catch(() => new Set<string>());
  return shipped;
}

// find's tests and actions that take the next word as their value (GNU findutils), and its options
// before the start points (-D debugopts, -O level).
const FIND_VALUE_TESTS = new Set(["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-lname", "-ilname", "-type", "-xtype", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-used", "-newer", "-anewer", "-cnewer", "-perm", "-user", "-group", "-uid", "-gid", "-links", "-inum", "-samefile", "-maxdepth", "-mindepth", "-fstype", "-printf", "-fprint", "-fprint0", "-fls", "-context", "-regextype", "-files0-from", "-D", "-O"]);

/** `find ... -exec CMD {} ;` and its kin: each command find would run, with `{}` open. */
function findCommands(words: ShellWord[], text: string): Invocation[] {
  const out: Invocation[] = [];
  for (let i = 1; i < words.length; i++) {
    if (!["-exec", "-execdir", "-ok", "-okdir"].includes(words[i] ?? "")) continue;
    const inner: ShellWord[] = [];
    let j = i + 1;
    for (; j < words.length && words[j] !== ";" && words[j] !== "+"; j++) inner.push(words[j] === "{}" ? undefined : words[j]);
    out.push({ words: inner, openTail: false, text });
    i = j;
  }
  return out;
}

/** The commands a simple command runs, wrappers and shells unwrapped; opaque when its text does not fix them. */
async function unwrap(words: ShellWord[], text: string, depth = 0, openTail = false): Promise<Unwrapped> {
  if (depth > 8) return { opaque: "commands nested too deeply to judge" };
  if (words.length === 0) return { invocations: [] };
  const program = programName(words[0]);
  if ("opaque" in program) return program;
  const name = program.name;
  // git runs the builtin a `git-NAME` argv[0] names (git.c), as `git NAME` (red team 24).
  const dashed = /^git-([a-z][a-z0-9-]*)$/.exec(name);
  if (dashed) return unwrap(["git", dashed[1], ...words.slice(1)], text, depth + 1, openTail);
  const other = otherName(name);
  if (other !== undefined) {
    const unwrapped = await unwrap([other, ...words.slice(1)], text, depth + 1, openTail);
    if ("opaque" in unwrapped) return unwrapped;
    return { invocations: [{ words: [name, ...words.slice(1)], openTail, text }, ...unwrapped.invocations] };
  }
  const rest = [name, ...words.slice(1)];
  // Under xargs (openTail), the words it reads follow: only a program they cannot make run code.
  if (openTail && !WRAPPERS.has(name) && !XARGS_SAFE.has(name)) return { opaque: `${name} is given words xargs reads when it runs, which may make it run a command` };
  // A shell's own script is parsed and judged instead (shellInvocation); a wrapper's inner command is
  // checked as it is unwrapped.
  const wrapper = WRAPPERS.get(name);
  if (wrapper) {
    const unknown: number[] = [];
    const inner = afterWrapper(rest, wrapper, name, unknown);
    if (!Array.isArray(inner)) return inner;
    // Red team 26: each option the judge does not know may take the next word as its value, which
    // moves where the command starts (`strace -c -U calls /usr/bin/r? f` runs rm, read as `calls`):
    // every such reading is judged too, and too many to read each are declined.
    if (unknown.length > 4) return { opaque: `${name} is given options the judge does not know, which may take the words after them` };
    const readings: ShellWord[][] = [];
    for (let mask = 1; mask < 1 << unknown.length; mask++) {
      const reading = afterWrapper(rest, wrapper, name, undefined, new Set(unknown.filter((_, bit) => mask & (1 << bit))));
      if (!Array.isArray(reading)) return reading;
      if (reading.length === 0 && openTail) return { opaque: `${name} may run a command that xargs reads when it runs` };
      if (reading.length > 0 && reading.length !== inner.length) readings.push(reading);
    }
    const extra: Invocation[] = [];
    for (const reading of readings) {
      const replaced = name === "xargs" ? xargsReplaceString(rest.slice(0, rest.length - reading.length)) : undefined;
      const words = replaced === undefined ? reading : reading.map((word) => (word === undefined || (replaced === "" ? true : word.includes(replaced)) ? undefined : word));
      const judged = await unwrap(words, text, depth + 1, openTail || Boolean(wrapper.openTail));
      if ("opaque" in judged) return judged;
      extra.push(...judged.invocations);
    }
    const own = heldSubstitution(rest.slice(0, rest.length - inner.length));
    if (own) return own;
    // Under xargs, a wrapper given no command of its own runs the one xargs reads at run time (red
    // team 14: `xargs -a f env`, `xargs -d '\n' nice < f` ran `rm y` from f, judged as `env`).
    // Another xargs given none runs them too (red team 15: `xargs -a f xargs`).
    if (inner.length === 0 && openTail) return { opaque: `${name} runs a command that xargs reads when it runs` };
    if (inner.length === 0) return { invocations: [{ words: rest, openTail: false, text }, ...extra] };
    // xargs -I STR puts what it reads in place of STR in any word, a wrapper's too (red team 15:
    // `xargs -I{} sh -c '{}'` ran a line it read): such a word is only known when it runs.
    const replace = name === "xargs" ? xargsReplaceString(rest.slice(0, rest.length - inner.length)) : undefined;
    const completed = replace === undefined ? inner : inner.map((word) => (word === undefined || (replace === "" ? true : word.includes(replace)) ? undefined : word));
    // A command started under another name is judged under that name too (red team 24: `exec -a
    // git-push git status HEAD:main` pushed to a remote named status; busybox runs the applet its
    // name names).
    const argv0 = startedAs(name, rest.slice(0, rest.length - inner.length));
    if (argv0 === undefined) return { opaque: `${name} starts its command under a name only known when it runs, which may decide what it does` };
    const unwrapped = await unwrap(completed, text, depth + 1, openTail || Boolean(wrapper.openTail));
    if ("opaque" in unwrapped) return unwrapped;
    unwrapped.invocations.push(...extra);
    if (argv0 !== null && path.basename(argv0) !== "") {
      const renamed = await unwrap([path.basename(argv0), ...completed.slice(1)], text, depth + 1, openTail || Boolean(wrapper.openTail));
      if ("opaque" in renamed) return renamed;
      unwrapped.invocations.push(...renamed.invocations);
    }
    if (!wrapper.openTail) return unwrapped;
    return { invocations: unwrapped.invocations.map((invocation) => ({ ...invocation, openTail: true })) };
  }
  if (name === "find") {
    const invocations: Invocation[] = [{ words: rest, openTail: false, text }];
    // find's own -delete removes what it matches, as `rm` would (red team, issue 27: it got past a
    // deny list of `rm` on exec, unnamed): judged as an `rm` of names known only when it runs.
    if (rest.includes("-delete")) invocations.push({ words: ["rm"], openTail: true, text });
    // A word only known when it runs may be `-delete`, or `-exec` with the words after it the command
    // (red team 24: `find . -name x $(printf %s -delete)` removed x, `find . $(echo -exec) sh f \;` ran
    // f); a start point too, since find takes a word starting with `-` for its expression. The value
    // of a test that takes one (`-name "$x"`) is only that.
    for (let i = 1; i < rest.length; i++) {
      if (rest[i] !== undefined || FIND_VALUE_TESTS.has(rest[i - 1] ?? "") || /^-newer[a-zBcmt]{2}$/.test(rest[i - 1] ?? "") || rest[i - 2] === "-fprintf") continue;
      invocations.push({ words: ["rm"], openTail: true, text, unfixed: "find is given a word only known when it runs, which may be -delete" });
      const after = rest.slice(i + 1);
      if (after.length > 0) {
        const unwrapped = await unwrap(after, text, depth + 1);
        if ("opaque" in unwrapped) return { opaque: `find is given a word only known when it runs, which may be -exec, and ${unwrapped.opaque}` };
        invocations.push(...unwrapped.invocations);
      }
      break;
    }
    for (const inner of findCommands(rest, text)) {
      const unwrapped = await unwrap(inner.words, text, depth + 1);
      if ("opaque" in unwrapped) return unwrapped;
      invocations.push(...unwrapped.invocations);
    }
    return { invocations };
  }
  if (SHELLS.has(name)) return shellInvocation(rest, text, depth);
  const held = heldSubstitution(rest);
  if (held) return held;
  // A declaration builtin reached through `builtin` or `command` is a plain command to the parser,
  // whose declaration rules (shell-parse.ts) never saw it: `builtin export BASH_ENV=./f; bash -c :`
  // ran f (red team 21b). Its words, quoted back into a declaration, are judged by the same rules.
  if (DECLARATIONS.has(name)) {
    if (rest.includes(undefined)) return { opaque: `${name} is given a word only known when it runs` };
    const parsed = await parseShell(rest.map((word, index) => (index === 0 ? word! : `'${word!.replace(/'/g, "'\\''")}'`)).join(" "));
    const hazard = parsed.unreadable[0] ?? parsed.hazards[0];
    if (hazard) return { opaque: hazard };
  }
  if (INTERPRETERS.test(name)) return { opaque: `${name} is an interpreter: the code it runs is not judged as commands` };
  if (RUNS_OTHER_CODE.has(name) || EDITORS.test(name) || PIP.test(name)) return { opaque: `${name} runs code kept elsewhere (a string, a file, a script of the project)` };
  // A shell or an interpreter named among another program's words (`valgrind sh f`, `numactl -C 0
  // bash f`, `start-stop-daemon --exec /bin/sh -- f`): many programs run the rest of their line, and
  // no list of them is complete (red team 21b: valgrind and capsh ran a planted rm so). Declined
  // unless the program is one no words make run a command, or one that only names programs.
  if (!XARGS_SAFE.has(name) && !NAMES_PROGRAMS.has(name)) {
    const at = rest.findIndex((word, index) => index > 0 && word !== undefined && [word, word.slice(word.indexOf("=") + 1)].some((each) => { const base = path.basename(each); return SHELLS.has(base) || SHELLS.has(otherName(base) ?? "") || INTERPRETERS.test(base); }));
    if (at > 0) return { opaque: `${name} is given ${JSON.stringify(rest[at]!.slice(0, 40))}, a shell or interpreter it may run` };
  }
  // Builtins that set a variable named by a word, as an assignment would (red team 10: `printf -v
  // GIT_SSH_COMMAND '...'; export GIT_SSH_COMMAND; git fetch ...` and `read`, `getopts` ran the ssh
  // command): a steering name among their words, or a word only known when it runs, is declined.
  if (keywordMode(name, rest)) return { opaque: `${name} turns on bash's keyword option: every NAME=value among a command's words becomes an assignment (BASH_ENV=..., PATH=...)` };
  // With allexport every assignment is in the environment of the programs after it (red team 25).
  if (keywordMode(name, rest, "a", "allexport")) return { opaque: `${name} turns on bash's allexport option: every variable assigned after it is given to the programs it runs` };
  const setsNames = variablesSet(name, rest);
  const steered = setsNames.find((word) => word !== undefined && assignmentHazard(word) !== undefined);
  if (steered !== undefined || setsNames.includes(undefined)) return { opaque: steered !== undefined ? `${name} sets ${steered}: ${assignmentHazard(steered)}` : `${name} sets a variable named at run time, which may change what the commands after it run` };
  // A name whose array subscript bash evaluates (`printf -v 'a[x]'`, `test -v "$x"`): a name in it is
  // replaced by its value, and a subscript in that value runs its command substitution (red team 11).
  const evaluated = [...setsNames, ...variablesNamed(name, rest)].find((word) => word === undefined || evaluatesSubscript(word));
  if (evaluated !== undefined || variablesNamed(name, rest).includes(undefined)) {
    return { opaque: `${name} is given the name ${evaluated === undefined ? "(only known when it runs)" : JSON.stringify(evaluated.slice(0, 40))}, whose array subscript bash evaluates` };
  }
  const programCode = PROGRAM_CODE.get(name);
  if (programCode) {
    // tar's old-style first word bundles its letters without a dash (`tar xIf prog a.tar`).
    const bundle = name === "tar" && rest[1] !== undefined && !rest[1].startsWith("-") ? `-${rest[1]}` : rest[1];
    const codeAt = codeOptionAt([name, bundle, ...rest.slice(2)], programCode);
    if (codeAt > 0) return { opaque: `${name} ${rest[codeAt] ?? "(generated)"} runs a command line it is given` };
  }
  // A compiler driver runs the programs its options name (red team 21b: `gcc -wrapper sh,f -c x.c`
  // ran f), takes programs from a -B folder, specs that say what to run, plugins, and options from an
  // @file; a linker loads plugins. A word only known when it runs could be one of them.
  if (COMPILERS.test(name) || LINKERS.test(name)) {
    const at = rest.findIndex((word, index) => index > 0 && (word === undefined || word.startsWith("@") || /^(-wrapper|-B|--?specs|-fplugin|--?plugin|--ld-path)/.test(word) || (/^-fuse-ld=/.test(word) && word.includes("/")) || (/^(-Wl,|-Xlinker)/.test(word) && /plugin|@/.test(word))));
    if (at > 0) return { opaque: `${name} ${rest[at] ?? "(generated)"} runs or loads a program it is given` };
  }
  if (name === "git") {
    // `-c KEY=VALUE` and `--config-env=KEY=VAR` (red team 5: an alias through --config-env) first: a
    // key that runs code applies to whatever subcommand follows, one judged as `git push` or unknown
    // included (`git -c core.sshCommand=... send-pack` was accepted when those returned first).
    // `git clone` sets keys too, with its own parser: `--config KEY=V`, an abbreviation (`--conf=`),
    // `-cKEY=V` glued or in a bundle (`-qcKEY=V`); each ran core.sshCommand (red team 9).
    const clone = operands("git", rest)[0] === "clone";
    for (let i = 1; i < rest.length; i++) {
      const word = rest[i];
      const next = i + 1 < rest.length ? (rest[i + 1] ?? null) : "";
      let key: string | null = word === "-c" || word === "--config-env" ? next : word?.startsWith("--config-env=") ? word.slice("--config-env=".length) : "";
      if (clone && word !== undefined && givesLongOption(word, "config")) key = word.includes("=") ? word.slice(word.indexOf("=") + 1) : next;
      else if (clone && word !== undefined && /^-[^-]*c/.test(word)) key = word.slice(word.indexOf("c") + 1) || next;
      const effect = key === null ? "can make git run another program or command" : key ? gitKeyEffect(key.split("=")[0]!) : undefined;
      if (effect) return { opaque: `git ${word ?? ""} ${key ?? "(generated)"} ${effect}` };
    }
    // Options that hand git a command to run (red team 6: --upload-pack='...' on ls-remote).
    const commandOption = codeOptionAt(rest.map((word) => word ?? ""), GIT_CODE_OPTIONS);
    if (commandOption > 0) return { opaque: `git ${rest[commandOption]!.split("=")[0]} runs a command it is given` };
    // `git --exec-path=DIR` runs DIR's git-NAME for any subcommand git does not build in (subtree,
    // filter-branch ...): a folder the line names, whose files it does not show (red team 8).
    if (rest.some((word, index) => word !== undefined && (word.startsWith("--exec-path=") || (word === "--exec-path" && index + 1 < rest.length)))) {
      return { opaque: "git --exec-path runs git's programs from the folder it is given" };
    }
    const sub = operands("git", rest);
    // `git remote add --mirror=push NAME URL` and `git clone --mirror` write remote.NAME.mirror (red team 27).
    if ((sub[0] === "remote" || sub[0] === "clone") && rest.some((word) => word === undefined || givesLongOption(word, "mirror"))) return { opaque: `git ${sub[0]} --mirror makes a later git push force-update or delete the remote's branches` };
    const subcommand = sub[0];
    // A word only known when it runs where git's options or subcommand go may be `-c`,
    // `--config-env=KEY=VAR` or `--exec-path=DIR` (red team 24: `git $(echo -c) alias.q='!sh f' q` ran
    // f); given to a command that takes `--upload-pack`, `--receive-pack` or `--exec`, it may be one
    // (`x=--upload-pack=./f; git ls-remote $x .` ran f).
    if (sub.length > 0 && subcommand === undefined) return { opaque: "git is given a word only known when it runs where its own options or its subcommand go (-c, --config-env, --exec-path run code)" };
    if (GIT_TRANSPORT_COMMANDS.has(String(subcommand)) && rest.includes(undefined)) return { opaque: `git ${subcommand} is given a word only known when it runs, which may be --upload-pack, --receive-pack or --exec` };
    if (subcommand === "config") {
      const written = gitConfigWrite(rest);
      if (written) return { opaque: written };
    }
    if (GIT_RUNS_OPERAND.has(String(subcommand))) return { opaque: `git ${subcommand} runs the command it is given` };
    // A word only known when it runs could be one of those options, so it is declined with them.
    const codeRule = GIT_SUBCOMMAND_CODE.get(String(subcommand));
    const codeAt = codeRule ? codeOptionAt(rest, codeRule) : -1;
    if (codeAt > 0) return { opaque: `git ${subcommand} ${rest[codeAt] ?? "(generated)"} runs a command line it is given` };
    // `git send-pack` is the plumbing under `git push`: judged as one.
    // `git subtree push` runs `git push` itself (red team 7).
    if (subcommand === "subtree" && sub.includes("push")) return { invocations: [{ words: rest, openTail: false, text }, { words: ["git", "push"], openTail: true, text }] };
    // `git http-push` pushes over WebDAV, and a transport's helper called directly pushes what its
    // input's `push` lines say (gitremote-helpers(7)): judged as `git push` too (red team 9).
    if (subcommand === "send-pack" || GIT_PUSH_PLUMBING.has(String(subcommand))) return { invocations: [{ words: rest, openTail: false, text }, { words: ["git", "push"], openTail: true, text }] };
    // `git for-each-repo --config=KEY ARGS` runs `git -C REPO ARGS` for each REPO the key lists:
    // `git -c x.r=. for-each-repo --config=x.r push o main` pushed (red team 9, measured).
    if (subcommand === "for-each-repo") {
      let j = rest.indexOf("for-each-repo") + 1;
      for (; j < rest.length; j++) {
        const word = rest[j];
        if (word === undefined) return { opaque: "git for-each-repo is given an argument only known when it runs" };
        if (word === "--") {
          j += 1;
          break;
        }
        if (!word.startsWith("-")) break;
        if (givesLongOption(word, "config") && !word.includes("=")) j += 1;
      }
      const inner = await unwrap(["git", ...rest.slice(j)], text, depth + 1);
      if ("opaque" in inner) return inner;
      return { invocations: [{ words: rest, openTail: false, text }, ...inner.invocations] };
    }
    // A subcommand git does not ship is resolved when it runs: an alias in any of git's configuration
    // files (the user's ~/.gitconfig, the repository's), the command help.autocorrect guesses for a
    // misspelling (`git psuh` runs `push`), or a git-NAME program on PATH. Any git command may follow.
    if (typeof subcommand === "string" && !(await shippedGitCommands()).has(subcommand)) {
      const unfixed = `git ${subcommand} is no command git ships: an alias, a guess of help.autocorrect or a git-${subcommand} program decides what it runs`;
      return { invocations: [{ words: rest, openTail: false, text }, { words: ["git"], openTail: true, text, unfixed }] };
    }
  }
  return { invocations: [{ words: rest, openTail: false, text }] };
}

async function shellInvocation(words: ShellWord[], text: string, depth: number): Promise<Unwrapped> {
  if (!BASH_GRAMMAR.has(words[0] ?? "")) return { opaque: `${words[0]} is a shell whose language is not bash's: what it runs is not judged` };
  if (keywordMode(words[0] ?? "sh", words)) return { opaque: `${words[0]} runs with bash's keyword option: every NAME=value among a command's words becomes an assignment` };
  if (keywordMode(words[0] ?? "sh", words, "a", "allexport")) return { opaque: `${words[0]} runs with bash's allexport option: every variable assigned is given to the programs it runs` };
  let i = 1;
  let code = false;
  for (; i < words.length; i++) {
    const word = words[i];
    if (word === undefined) return { opaque: `${words[0]} is given an argument only known when it runs` };
    if (word === "--") {
      i += 1;
      break;
    }
    if (!/^[-+]/.test(word) || word === "-" || word === "+") break;
    if (word === "-o" || word === "+o" || word === "-O" || word === "+O") i += 1;
    else if (!word.startsWith("--") && word.includes("c")) code = true;
  }
  if (!code) return { opaque: `${words[0]} runs ${i < words.length ? `the script file ${words[i] ?? "(generated)"}` : "commands read from its input"}` };
  const script = words[i];
  if (script === undefined) return { opaque: `${words[0]} -c runs a code string only known when it runs` };
  // The script's own arguments ($0, $1 ...) may be evaluated by it: judged as words are.
  const held = heldSubstitution(words.filter((_, index) => index !== i));
  if (held) return held;
  // sh, dash and ash are not bash: bash's own syntax is read otherwise there (red team 25).
  const parsed = await parseShell(script, { posix: !["bash", "rbash"].includes(words[0] ?? "") });
  if (parsed.unreadable.length > 0) return { opaque: `${words[0]} -c: ${parsed.unreadable[0]}` };
  if (parsed.hazards.length > 0) return { opaque: `${words[0]} -c: ${parsed.hazards[0]}` };
  const invocations: Invocation[] = [];
  for (const command of parsed.commands) {
    const unwrapped = await unwrap(command.words, command.text, depth + 1);
    if ("opaque" in unwrapped) return unwrapped;
    invocations.push(...unwrapped.invocations);
  }
  return { invocations };
}

/** Flags as single letters where the command spells them so: `-rf` is `-r` and `-f`. */
function flagSet(name: string, words: ShellWord[]): Set<string> {
  const aliases = FLAG_ALIASES.get(name) ?? {};
  const out = new Set<string>();
  for (const word of words) {
    if (!isOption(word)) continue;
    const flag = word!.split("=")[0]!;
    if (flag.startsWith("--")) {
      out.add(aliases[flag] ?? flag);
      // GNU's and git's parsers take any unambiguous prefix of a long option (red team 25: `rm --r -f
      // d` removed d with deny ["rm -rf"]): a prefix of an aliased option counts as it (when it is a
      // prefix of several, as each of them: a deny list then declines more, never less).
      for (const [long, short] of Object.entries(aliases)) if (long.startsWith("--") && givesLongOption(flag, long.slice(2))) out.add(short);
    } else for (const letter of flag.slice(1)) out.add(aliases[`-${letter}`] ?? `-${letter}`);
  }
  return out;
}

/** The arguments that are not options: for git, after its own options (`git -C . push` is `git push`). */
function operands(name: string, words: ShellWord[]): ShellWord[] {
  const out: ShellWord[] = [];
  let optionsOver = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (!optionsOver && word === "--") {
      optionsOver = true;
      continue;
    }
    if (!optionsOver && isOption(word)) {
      if (name === "git" && out.length === 0 && GIT_VALUE_OPTIONS.has(word!) && !word!.includes("=")) i += 1;
      continue;
    }
    out.push(word);
  }
  return out;
}

/** Flags an invocation has in effect though it does not spell them (red team 27; a deny prefix names
 *  effects through its flags): rm and mv ask before removing or overwriting a write-protected file
 *  only on a terminal, and Codex gives a command none, so `rm -r d` removes what `rm -rf d` does and
 *  `mv a b` overwrites as `mv -f a b`; git push force-updates a ref for a `+` refspec, and with
 *  --force-with-lease (under a lease) and --mirror (which also deletes the remote's other refs), as
 *  with --force. `operandWords`: operands(name, words). Only ever added: a deny list then declines
 *  more, never less. */
function impliedFlags(name: string, words: ShellWord[], operandWords: ShellWord[]): string[] {
  if (name === "rm" || name === "mv") return ["-f"];
  if (name !== "git") return [];
  const [subcommand, ...rest] = operandWords;
  if (subcommand !== "push") return [];
  // The words after the subcommand, not after the first word spelt `push` (`git -C push push r`).
  let at = 1;
  while (at < words.length && words[at] !== "--" && isOption(words[at])) at += GIT_VALUE_OPTIONS.has(words[at]!) && !words[at]!.includes("=") ? 2 : 1;
  if (words[at] === "--") at += 1;
  const after = words.slice(at + 1);
  const forcing = rest.some((word) => word === undefined || word.startsWith("+")) || after.some((word) => word !== undefined && ["force-with-lease", "mirror"].some((long) => givesLongOption(word, long)));
  return forcing || pushFromConfiguration(after) ? ["-f"] : [];
}

// git push's options that take the next word as their value (`-o VALUE` too).
const PUSH_VALUE_OPTIONS = ["push-option", "repo", "receive-pack", "exec"];

/** Whether a git push (its words after `push`) names no refspec, nor --all, --branches or --tags: it
 *  then takes its refspecs from remote.NAME.push, where a `+` forces, and remote.NAME.mirror makes it
 *  a mirror push, so what it forces is in a file the line (`printf … >> .git/config`) or the user may
 *  have written (a fresh red team on red team 27: both forced a push end to end on app-server). */
function pushFromConfiguration(after: readonly ShellWord[]): boolean {
  let positional = 0;
  for (let i = 0; i < after.length; i++) {
    const word = after[i];
    if (word === undefined) return true;
    if (word === "--") {
      positional += after.length - i - 1;
      break;
    }
    if (word.startsWith("--")) {
      if (["all", "branches", "tags"].some((long) => givesLongOption(word, long))) return false;
      if (!word.includes("=") && PUSH_VALUE_OPTIONS.some((long) => givesLongOption(word, long))) i += 1;
      continue;
    }
    if (/^-./.test(word)) {
      if (/^-[^-]*o$/.test(word)) i += 1;
      continue;
    }
    positional += 1;
  }
  return positional <= 1;
}

type Match = "yes" | "no" | "maybe";

/** Whether `invocation` starts with `prefix`, in words and flags; "maybe" when run-time words could make it. */
function matches(invocation: Invocation, prefix: string): Match {
  const tokens = prefix.trim().split(/\s+/);
  const name = path.basename(tokens[0]!);
  if (invocation.words[0] !== name) return "no";
  const wantWords = tokens.slice(1).filter((token) => !token.startsWith("-"));
  const wantFlags = flagSet(name, tokens.slice(1));
  const haveWords = operands(name, invocation.words);
  const haveFlags = new Set([...flagSet(name, invocation.words.slice(1)), ...impliedFlags(name, invocation.words, haveWords)]);
  const open = invocation.openTail || invocation.words.some((word) => word === undefined);
  let result: Match = "yes";
  for (let i = 0; i < wantWords.length; i++) {
    const have = haveWords[i];
    if (i >= haveWords.length) {
      if (!invocation.openTail) return "no";
      result = "maybe";
    } else if (have === undefined) result = "maybe";
    else if (have !== wantWords[i]) return "no";
  }
  // A long flag the prefix names is also given by any abbreviation of it (`git reset --ha` is --hard).
  const gives = (flag: string): boolean => haveFlags.has(flag) || (flag.startsWith("--") && [...haveFlags].some((have) => givesLongOption(have, flag.slice(2))));
  for (const flag of wantFlags) if (!gives(flag)) result = open ? "maybe" : "no";
  return result;
}

/** `text` with each ANSI-C string (`$'\x72m'`, `$'\162m'`, `$'\u0072m'`) decoded as bash decodes it:
 *  a denied name spelt in escapes is the name (red team 8: `sed -n $'1e \x72m v' f`). */
function decodeAnsiC(text: string): string {
  return text.replace(/\$'((?:[^'\\]|\\.)*)'/gs, (_, body: string) =>
    body.replace(/\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.)/g, (escape: string) => {
      const code = escape.slice(1);
      if (code[0] === "c") return String.fromCharCode(code.charCodeAt(1) & 31);
      const value = /^[0-7]/.test(code) ? Number.parseInt(code, 8) : Number.parseInt(code.slice(1), 16);
      return Number.isFinite(value) && value <= 0x10ffff ? String.fromCodePoint(value) : " ";
    }),
  );
}

/** The first denied program (a deny prefix's first word) that `text` names as a word of its own
 *  anywhere but as one of its invocations' program. */
function deniedNameIn(text: string, deny: readonly string[], invocations: readonly Invocation[]): { prefix: string; program: string } | undefined {
  // Quotes and backslashes go first: `r''m`, `r""m` and `r\m` are `rm` to bash (red team 6).
  // A printf or echo -e escape (`\n`) separates words in what it writes (a hook, a profile).
  const tokens = decodeAnsiC(text).replace(/\\[ntrvfab0e]/g, " ").replace(/['"\\]/g, "").split(/[\s`;|&(){}<>=:,!/$[\]%]+/).filter(Boolean);
  for (const prefix of deny) {
    const program = path.basename(prefix.trim().split(/\s+/)[0] ?? "");
    if (!program) continue;
    const asProgram = invocations.filter((invocation) => invocation.words[0] === program).length;
    if (tokens.filter((token) => token === program).length > asProgram) return { prefix, program };
  }
  return undefined;
}

function quoted(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
}

/** The verdict of a policy's command lists on `command` (a shell line, or an argv as Codex gives it).
 *  With no list, everything is accepted without parsing. */
export async function judgeCommand(lists: CommandLists, command: string | readonly string[]): Promise<CommandVerdict> {
  if (lists.allow.length === 0 && lists.deny.length === 0) return { decision: "accept", rule: "commands: no list in force" };
  const words: ShellWord[] = typeof command === "string" ? [] : [...command];
  const script = typeof command === "string" ? command : undefined;
  const display = script ?? words.join(" ");
  let candidates: Array<{ words: ShellWord[]; text: string }>;
  if (script !== undefined) {
    const parsed = await parseShell(script);
    if (parsed.unreadable.length > 0) return { decision: "decline", rule: `commands: ${parsed.unreadable[0]}; with a command list in force, only commands that can be judged run`, command: display, class: "opaque" };
    if (parsed.hazards.length > 0) return { decision: "decline", rule: `commands: ${parsed.hazards[0]}; with a command list in force it is declined`, command: display, class: "opaque" };
    candidates = parsed.commands;
  } else {
    candidates = [{ words, text: display }];
  }
  if (candidates.length === 0) return { decision: "decline", rule: "commands: empty command", command: display, class: "opaque" };
  for (const candidate of candidates) {
    const unwrapped = await unwrap(candidate.words, candidate.text);
    if ("opaque" in unwrapped) {
      return { decision: "decline", rule: `commands: ${quoted(candidate.text)} is not judged: ${unwrapped.opaque}; with a command list in force it is declined`, command: candidate.text, class: "opaque" };
    }
    // A denied program named in another command's words (tar --checkpoint-action=exec='rm x', sed
    // 'e rm x', git rebase -x 'rm x', setarch x86_64 rm x): many programs run their arguments, and no
    // list of them is complete (red team 5, issue 27). Declined unless it is the command itself.
    const named = deniedNameIn(candidate.text, lists.deny, unwrapped.invocations);
    if (named) return { decision: "decline", rule: `commands.deny ${JSON.stringify(named.prefix)} (${quoted(candidate.text)} names ${named.program} in its words, which a program may run)`, command: candidate.text, class: "denied" };
    for (const invocation of unwrapped.invocations) {
      for (const prefix of lists.deny) {
        const match = matches(invocation, prefix);
        if (match === "yes") return { decision: "decline", rule: `commands.deny ${JSON.stringify(prefix)}`, command: invocation.text, class: "denied" };
        if (match === "maybe") return { decision: "decline", rule: `commands.deny ${JSON.stringify(prefix)} (${invocation.unfixed ?? `words only known when it runs could make ${quoted(invocation.text)} match it`})`, command: invocation.text, class: "denied" };
      }
      if (lists.allow.length > 0 && !lists.allow.some((prefix) => matches(invocation, prefix) === "yes")) {
        return { decision: "decline", rule: `commands.allow does not list ${JSON.stringify(invocation.words[0] ?? "(generated)")}`, command: invocation.text, class: "not-allowed" };
      }
    }
  }
  return { decision: "accept", rule: lists.allow.length > 0 ? "commands.allow" : "commands: not denied" };
}
