// The words of a command Codex's configuration names (codex-config-programs.ts), sorted by what the
// program may do with them. Red team 32: the program-location rule knew interpreters by a list and
// failed open on every other word — `notify = ["tclsh", "n.tcl"]` had `n.tcl` searched for on the
// PATH (tclsh took it from the folder it runs in), `awk -fn.awk` hid its script in an option, a shell's
// `"$TMPDIR/m.sh"` was taken as a path of that spelling, and `~/n.sh` as HOME's (Codex hands it to the
// program as written: sh opened `./~/n.sh`). Now it fails closed: every argument word is a file the
// program may read, from the folder it runs in, unless the program is one of the few known to take
// no file from its arguments; a word whose value is known only when it runs is refused as such.

/** Programs whose arguments name no file they read or run: text to print or show, a duration, an
 *  exit status. Kept small on purpose: a program missing here costs a refusal, one wrongly here a hole. */
const NO_FILE_ARGS = /^(echo|printf|true|false|:|sleep|exit|return|notify-send)$/;

/** Programs that start the program their first word that is no option or assignment names. */
const WRAPPER = /^(exec|command|nohup|env|setsid)$/;

/** Shells: `-c` makes the next word a command string (read as commands here), `-o`/`-O` take a name. */
const SHELL = /^(sh|bash|dash|zsh|ksh|mksh|yash|fish)([0-9][0-9.]*)?$/;

/** Package runners whose first word that is no option is a package name fetched by name, not a file
 *  (one with a `/` or a leading `.` is judged: a path). The folder they look for a project in is judged
 *  by the caller (PROJECT_RUNNER, codex-config-programs.ts). */
const FETCHER = /^(npx|bunx|pnpx|uvx)$/;

/** One word to judge. `program`: the program of a simple command (a path, or a bare name searched on
 *  the PATH); `file`: a word the program may read as a file, taken from the folder the command runs in
 *  and from each folder `folders` (the command string `cd`s to before it); `dynamic`: a word whose value
 *  is known only when it runs (a variable, a command's output), which may name a file anywhere. */
export interface ConfigWord {
  word: string;
  kind: "program" | "file" | "dynamic";
  folders: readonly string[];
}

/** A word read by a shell (`~/` and `$HOME/` are HOME's there: the caller expands them before this
 *  test) whose value the shell makes when it runs. */
export const isDynamic = (word: string): boolean => /[$`]/.test(word) || /^~[^/]/.test(word);

/** A word a shell expands to the names of files it finds (a `*`, `?` or `[` pattern, or braces
 *  `../{a,work}/n.sh`): which ones is known only when it runs. */
const isPattern = (word: string): boolean => /[*?[]/.test(word) || /\{[^}]*(,|\.\.)[^}]*\}/.test(word);

/** Commands that move the folder the rest of a command string runs in (`popd`, `cd -` go back to one
 *  it was in already, kept among the folders). */
const CHDIR = /^(cd|pushd|chdir)$/;

/** Punctuation of code, not of a file's name, an option or a message: an argument holding it is code
 *  a program runs (`-c`, `-e`, a program text). */
const CODE = /[(){};'"`|&<>+\\]/;

/** A module's dotted name (`work.m`, `pkg.sub.mod`, `Work::M`). */
const DOTTED = /^[A-Za-z_][\w-]*((\.|::)[A-Za-z_][\w-]*)+$/;

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The files a value names that is a list (a PATH, `--opt=a,b`): each part, not URLs. A `$PATH` part
 *  is the PATH the program gets, judged for the run already. */
export const valueParts = (value: string, separators: RegExp = /[:,]/): string[] =>
  value.split(separators).filter((part) => part !== "" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(part) && !/^\$(PATH|\{PATH\})$/.test(part));

/** Separator and redirection tokens, and words between them; `quoted`: a quoted part (`'a;b'`,
 *  `"x=|echo"`) belongs to its word, as a shell reads it. */
function tokensOf(text: string, quoted: boolean): string[] {
  const bare = text
    .replace(/\d*[<>]+&\d*-?/g, " ") // `2>&1`: a descriptor, no file
    .replace(/\d+(?=[<>])/g, " ");
  // A backquote starts and ends a command of its own, as `(` and `)` do (`echo \`sh n.sh\``: `echo`
  // takes no file, `sh` does).
  if (!quoted) return bare.match(/[;|&()\n`]+|[<>]+|[^\s'";|&()<>`]+/g) ?? [];
  const tokens = bare.match(/[;|&()\n`]+|[<>]+|(?:[^\s'";|&()<>`]|'[^']*'|"(?:[^"\\]|\\.)*"|['"])+/g) ?? [];
  // The quotes removed; a quoted separator (`'|'`) stays a word.
  return tokens.map((token) => {
    const word = token.replace(/['"]/g, "");
    return word !== token && /^([;|&()\n`]+|[<>]+)?$/.test(word) ? token : word;
  });
}

/** The words of `text` (a command and its arguments joined by spaces, as the configuration gives
 *  them), sorted. `argv`: the same words as the configuration gives them, each whole (Codex starts
 *  the program with them as given). Red team 34: split at every space, quote and separator, a word
 *  Codex hands over whole (`env "A=1 echo" sh n.sh`) or a shell reads with its quotes (`env 'A=;echo'
 *  sh n.sh`) was read as an assignment then the program `echo`, known to take no file, and env's `sh
 *  n.sh` was not judged. Each reading is judged — the words as given, split at every break, and
 *  with a shell's quotes — and every word any of them gives is returned. */
export function configCommandWords(text: string, shell: boolean, home: (word: string) => string, argv?: readonly string[]): ConfigWord[] {
  const readings = [sortedWords(tokensOf(text, false), shell, home, false, false), sortedWords(tokensOf(text, true), shell, home, false, true)];
  if (argv && !shell) readings.push(sortedWords(argv.filter((word) => word !== ""), shell, home, true, true));
  const seen = new Set<string>();
  return readings.flat().filter((word) => {
    const key = JSON.stringify(word);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** One reading's words, sorted (configCommandWords). `whole`: the tokens are words Codex hands over
 *  as given, none a separator or a redirection. `code`: a token is a whole argument (as given, or a
 *  shell's quoted word), which may be a program's inline code (CODE). */
function sortedWords(tokens: readonly string[], shell: boolean, home: (word: string) => string, whole: boolean, code: boolean): ConfigWord[] {
  const out: ConfigWord[] = [];
  const folders: string[] = [];
  let inShell = shell;
  let program: string | undefined; // this simple command's program, by its base name
  let positional = 0;
  let skip = false;
  let redirect = false;
  // A wrapper given an option in this simple command. Red team 34: `env -u NAME`, `exec -a NAME` take a
  // value, so `env -u echo sh n.sh` runs `sh n.sh` where the first word no option named `echo`, a
  // program known to take no file; `env -C DIR`/`--chdir` moves the folder the program runs in. Which
  // word is the program, which an option's value and which a folder is not known then: every later
  // word is judged as a program, as a file and as a folder the rest may be taken from.
  let loose = false;
  // Red team 34: a relative `cd` is looked for in each folder CDPATH lists first (`CDPATH=/x; cd work`
  // goes to `/x/work`): the folders the string gives it anywhere, before or after.
  const cdpath = tokens.flatMap((token) => (/^CDPATH=/.test(token) ? valueParts(token.slice(7)).map((part) => (inShell || shell ? home(part === "~" ? "~/" : part) : part)) : []));
  const push = (word: string, kind: "program" | "file"): void => {
    const spelled = inShell ? home(word) : word;
    // Codex starts an argument list as given: `~/n.sh` is `./~/n.sh` to the program (measured, notify).
    // Judged as HOME's too, in case a program expands it itself.
    const words = inShell ? [spelled] : [...new Set([word, home(word)])];
    for (const one of words) out.push({ word: one, kind: inShell && (isDynamic(one) || isPattern(one)) ? "dynamic" : kind, folders: [...folders] });
    // Red team 34: a dotted name is a module's path to the interpreter that imports it (`python3 -c
    // "import work.m"` imports `work/m.py`, `-m work.m`, perl's `work::m`): judged as that path too.
    if (kind === "file" && DOTTED.test(word)) out.push({ word: word.replace(/\.|::/g, "/"), kind, folders: [...folders] });
    if (loose && kind === "program") push(word, "file");
    else if (loose) folders.push(spelled);
  };
  const values = (value: string): void => valueParts(value).forEach((part) => push(part, "file"));
  for (const token of tokens) {
    // A shell's command string, and what follows it, is read by the other readings (a shell splits it).
    if (whole && inShell) break;
    if (!whole && /^[;|&()\n`]+$/.test(token)) {
      program = undefined;
      loose = false;
      redirect = false; // `sh <(cat n.sh)`: `cat` is a command's program, `n.sh` its file
      continue;
    }
    if (!whole && /^[<>]+$/.test(token)) {
      redirect = true;
      continue;
    }
    if (redirect) {
      redirect = false;
      push(token, "file");
      continue;
    }
    if (program === undefined || (WRAPPER.test(program) && !token.startsWith("-") && !ASSIGNMENT.test(token))) {
      if (ASSIGNMENT.test(token)) {
        values(token.replace(ASSIGNMENT, ""));
        continue;
      }
      push(token, "program");
      program = token.replace(/^.*\//, "");
      positional = 0;
      // Red team 34: a bare `cd` (or `pushd`) goes to HOME: one of the folders the rest may run in.
      if (CHDIR.test(program) && inShell) folders.push(home("~/"));
      continue;
    }
    if (skip) {
      skip = false;
      continue;
    }
    if (WRAPPER.test(program) && ASSIGNMENT.test(token)) values(token.replace(ASSIGNMENT, ""));
    if (WRAPPER.test(program) && token.startsWith("-") && token !== "--") {
      loose = true;
      // Its glued value (`-C../work`, `--chdir=../work`, `-Ssh`, env's string split into words).
      const glued = token.startsWith("--") ? (token.includes("=") ? token.slice(token.indexOf("=") + 1) : "") : token.slice(2);
      if (glued !== "") values(glued);
    }
    if (WRAPPER.test(program) || (NO_FILE_ARGS.test(program) && !loose) || token === "--") continue;
    // Red team 34: an argument that reads as code (`python3 -c "exec(open('../'+'work/m.py').read())"`,
    // `node -e`, awk's program text) builds the names of what it reads as it runs: its words are not
    // the files it opens. Known only when it runs. (A shell's command string is read as commands; a
    // quoted word in one is an argument like any other: `sh -c "python3 -c \"…\""`.)
    if (code && CODE.test(token)) {
      out.push({ word: token, kind: "dynamic", folders: [...folders] });
      continue;
    }
    if (CHDIR.test(program)) {
      if (!token.startsWith("-")) {
        // `~` alone is HOME to a shell (homeExpanded reads `~/`).
        const spelled = inShell ? home(token === "~" ? "~/" : token) : token;
        if (inShell && (isDynamic(spelled) || isPattern(token))) push(token, "file");
        else folders.push(spelled, ...(/^\.{0,2}\//.test(spelled) ? [] : cdpath.map((dir) => `${dir}/${spelled}`)));
      }
      continue;
    }
    if (SHELL.test(program) && /^[-+]/.test(token)) {
      if (/^[-+][oO]$/.test(token)) skip = true;
      // The command string follows: its words are commands of their own, read by a shell.
      if (/^-[A-Za-z]*c[A-Za-z]*$/.test(token)) {
        program = undefined;
        inShell = true;
      }
      continue;
    }
    if (token.startsWith("--")) {
      if (token.includes("=")) values(token.slice(token.indexOf("=") + 1));
      continue;
    }
    // A short option with its value glued on (`-fn.awk`, `-I./lib`, `-Mlib=./tools`).
    if (token.startsWith("-") && token.length > 1) {
      if (token.length > 2) values(token.includes("=") ? token.slice(token.indexOf("=") + 1) : token.slice(2));
      continue;
    }
    positional++;
    if (ASSIGNMENT.test(token)) {
      values(token.replace(ASSIGNMENT, ""));
      continue;
    }
    if (positional === 1 && FETCHER.test(program) && !token.includes("/") && !token.startsWith(".")) continue;
    if (positional === 1 && /^(deno|bun)$/.test(program) && token === "run") continue;
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(token)) push(token, "file");
  }
  return out;
}

/** The words a value of a command's environment gives to judge as files, from the folder the command
 *  runs in: each part of the value (a PATH-like list, words, an option's `=` value), since a program
 *  may take any variable as a file's name (`BASH_ENV = "e.sh"`, which bash sources from the folder it
 *  runs in, `ENV`, `PYTHONSTARTUP`); a part the program's shell would expand is dynamic (bash
 *  expands `BASH_ENV`). */
export function environmentWords(value: string, home: (word: string) => string): { word: string; dynamic: boolean }[] {
  // `~/x` as given (a program that takes the value as a file's name opens `./~/x`) and as HOME's (bash
  // expands BASH_ENV).
  const parts = valueParts(value, /[\s:;,]+/).map((part) => part.replace(/^--?[A-Za-z-]+=/, "")).filter((part) => part !== "");
  return [...new Set(parts.flatMap((part) => [part, home(part)]))].map((word) => ({ word, dynamic: isDynamic(word) && isDynamic(home(word)) }));
}
