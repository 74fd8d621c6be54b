// Shell text as bash would read it, for the command judge: every simple command anywhere in a script
// (pipelines, lists, subshells, bodies of if/for/while/case and functions, command and process
// substitutions, redirection targets), each as the words bash would pass, with the words whose value
// is only known when the script runs (expansions, substitutions, globs) left open. Parsed with
// tree-sitter's bash grammar (the grammar family Codex itself parses commands with), run as WASM from
// the @vscode/tree-sitter-wasm package: no native build.
import { createRequire } from "node:module";
import type { Language, Node, Parser } from "@vscode/tree-sitter-wasm";

/** One word of a simple command: its value, or undefined when only the running shell knows it. */
export type ShellWord = string | undefined;

export interface SimpleCommand {
  /** The command name first, then the arguments (assignments and redirections left out). */
  words: ShellWord[];
  /** The command's text in the script, for messages. */
  text: string;
}

export interface ParsedScript {
  commands: SimpleCommand[];
  /** Why part of the script could not be read as plain commands (a syntax error): empty when it all could. */
  unreadable: string[];
  /** Constructs with which bash runs code its words do not show (see hazardOf): empty when none. */
  hazards: string[];
}

// Variables whose value decides which program a name runs, or code bash or git runs on its own: an
// assignment to one makes what follows unknowable from its words (red team 5, issue 27: `PATH=. x`,
// `BASH_ENV=...`, `GIT_EDITOR=...`, `GIT_CONFIG_*`, `GIT_SSH_COMMAND`).
// Also the variables that make an ordinary program run a command line (red team 10: less runs
// LESSOPEN's and LESSCLOSE's, tar takes --to-command from TAR_OPTIONS, man runs MANPAGER; rsync's
// remote shell, ssh's and sudo's askpass programs, systemd's pager and editor, a browser).
// Also the variables that make a language runtime load code (red team 12: `PERL5LIB=. PERL5OPT=-MX
// shasum f`, `PYTHONPATH=. py3compile f` ran a planted module — shasum, json_pp, c_rehash are perl
// scripts and py3compile a python one, none of them an interpreter by name), glibc's and OpenSSL's
// module paths, zip's default options (ZIPOPT=-TT runs a command) and the shell programs start (SHELL).
// Also BASH_FUNC_NAME%%, a function bash imports from its environment under a program's name (red team
// 21b: `env 'BASH_FUNC_ls%%=() { . ./f; }' bash -c ls` ran f).
// Also LESS (options) and LESSKEY* (lesskey files, whose #env section sets LESSOPEN: red team 24), and
// wget's and curl's configuration files (a wgetrc's use_askpass runs a program: red team 24).
// Also BASH_CMDS and BASH_ALIASES, bash's hash table and aliases as arrays (red team 24: `BASH_CMDS[1]=./f;
// 1` ran f, as `hash -p` would; `BASH_ALIASES[1]='. ./f'` an alias), and any element of a steering
// variable (`NAME[i]=...`, `declare NAME[i]=...`, `printf -v 'NAME[i]'`), judged as the variable.
// Also gcc's COMPILER_PATH and GCC_EXEC_PREFIX, the folders it finds cc1, as and ld in (red team 25:
// `COMPILER_PATH=. gcc -c x.c` ran a planted ./as).
export const STEERING_VARIABLES = /^(BASH_FUNC_.*|BASH_CMDS|BASH_ALIASES|PATH|HOME|XDG_CONFIG_HOME|ZDOTDIR|INPUTRC|BASH_ENV|ENV|PROMPT_COMMAND|PS[0-4]|SHELLOPTS|BASHOPTS|IFS|CDPATH|GLOBIGNORE|BASH_LOADABLES_PATH|EXECIGNORE|LD_[A-Z_]+|GIT_[A-Z0-9_]+|PAGER|EDITOR|VISUAL|LESSOPEN|LESSCLOSE|LESS|LESSKEY[A-Z_]*|WGETRC|SYSTEM_WGETRC|WGET_ASKPASS|CURL_HOME|MANPAGER|MANOPT|TAR_OPTIONS|RSYNC_RSH|RSYNC_CONNECT_PROG|SSH_ASKPASS|SUDO_ASKPASS|SYSTEMD_PAGER|SYSTEMD_EDITOR|BROWSER|SHELL|ZIPOPT|PERL5[A-Z0-9_]*|PERLLIB|PERLIO|PYTHON[A-Z0-9_]*|NODE_OPTIONS|NODE_PATH|RUBYOPT|RUBYLIB|GEM_(HOME|PATH)|LUA_(INIT|PATH|CPATH)[A-Z0-9_]*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|CLASSPATH|TCLLIBPATH|GCONV_PATH|OPENSSL_(CONF|ENGINES|MODULES)|COMPILER_PATH|GCC_EXEC_PREFIX)(\[[^]*\])?$/;

// Red team 25: a variable given to a program's environment may name the program or the folder of
// programs it runs, and no list of such names is complete: `GROFF_BIN_PATH=d man ./x.1` (groff's
// folder of troff and its preprocessors), `GDB=./g gdb-add-index b`, gcc's COMPILER_PATH each ran a
// planted script. A variable is given to programs only if it is one of these, known to name no
// program, folder or file of code (a command's prefix, `export`, `declare -x`, `env NAME=value`);
// steering variables are declined wherever they are set.
export const INERT_ENVIRONMENT = /^(LANG|LANGUAGE|LC_[A-Z]+|TZ|TERM|COLORTERM|COLUMNS|LINES|NO_COLOR|FORCE_COLOR|CLICOLOR|CLICOLOR_FORCE|CI|DEBUG|VERBOSE|NODE_ENV|RUST_BACKTRACE|RUST_LOG|LESSCHARSET|GREP_COLORS?|LS_COLORS|SOURCE_DATE_EPOCH)$/;

/** `name` without an array subscript (`A[1]` is `A`). */
const arrayName = (name: string): string => name.replace(/\[[^]*$/, "");

/** Why assigning steering variable `name` (or an element of it) changes what runs, or undefined. */
function steeringHazard(name: string): string | undefined {
  return STEERING_VARIABLES.test(name) || STEERING_VARIABLES.test(arrayName(name)) ? `assigning ${name} changes what the commands after it run` : undefined;
}

/** Why giving variable `name` to a program's environment makes what it runs unknowable, or undefined. */
export function exportHazard(name: string): string | undefined {
  const bare = arrayName(name);
  const steering = steeringHazard(name);
  if (steering) return steering;
  if (!INERT_ENVIRONMENT.test(bare)) return `${name} is given to a program's environment, where a program may take another program or a folder of programs from it; only variables known to name none are`;
  return undefined;
}

// A plain assignment (no export) to a variable the shell's environment already exports hands the new
// value to every program after it, as `export` would; so do `read X`, `printf -v X`, `for X in`,
// `${X:=v}`, `{X}>`, `getopts o X`, `local X=v` and `declare X=v` (red team 27: with GROFF_BIN_PATH
// in the environment Codex started with, `GROFF_BIN_PATH=d; groff x.1` and each of those ran a planted
// troff on app-server). Which names are exported the judge cannot know (Codex's environment, and what
// the user's start-up files export through Codex's shell snapshot), and environment variables are
// spelt in capitals (POSIX.1, "Environment Variables": upper-case letters, digits and the
// underscore): an assignment to such a name is judged as an export. Bash's own variables, which no
// program takes a program from, pass. Exported names not all in capitals stay open (docs/policy.md).
const SPELT_AS_ENVIRONMENT = /^_*[A-Z][A-Z0-9_]*$/;
const SHELL_OWN_VARIABLES = /^(OPTIND|OPTARG|OPTERR|REPLY|RANDOM|SRANDOM|SECONDS|TIMEFORMAT|TMOUT|HIST(FILE|FILESIZE|SIZE|CONTROL|IGNORE|TIMEFORMAT)|MAPFILE)$/;

/** Why assigning variable `name` (no export, or an element of it) may change what the commands after
 *  it run, or undefined: a steering variable, or a name spelt as environment variables are that is
 *  neither known to be inert nor bash's own. */
export function assignmentHazard(name: string): string | undefined {
  const bare = arrayName(name);
  const steering = steeringHazard(name);
  if (steering) return steering;
  if (SPELT_AS_ENVIRONMENT.test(bare) && !INERT_ENVIRONMENT.test(bare) && !SHELL_OWN_VARIABLES.test(bare)) return `${bare} is spelt as an environment variable: if the shell exports it, the programs after it get the new value, and a program may take another program or a folder of programs from it`;
  return undefined;
}

/** A line break no backslash escapes (an even number of backslashes before it): bash ends a command
 *  there, where the grammar may read on (red team 24). */
const UNESCAPED_LINE_BREAK = /(^|[^\\])(\\\\)*\n/;

/** Text that bash would run as a command substitution if it evaluated it again (an array subscript in
 *  test -v, printf -v, read, let or $((x)); a prompt, ${x@P}; a callback, mapfile -C). */
export function holdsSubstitution(text: string): boolean {
  return /\$\(|`|<\(|>\(/.test(text);
}

/** Whether a variable name's array subscript is one bash evaluates as an arithmetic expression with
 *  names in it (`a[x]`, `a[i+1]`, `a[$i]`): a name there is replaced by its value, evaluated in turn,
 *  and a subscript in that value runs its command substitution (x='b[$(rm y)]'; then `a[x]=1`,
 *  `${a[x]}`, `test -v 'a[x]'`, `printf -v 'a[x]'`, `unset 'a[x]'` ran rm: red team 11, measured on
 *  bash 5.2). A plain number, `@` or `*` is not. */
export function evaluatesSubscript(name: string): boolean {
  const index = /\[([^]*)\]/.exec(name)?.[1];
  return index !== undefined && !/^\s*([0-9]+|@|\*)?\s*$/.test(index);
}

// Where bash evaluates an expression (red team 11, each ran a value's `a[$(rm y)]` on bash 5.2): a
// C-style for's header, `${x:OFFSET:LENGTH}`, `${!x}` (indirect: x's value is a name, subscript
// included), `[[ -v NAME ]]`, an array literal's `[INDEX]=`, `exec {a[x]}>file`.
const ARITHMETIC_LETTERS = /[A-Za-z_$`]/;
const LISTING_INDIRECTION = /^\$\{![A-Za-z_][A-Za-z0-9_]*(\*|@|\[[@*]\])\}$/;

/** A declaration's or unset's operands as bash reads them: the grammar gives `B"ASH_ENV=./f"` as a
 *  name and a string side by side, one word to bash (red team 21b: `export B"ASH_ENV=./f"` exported
 *  BASH_ENV, judged as the name B). Each word's text and value (undefined when only known when it
 *  runs); a lone assignment node is left to the caller. */
function operandWords(node: Node): Array<{ text: string; value: ShellWord; nodes: Node[] }> {
  const groups: Node[][] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    const last = groups.at(-1);
    if (last && last.at(-1)!.endIndex === child.startIndex) last.push(child);
    else groups.push([child]);
  }
  return groups.map((nodes) => {
    let value: ShellWord = "";
    for (const part of nodes) {
      const piece = part.type === "variable_name" ? part.text : part.type === "variable_assignment" ? undefined : wordValue(part);
      value = piece === undefined || value === undefined ? undefined : value + piece;
    }
    return { text: nodes.map((part) => part.text).join(""), value: nodes.length === 1 && nodes[0]!.type === "variable_name" ? nodes[0]!.text : value, nodes };
  });
}

/** A word after bash's quote removal (`E"O"F`, `E'O'F`, `E\\OF` are `EOF`, `$'E\\x4fF'` is decoded too),
 *  or undefined for an ANSI-C escape not read here. */
function dequoted(word: string): string | undefined {
  let out = "";
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === "\\") out += word[++i] ?? "";
    else if (c === "'") {
      const close = word.indexOf("'", i + 1);
      out += word.slice(i + 1, close < 0 ? undefined : close);
      i = close < 0 ? word.length : close;
    } else if (c === "$" && word[i + 1] === "'") {
      const match = /^\$'((?:[^'\\]|\\.)*)'/s.exec(word.slice(i));
      const text = match ? ansiC(match[1]!) : undefined;
      if (text === undefined) return undefined;
      out += text;
      i += match![0].length - 1;
    } else if (c === '"' || (c === "$" && word[i + 1] === '"')) {
      if (c === "$") i++;
      let j = i + 1;
      for (; j < word.length && word[j] !== '"'; j++) out += word[j] === "\\" && /[$`"\\\n]/.test(word[j + 1] ?? "") ? word[++j] : word[j];
      i = j;
    } else out += c;
  }
  return out;
}

/** Why a node makes bash run code its words do not show, or undefined. */
function hazardOf(node: Node): string | undefined {
  switch (node.type) {
    case "variable_assignment": {
      const name = node.childForFieldName("name")?.text ?? "";
      // An array (`A=(…)`) is never exported: bash drops a variable from the environment once it is one.
      if (node.parent?.type !== "command" && node.childForFieldName("value")?.type !== "array") {
        const assigned = assignmentHazard(name);
        if (assigned) return assigned;
      }
      if (STEERING_VARIABLES.test(name)) return `assigning ${name} changes what the commands after it run`;
      // A command's prefix assignment is in its environment (red team 25).
      if (node.parent?.type === "command") {
        const exported = exportHazard(name);
        if (exported) return exported;
      }
      // A value that holds a command substitution as text: bash may run it later (x='a[$(rm v)]';
      // $((x)), or ${x@P}). Command words are judged the same way (command-judge.ts).
      const value = node.childForFieldName("value");
      const literal = value && (["raw_string", "ansi_c_string"].includes(value.type) ? value.text : value.type === "string" ? value.namedChildren.filter((child) => child?.type === "string_content").map((child) => child!.text).join("") : "");
      if (literal && holdsSubstitution(literal)) return `the value of ${name} holds a command substitution bash may run later`;
      return undefined;
    }
    case "subscript": {
      const index = node.childForFieldName("index")?.text ?? node.text.slice(node.text.indexOf("[") + 1, -1);
      if (evaluatesSubscript(`[${index}]`)) return `${JSON.stringify(node.text.slice(0, 40))} is an array subscript bash evaluates`;
      return undefined;
    }
    case "for_statement": {
      // `for NAME in ...` and `select NAME in ...` assign NAME each round, as NAME=value would (red team
      // 12: `for BASH_ENV in ./f; do export BASH_ENV; bash -c :; done` ran f, `for PS4 in "$x"` with
      // set -x ran x's substitution, both accepted with deny ["rm"] on bash 5.2).
      const name = node.childForFieldName("variable")?.text ?? "";
      return assignmentHazard(name);
    }
    case "c_style_for_statement": {
      const header = node.text.slice(node.text.indexOf("((") + 2, node.text.indexOf("))"));
      if (/[A-Za-z_]/.test(header)) return `${JSON.stringify(node.text.slice(0, 40))} evaluates variables as expressions`;
      return undefined;
    }
    case "array":
      for (const element of node.namedChildren) {
        const index = element && /^\[([^\]]*)\]\+?=/.exec(element.text)?.[1];
        if (index !== undefined && index !== null && evaluatesSubscript(`[${index}]`)) return `${JSON.stringify(element!.text.slice(0, 40))} is an array subscript bash evaluates`;
      }
      return undefined;
    case "expansion": {
      if (/@[PEAK]\}$/.test(node.text)) return `${node.text} transforms a value bash may then run`;
      if (node.text.startsWith("${!") && !LISTING_INDIRECTION.test(node.text)) return `${JSON.stringify(node.text.slice(0, 40))} is an indirect expansion: bash evaluates a value as a name`;
      // `${x:OFFSET}` and `${x:OFFSET:LENGTH}` (the `:` token alone, not `:-`, `:=`, `:?`, `:+`).
      const colon = node.children.findIndex((child) => child?.type === ":");
      if (colon >= 0 && node.children.slice(colon + 1).some((child) => child !== null && child.type !== "}" && ARITHMETIC_LETTERS.test(child.text))) {
        return `${JSON.stringify(node.text.slice(0, 40))} evaluates variables as expressions`;
      }
      // ${NAME:=value} assigns too (red team 10: `: ${GIT_SSH_COMMAND:=...}; export ...` ran it).
      // An element too (red team 24: `: ${BASH_CMDS[1]:=./f}; 1` ran f).
      const assigned = /^\$\{([A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?):?=/.exec(node.text)?.[1];
      if (assigned) return assignmentHazard(assigned);
      return undefined;
    }
    // bash evaluates a variable's value as an expression here, and an array subscript in that value
    // runs its command substitution.
    case "arithmetic_expansion":
    case "arithmetic_command":
      if (/[A-Za-z_]/.test(node.text.replace(/^\$?\(\(|\)\)$/g, ""))) return `${JSON.stringify(node.text.slice(0, 40))} evaluates variables as expressions`;
      return undefined;
    case "word":
    case "concatenation":
    case "brace_expression":
    case "string":
      // A line break no backslash escapes inside a bare word: bash ends the command there, the grammar
      // read the next line's first word into this one (red team 24: `true`, then a line `\. ./f`, was
      // judged as `true "\n." ./f`; bash sourced f).
      if (node.type === "word" && UNESCAPED_LINE_BREAK.test(node.text)) return `${JSON.stringify(node.text.slice(0, 40))} holds a line break the grammar and bash read differently`;
      // Brace expansion: the words bash runs are not the words written (`git {push,origin}`).
      if (node.type !== "string" && (node.type === "brace_expression" || /(^|[^\\$])\{[^{}\s]*(,|\.\.)[^{}\s]*\}/.test(node.text))) return `${JSON.stringify(node.text.slice(0, 40))} is a brace expansion`;
      // An array subscript holding an expansion (test -v "a[$x]", printf -v, read): bash evaluates the
      // value as an expression, and a subscript in that value runs its command substitution.
      if (/\[[^\]]*\$[({A-Za-z_]/.test(node.text)) return `${JSON.stringify(node.text.slice(0, 40))} is an array subscript bash evaluates`;
      // A named file descriptor's variable (`exec {a[x]}>file`) is assigned, its subscript evaluated,
      // and given the descriptor's number: `: {BASH_ENV}>/dev/null` made BASH_ENV a file name the
      // next command could write (red team 12, ran `bash -c :`'s planted rm on bash 5.2).
      if (/^\{[A-Za-z_][A-Za-z0-9_]*\[/.test(node.text) && evaluatesSubscript(node.text)) return `${JSON.stringify(node.text.slice(0, 40))} is an array subscript bash evaluates`;
      const descriptorName = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(node.text)?.[1];
      const descriptorHazard = descriptorName && assignmentHazard(descriptorName);
      if (descriptorHazard) return `${descriptorHazard} (a named file descriptor's variable)`;
      return undefined;
    case "declaration_command": {
      // NAME=VALUE spelt so that it is no assignment to the parser ("NAME=v", 'NAME'=v, $x=v), and a
      // nameref (declare -n r=NAME) through which a later assignment sets NAME: both ran the ssh
      // command of GIT_SSH_COMMAND (red team 10, measured).
      const parts = node.namedChildren.filter((child): child is Node => child !== null && child.type !== "variable_name");
      // Options as bash reads them: quoted or split ones too (`declare -"n" r=BASH_ENV` declared a
      // nameref the grammar showed as `-` and a string; red team 21b, ran a planted rm).
      const options = operandWords(node).flatMap((word) => (word.value !== undefined && /^[-+]/.test(word.value) && word.nodes[0]!.type !== "variable_assignment" ? [word.value] : []));
      const keyword = node.children[0]?.text ?? "";
      const nameref = keyword !== "export" && options.some((option) => /^-[a-zA-Z]*n/.test(option));
      // A steering variable taken away rather than set (red team 21b, each ran a planted rm on bash
      // 5.2): a function's `local PATH` (or declare/typeset, local in a function) leaves PATH empty and
      // bash then looks names up in the working directory; `export -n PATH`, `declare +x PATH` leave a
      // child bash without one, and bash's default PATH ends in `.`. Reading (`-p`), exporting or
      // making one read-only stays accepted.
      const removes = (keyword === "export" && options.some((option) => /^-[a-zA-Z]*n/.test(option))) || options.some((option) => /^\+[a-zA-Z]*x/.test(option)) || (["local", "declare", "typeset"].includes(keyword) && !options.some((option) => /^-[a-zA-Z]*p/.test(option)));
      // `export NAME[=value]`, `declare -x` and its kin put the variable in the environment of every
      // program after it (red team 25): a name only known when it runs, or one not known to be inert, is declined.
      // `export -p NAME=v` exports NAME too (red team 26: bash 5.2 lists nothing then; it ran a planted troff).
      const exporting = (keyword === "export" && !options.some((option) => /^-[a-zA-Z]*[nf]/.test(option))) || options.some((option) => /^-[a-zA-Z]*x/.test(option));
      if (exporting) {
        for (const word of operandWords(node)) {
          if (/^[-+]/.test(word.value ?? word.text)) continue;
          const assignment = word.nodes.length === 1 && word.nodes[0]!.type === "variable_assignment" ? word.nodes[0]! : undefined;
          const exportedName = assignment ? assignment.childForFieldName("name")?.text : word.value?.split("=")[0];
          if (exportedName === undefined) return `${JSON.stringify(word.text.slice(0, 40))} exports a variable named at run time`;
          // `export PATH`: a steering variable is declined wherever it is set, so the value exported is the one inherited.
          if (!assignment && !(word.value ?? "").includes("=") && STEERING_VARIABLES.test(exportedName)) continue;
          const exported = exportHazard(exportedName);
          if (exported) return exported;
        }
      }
      for (const word of operandWords(node)) {
        if (word.nodes.length === 1 && word.nodes[0]!.type === "variable_assignment") continue;
        if (/^[-+]/.test(word.value ?? word.text)) continue;
        if (word.value === undefined) {
          if (word.nodes.length > 1 || removes) return `${JSON.stringify(word.text.slice(0, 40))} declares a variable named at run time`;
          continue;
        }
        const declared = word.value.includes("=") ? word.value.slice(0, word.value.indexOf("=")) : undefined;
        const declaredHazard = declared !== undefined && word.nodes.length > 1 && assignmentHazard(declared);
        if (declaredHazard) return declaredHazard;
        if (word.nodes.length > 1 && evaluatesSubscript(declared ?? word.value)) return `${JSON.stringify(word.text.slice(0, 40))} is an array subscript bash evaluates`;
        if (removes && declared === undefined && STEERING_VARIABLES.test(word.value)) return `${keyword} ${word.value} takes away a variable that decides what the commands after it run`;
      }
      // A nameref's target as bash reads it, quotes and backslashes removed: `declare -n r=GROFF_BIN_P"ATH"`,
      // `declare -n 'r=BASH_ENV'` and `r=GROFF_BIN_P\ATH` name the variable an assignment through r then
      // sets (a fresh red team on red team 27: the grammar's text was read, so each ran a planted troff).
      if (nameref) {
        for (const word of operandWords(node)) {
          if (/^[-+]/.test(word.value ?? word.text)) continue;
          const assignment = word.nodes.length === 1 && word.nodes[0]!.type === "variable_assignment" ? word.nodes[0]! : undefined;
          const valueNode = assignment?.childForFieldName("value");
          const target: ShellWord = assignment ? (valueNode ? wordValue(valueNode) : "") : word.value === undefined ? undefined : word.value.includes("=") ? word.value.slice(word.value.indexOf("=") + 1) : "";
          if (target === undefined) return `${JSON.stringify(word.text.slice(0, 40))} declares a nameref whose target is only known when it runs`;
          const targetHazard = target !== "" && assignmentHazard(target);
          if (targetHazard) return `a nameref to ${target}: ${targetHazard}`;
          if (evaluatesSubscript(target) || /[$`]/.test(target)) return `a nameref to ${JSON.stringify(target.slice(0, 40))} is evaluated as a name each time it is used`;
        }
      }
      // A nameref declared with no target takes as its target the first value assigned to it
      // (`declare -n r; r='a[x]'; echo $r` ran x's substitution: red team 11).
      if (nameref && node.namedChildren.some((child) => child?.type === "variable_name")) return `${JSON.stringify(node.text.slice(0, 40))} declares a nameref whose target a later assignment names`;
      // An integer variable's every assignment is evaluated as an expression (`declare -i n=x`).
      if (options.some((option) => /^[-+][a-zA-Z]*i/.test(option))) return `${JSON.stringify(node.text.slice(0, 40))} declares an integer variable, whose assignments bash evaluates as expressions`;
      // A word of several parts (`L"ANG=C"`) was judged whole above; a part alone is no name (`"ANG=C"`).
      const inLongerWords = new Set(operandWords(node).flatMap((word) => (word.nodes.length > 1 ? word.nodes.map((part) => part.startIndex) : [])));
      for (const part of parts) {
        if (inLongerWords.has(part.startIndex)) continue;
        if (part.type === "variable_assignment") {
          const target = part.childForFieldName("value")?.text.replace(/^["']|["']$/g, "") ?? "";
          if (nameref && assignmentHazard(target)) return `a nameref to ${target} changes what the commands after it run`;
          if (nameref && (evaluatesSubscript(target) || /[$`]/.test(target))) return `a nameref to ${JSON.stringify(target.slice(0, 40))} is evaluated as a name each time it is used`;
          continue;
        }
        if (part.type === "word" && part.text.startsWith("-")) continue;
        const value = wordValue(part);
        if (value === undefined && /=|\$/.test(part.text)) return `${JSON.stringify(part.text.slice(0, 40))} declares a variable named at run time`;
        const declared = value?.includes("=") ? value.slice(0, value.indexOf("=")) : undefined;
        const declaredHazard = declared && assignmentHazard(declared);
        if (declaredHazard) return declaredHazard;
        // `declare 'a[x]=1'`, `local 'a[x]'`: the name's subscript is evaluated.
        if (evaluatesSubscript(declared ?? value ?? "")) return `${JSON.stringify(part.text.slice(0, 40))} is an array subscript bash evaluates`;
      }
      return undefined;
    }
    case "unset_command":
      // Not a simple command to the parser: its names are judged here (`unset 'a[x]'` evaluates x).
      for (const word of operandWords(node)) {
        if (word.text.startsWith("-")) continue;
        const value = word.value;
        if (value === undefined || evaluatesSubscript(value)) return `${JSON.stringify(node.text.slice(0, 40))} unsets a name whose array subscript bash evaluates`;
        // `unset PATH`: bash then looks names up in the working directory (red team 21b, ran ./ls).
        if (STEERING_VARIABLES.test(value) && !node.namedChildren.some((child) => child?.type === "word" && /^-[a-zA-Z]*f/.test(child.text))) return `unset ${value} takes away a variable that decides what the commands after it run`;
      }
      return undefined;
    case "heredoc_redirect": {
      // bash ends a here-document at a line equal to its delimiter after quote removal (`<<E"O"F`,
      // `<<E'O'F`, `<<$'EOF'` end at `EOF`; `<<-` strips leading tabs first); the grammar ends it at a
      // line spelt as written, and what lies between was data to the judge and commands to bash (red
      // team 24: `cat <<E"O"F`, a line `EOF`, then `. ./f` ran f).
      const start = node.children.find((child) => child?.type === "heredoc_start")?.text;
      if (start === undefined) return undefined;
      const tabs = node.children.some((child) => child?.type === "<<-");
      const delimiter = dequoted(start);
      if (delimiter === undefined) return `the here-document <<${start.slice(0, 20)} has a delimiter not read here`;
      const line = (text: string) => (tabs ? text.replace(/^\t+/, "") : text);
      // In a here-document whose delimiter is not quoted, a backslash-newline joins two lines before
      // bash looks for the end (`EO\` then `F` ends it).
      const written = node.children.find((child) => child?.type === "heredoc_body")?.text ?? "";
      const body = delimiter === start ? written.replace(/\\([\s\S])/g, (pair, next: string) => (next === "\n" ? "" : pair)) : written;
      const end = node.children.find((child) => child?.type === "heredoc_end")?.text;
      if (body.split("\n").some((each) => line(each) === delimiter) || (end !== undefined && line(end) !== delimiter)) {
        return `the here-document <<${start.slice(0, 20)} ends where bash and the grammar read it differently`;
      }
      return undefined;
    }
    case "test_command":
      // [[ x -eq y ]] evaluates both sides as arithmetic expressions (see arithmetic_expansion).
      if (/^\[\[/.test(node.text) && /\s-(eq|ne|lt|le|gt|ge)\s/.test(node.text)) return `${JSON.stringify(node.text.slice(0, 40))} evaluates variables as expressions`;
      // [[ -v NAME ]] evaluates NAME's subscript; a NAME only known when it runs could hold one.
      for (const operand of node.text.matchAll(/(?:^|\s)-[vR]\s+(\S+)/g)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(operand[1]!)) return `${JSON.stringify(node.text.slice(0, 40))} tests a name bash evaluates`;
      }
      return undefined;
    default:
      return undefined;
  }
}

const require = createRequire(import.meta.url);
let parserPromise: Promise<Parser> | undefined;

/** One parser per process: loading the grammar costs ~0.1 s, a parse a few milliseconds. V8's
 *  optimizing tier then compiles the grammar's hot functions for ~1-1.6 CPU-s more, which the CLI's
 *  process turns off (cli/wasm-baseline.ts); a long-lived host process pays it once. */
function bashParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const treeSitter = require("@vscode/tree-sitter-wasm") as typeof import("@vscode/tree-sitter-wasm");
    await treeSitter.Parser.init();
    const bash: Language = await treeSitter.Language.load(require.resolve("@vscode/tree-sitter-wasm/wasm/tree-sitter-bash.wasm"));
    const parser = new treeSitter.Parser();
    parser.setLanguage(bash);
    return parser;
  })();
  return parserPromise;
}

// Outside quotes a backslash keeps the next character as it is (and joins a line with the next).
function unescapeBare(text: string): string {
  return text.replace(/\\([\s\S])/g, (_, next: string) => (next === "\n" ? "" : next));
}

// Inside double quotes a backslash escapes only $ ` " \ and a newline (which it removes), in one pass.
function unescapeQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, next: string) => (next === "\n" ? "" : next));
}

// Characters that make bash expand a bare word into file names (when unquoted and unescaped).
function hasGlob(text: string): boolean {
  return /(^|[^\\])[*?[]/.test(text);
}

const C_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** The text of `$'...'` as bash decodes it (`\x2e` is `.`, `\163` is `s`, `\u2e`), or undefined
 *  for an escape not read here (`\cX`): a name spelled so must not pass for another. */
function ansiC(body: string): string | undefined {
  let unknown = false;
  const text = body.replace(/\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|.)/gs, (_, escape: string) => {
    // A NUL ends the text in bash: not read here.
    const code = /^[xuU]/.test(escape) ? parseInt(escape.slice(1), 16) : /^[0-7]/.test(escape) ? parseInt(escape, 8) & 0xff : undefined;
    if (code === 0 || (code !== undefined && code > 0x10ffff)) unknown = true;
    if (code !== undefined) return code === 0 || code > 0x10ffff ? "" : String.fromCodePoint(code);
    if (escape in C_ESCAPES) return C_ESCAPES[escape]!;
    unknown = true;
    return "";
  });
  return unknown ? undefined : text;
}

/** A word's value when the text alone fixes it; undefined when an expansion, substitution or glob
 *  decides it at run time. */
function wordValue(node: Node): ShellWord {
  switch (node.type) {
    case "word":
    case "number":
      if (hasGlob(node.text) || /^~/.test(node.text)) return undefined;
      return unescapeBare(node.text);
    case "raw_string":
      return node.text.slice(1, -1);
    case "ansi_c_string":
      // $'...' decodes escapes (\x72 is r): read as written only when it has none.
      return node.text.includes("\\") ? undefined : node.text.slice(2, -1);
    case "string": {
      const parts = node.namedChildren.filter((child): child is Node => child !== null);
      if (parts.some((part) => part.type !== "string_content")) return undefined;
      // Inside double quotes a backslash escapes only $ ` " \ and a newline.
      // One pass, left to right: `\\` then a newline is a backslash and a newline (red team 24: two
      // passes read it as a line continuation, and the judge joined lines bash keeps apart).
      return unescapeQuoted(node.text.slice(1, -1));
    }
    case "concatenation": {
      let value = "";
      for (const part of node.namedChildren) {
        const piece = part ? wordValue(part) : undefined;
        if (piece === undefined) return undefined;
        value += piece;
      }
      return value;
    }
    default:
      return undefined;
  }
}

/** The words after a redirection's target (`nice >/dev/null ./g`, `git 2>&1 push`): more of the
 *  command's arguments to bash, more of the redirection's destination to the grammar (red team 25:
 *  `nice >/dev/null sh g` ran g, judged as `nice`; `git >/dev/null push` pushed, judged as `git`). */
function wordsAfterRedirections(redirects: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const redirect of redirects) {
    if (redirect.type === "file_redirect") out.push(...redirect.childrenForFieldName("destination").filter((word): word is Node => word !== null).slice(1));
    // A here-document's start line goes on with words and redirections of the command (`nice <<EOF
    // ./x`: red team 25, ran ./x), which the grammar gives as the here-document's children.
    else if (redirect.type === "heredoc_redirect") {
      for (const child of redirect.namedChildren) {
        if (!child) continue;
        if (WORD_NODES.has(child.type)) out.push(child);
        else if (child.type.endsWith("redirect")) out.push(...wordsAfterRedirections([child]));
      }
    }
  }
  return out;
}
const WORD_NODES = new Set(["word", "number", "string", "raw_string", "ansi_c_string", "translated_string", "concatenation", "simple_expansion", "expansion", "command_substitution", "process_substitution", "arithmetic_expansion"]);

function simpleCommand(node: Node): SimpleCommand {
  const words: ShellWord[] = [];
  const name = node.childForFieldName("name");
  if (name) {
    const inner = name.namedChildren.find((child) => child !== null);
    words.push(inner ? wordValue(inner) : undefined);
  }
  // A redirection after the command's words (its redirected_statement's), or among them.
  const parent = node.parent;
  const redirects = [...node.namedChildren, ...(parent?.type === "redirected_statement" && parent.childForFieldName("body")?.id === node.id ? parent.namedChildren : [])].filter((child): child is Node => child !== null);
  for (const argument of node.childrenForFieldName("argument")) {
    if (!argument) continue;
    // A number or `{NAME}` right before a redirection is its descriptor, no word (red team 25: the
    // grammar gave `nice {fd}>/dev/null ./x` the word `{fd}`, judged as nice's command).
    if (/^([0-9]+|\{[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\})$/.test(argument.text) && redirects.some((redirect) => redirect.type.endsWith("redirect") && redirect.startIndex === argument.endIndex)) continue;
    words.push(wordValue(argument));
  }
  for (const word of wordsAfterRedirections(redirects)) words.push(wordValue(word));
  return { words, text: parent?.type === "redirected_statement" ? parent.text : node.text };
}

/** Why `node` is read differently by a POSIX sh that is not bash (Debian's /bin/sh is dash), or
 *  undefined (red team 25): dash has no `$'...'` (`$` and a single-quoted string: `echo $'a\' ; ./g ;
 *  #'` is one word to bash and runs ./g in dash), no `[[ ]]` (`[[ a == b || ./g ]]` runs ./g), no `&>`
 *  or `|&` (`echo a &>f ./g` puts echo in the background and runs ./g), no here-string, no process
 *  substitution, no `((...))` (red team 26). */
function posixHazardOf(node: Node): string | undefined {
  // Red team 26: `((...))` is arithmetic to bash and two nested subshells to dash (`sh -c '((./g))'`
  // ran ./g; the grammar gave it as a test command holding a word, judged as no command).
  if (["ansi_c_string", "process_substitution", "herestring_redirect", "arithmetic_command", "c_style_for_statement"].includes(node.type) || (node.type === "test_command" && /^(\[\[|\(\()/.test(node.text))) {
    return `${JSON.stringify(node.text.slice(0, 40))} is bash's own syntax, which a POSIX sh (dash) reads otherwise`;
  }
  if (["&>", "&>>", "|&"].includes(node.type)) return `${node.type} is bash's own syntax, which a POSIX sh (dash) reads otherwise`;
  return undefined;
}

/** Every simple command of `script`, in the order bash would meet them (substitutions included).
 *  `posix`: the script is run by sh, dash or ash, and bash's own syntax is a hazard (posixHazardOf). */
export async function parseShell(script: string, options: { posix?: boolean } = {}): Promise<ParsedScript> {
  const parser = await bashParser();
  const tree = parser.parse(script);
  if (!tree) return { commands: [], unreadable: ["the parser gave no tree"], hazards: [] };
  try {
    const commands: SimpleCommand[] = [];
    const unreadable: string[] = [];
    const hazards: string[] = [];
    const visit = (node: Node): void => {
      if (node.type === "ERROR" || node.isMissing) unreadable.push(`cannot read ${JSON.stringify(node.text.slice(0, 60))} as shell`);
      // A `#` right after a backslash-newline: bash joins the lines first, so after a word's last
      // character it is more of the word, not a comment (red team 24: `echo a\`, then a line `#;. ./f`,
      // sourced f; the grammar read the line as a comment).
      // And one right after a word's last character: bash starts a comment only at a word's start
      // (red team 24: `[]#;. ./f` was `[]` and a comment to the grammar, the command `[]#` and then
      // `. ./f` to bash).
      if (node.type === "comment" && node.startIndex > 0 && !/[ \t\n;&|()<>]/.test(script[node.startIndex - 1] ?? "")) hazards.push(`the comment ${JSON.stringify(node.text.slice(0, 40))} begins inside a word, where bash reads no comment`);
      if (node.type === "comment" && /\\\n$/.test(script.slice(0, node.startIndex))) hazards.push(`the comment ${JSON.stringify(node.text.slice(0, 40))} follows a line continuation, which bash may join into a word`);
      const hazard = hazardOf(node) ?? (options.posix ? posixHazardOf(node) : undefined);
      if (hazard) hazards.push(hazard);
      // Words after a redirection of a compound command or a pipeline are no arguments of anything.
      if (node.type === "redirected_statement" && node.childForFieldName("body")?.type !== "command" && wordsAfterRedirections(node.namedChildren.filter((child): child is Node => child !== null)).length > 0) {
        hazards.push(`${JSON.stringify(node.text.slice(0, 40))} has words after a redirection, which bash and the grammar read differently`);
      }
      if (node.type === "command") {
        commands.push(simpleCommand(node));
        // Between a simple command's parts only blanks and line continuations: a line break no
        // backslash escapes ends the command for bash, where the grammar may go on (red team 24: `x`,
        // a line `\`, then `. ./f`, or `: =~` then a line `. ./f`, were judged as words of `x` and `:`).
        const parts = node.children.filter((child): child is Node => child !== null);
        // The operators and patterns of `[[ ]]` have no meaning in a simple command: the grammar read
        // `]]x =~ ||. ./f` as a command with a regular expression, bash as `]]x =~` || `. ./f` (red team 24).
        const misread = parts.find((part) => ["=~", "==", "!=", "regex", "test_operator", "extglob_pattern"].includes(part.type));
        if (misread) hazards.push(`${JSON.stringify(node.text.slice(0, 40))} holds ${JSON.stringify(misread.text.slice(0, 20))}, which the grammar reads as [[ ]] does and bash does not`);
        for (let i = 1; i < parts.length; i++) {
          const gap = script.slice(parts[i - 1]!.endIndex, parts[i]!.startIndex);
          if (UNESCAPED_LINE_BREAK.test(gap)) hazards.push(`${JSON.stringify(node.text.slice(0, 40))} goes on past a line break, where bash ends the command`);
          // Two parts with nothing between them are one word to bash (but a redirection's operator):
          // the grammar ended `x=}` and began a command `\$.` where bash read the assignment `x=}$.`
          // and ran ./f after it (red team 24, found by a fuzzer).
          if (gap === "" && !parts[i - 1]!.type.endsWith("redirect") && !parts[i]!.type.endsWith("redirect")) hazards.push(`${JSON.stringify(node.text.slice(0, 40))} splits a word where bash does not`);
        }
      }
      if (["string", "raw_string", "ansi_c_string", "heredoc_body", "comment", "translated_string"].includes(node.type)) quoted.push([node.startIndex, node.endIndex]);
      // The pieces of one word lie side by side: a blank between two is a word break to bash (red
      // team 24: `time -p \`\`./f` was the one word `-p./f` to the grammar, `-p` and ./f to bash).
      if (node.type === "concatenation") {
        const pieces = node.children.filter((child): child is Node => child !== null);
        for (let i = 1; i < pieces.length; i++) if (script.slice(pieces[i - 1]!.endIndex, pieces[i]!.startIndex) !== "") hazards.push(`${JSON.stringify(node.text.slice(0, 40))} is one word to the grammar and more than one to bash`);
      }
      for (const child of node.children) if (child) visit(child);
    };
    // Quoted text, where a carriage return is a character to both.
    const quoted: Array<[number, number]> = [];
    visit(tree.rootNode);
    // A carriage return is no blank to bash, and is one to the grammar: `x=<CR>ls ./f` is an assignment
    // and ./f run to bash, an assignment and `ls ./f` to the grammar (red team 24, found by a fuzzer).
    // So are a form feed and a vertical tab (`x=<FF>ls ./f` ran ./f), and any other blank but a space,
    // a tab and a line break: bash splits words at those three alone.
    for (const match of script.matchAll(/[^\S \t\n]/g)) {
      const at = match.index;
      if (!quoted.some(([start, end]) => at >= start && at < end)) {
        hazards.push(`a blank ${JSON.stringify(match[0])} outside quotes, which bash reads as part of a word and the grammar may read as a blank`);
        break;
      }
    }
    return { commands, unreadable, hazards };
  } finally {
    tree.delete();
  }
}

/** One piece of a word whose value depends on the environment: text as written (quotes and escapes
 *  removed), text bash expands into file names (an unquoted glob), a variable's value (`$NAME`,
 *  `${NAME}`; `~` at the start is HOME's), `split` when unquoted (bash splits the value into words
 *  and expands each as a glob), or one of a brace expansion's words (`{a,b}`). */
export type WordPart = { text: string } | { glob: string } | { variable: string; split?: true } | { alternatives: string[] };

/** A `.` or `source` command of a script: where, its text, and the file it names as parts, or null
 *  when more than variables decide it (a command substitution, `${x:-y}`, `~user`, `$@`). */
export interface SourceCommand {
  line: number;
  text: string;
  word: WordPart[] | null;
}

/** A command of a script that runs a file it names, not through PATH: a command named by a path
 *  (`"$PWD/.envrc"`, `~/bin/x`), a shell's script (`bash x.sh`), or a command named by a variable
 *  (`$c file`), which sources `then` when its value is `.` or `source`. `path`: the word as written
 *  has a slash (a name found on PATH is judged as a program, not here). */
export interface RunCommand {
  line: number;
  text: string;
  word: WordPart[] | null;
  then?: WordPart[] | null;
  path: boolean;
  /** A shell's script: read as shell code whatever its first line. */
  shell?: true;
  /** The function whose body holds it: it runs only if the function is called. */
  within?: string;
}

/** What a shell start-up file sources, and the values it gives variables (`NAME=...`, `export
 *  NAME=...`, each `for NAME in ...` word; `append` for `NAME+=...`; `cd` sets PWD), each as parts,
 *  or null when more than variables decide it. */
export interface SourcedScript {
  sources: SourceCommand[];
  runs: RunCommand[];
  /** The names of the commands the script runs (a function defined in one file may be called in another). */
  calls: string[];
  assignments: { name: string; value: WordPart[] | null; append?: true; line?: number; text?: string }[];
}

/** How bash expands a word: as a command's argument (`bare`: tilde, globs, unquoted variables split),
 *  inside double quotes (`quoted`: none of these), or as an assignment's value (`assigned`: tilde only). */
type WordMode = "bare" | "quoted" | "assigned";

/** `node`'s value as parts (see WordPart), or null when something else decides it. */
function wordParts(node: Node, mode: WordMode = "bare"): WordPart[] | null {
  switch (node.type) {
    case "word":
    case "number": {
      if (mode === "quoted") return [{ text: node.text }];
      const tilde = /^~(?=\/|$)/.test(node.text);
      if (/^~/.test(node.text) && !tilde) return null; // ~user, ~+, ~-
      const rest = unescapeBare(tilde ? node.text.slice(1) : node.text);
      const part: WordPart = mode === "bare" && hasGlob(tilde ? node.text.slice(1) : node.text) ? { glob: rest } : { text: rest };
      return tilde ? [{ variable: "HOME" }, part] : [part];
    }
    case "raw_string":
      return [{ text: node.text.slice(1, -1) }];
    case "ansi_c_string": {
      const text = ansiC(node.text.slice(2, -1));
      return text === undefined ? null : [{ text }];
    }
    case "command_substitution":
      // `$(pwd)`, `` `pwd` ``, `$(pwd -P)`: the shell's folder, as $PWD (red team 24: `export
      // PATH="$(pwd)/.tools:$PATH"` in a ~/.bashrc put the workspace on the snapshot shell's PATH).
      // A link-resolved spelling (-P) lands in the same place, which the reach checks resolve.
      if (/^(\$\(|`)\s*(builtin\s+|command\s+)?(\/bin\/|\/usr\/bin\/)?pwd(\s+-[LP])?\s*(\)|`)$/.test(node.text)) return mode === "bare" ? [{ variable: "PWD", split: true }] : [{ variable: "PWD" }];
      return null;
    case "simple_expansion":
    case "expansion": {
      // $NAME and ${NAME} only: operators (${x:-y}, ${x#y}), special and positional parameters are not read.
      const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(node.text)?.[1];
      if (!name) return null;
      return mode === "bare" ? [{ variable: name, split: true }] : [{ variable: name }];
    }
    case "string": {
      const parts: WordPart[] = [];
      // The text between the parts the parser names: quotes, and string content it may leave unnamed.
      let at = node.startIndex + 1;
      const textUpTo = (end: number) => {
        const between = unescapeQuoted(node.text.slice(at - node.startIndex, end - node.startIndex));
        if (between) parts.push({ text: between });
      };
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === "string_content") continue;
        textUpTo(child.startIndex);
        const inner = wordParts(child, "quoted");
        if (!inner) return null;
        parts.push(...inner);
        at = child.endIndex;
      }
      textUpTo(node.endIndex - 1);
      return parts;
    }
    case "concatenation": {
      const parts: WordPart[] = [];
      const children = node.namedChildren.filter((child): child is Node => child !== null);
      for (let i = 0; i < children.length; i++) {
        // Brace expansion (`~/{a,b}/env`), which the grammar leaves as the words `{`, `a,b`, `}`.
        const [open, inside, close] = children.slice(i, i + 3);
        if (mode === "bare" && open?.text === "{" && close?.text === "}" && inside?.type === "word" && inside.text.includes(",")) {
          if (/[{}$`\\]/.test(inside.text)) return null;
          parts.push({ alternatives: inside.text.split(",") });
          i += 2;
          continue;
        }
        const inner = wordParts(children[i]!, mode);
        if (!inner) return null;
        parts.push(...inner);
      }
      return parts;
    }
    default:
      return null;
  }
}

/** `words` with those bash joins into one put together: a backslash-newline between two words is a
 *  line continuation (`sour\<newline>ce`), which the grammar reads as a break between words. */
function joinedWords(words: readonly Node[], text: string): Node[][] {
  const groups: Node[][] = [];
  for (const word of words) {
    const last = groups.at(-1)?.at(-1);
    if (last && text.slice(last.endIndex, word.startIndex) === "\\\n") groups.at(-1)!.push(word);
    else groups.push([word]);
  }
  return groups;
}

/** wordValue, with `$'...'` decoded (`$'\x2e'` is `.`): what a start-up file sources must not hide
 *  behind a spelling. */
function decodedValue(node: Node): ShellWord {
  if (node.type === "ansi_c_string") return ansiC(node.text.slice(2, -1));
  if (node.type !== "concatenation") return wordValue(node);
  const pieces = node.namedChildren.map((child) => (child ? decodedValue(child) : undefined));
  return pieces.every((piece) => piece !== undefined) ? pieces.join("") : undefined;
}

const groupValue = (group: readonly Node[]): ShellWord => {
  const pieces = group.map(decodedValue);
  return pieces.every((piece) => piece !== undefined) ? pieces.join("") : undefined;
};

const groupParts = (group: readonly Node[], mode: WordMode = "bare"): WordPart[] | null => {
  const parts: WordPart[] = [];
  for (const word of group) {
    const inner = wordParts(word, mode);
    if (!inner) return null;
    parts.push(...inner);
  }
  return parts;
};

const PREFIXES = ["builtin", "command", "exec", "env", "nohup", "setsid", "nice"];

const shellName = (name: ShellWord): boolean => name !== undefined && ["bash", "sh", "dash", "zsh", "ksh"].includes(name.replace(/^.*\//, ""));

/** A shell's arguments (after its name): its script file, or its `-c` text. */
function scriptOf(words: readonly Node[][]): { file?: Node[]; text?: Node[] } {
  for (let i = 0; i < words.length; i++) {
    const word = groupValue(words[i]!) ?? "";
    if (/^-[A-Za-z]*c/.test(word)) return words[i + 1] ? { text: words[i + 1]! } : {};
    if (word === "-o" || word === "+o" || word === "-O" || word === "+O") i++;
    else if (!/^[-+]/.test(word)) return { file: words[i]! };
  }
  return {};
}

/** The `.` and `source` commands of `script` (also after `builtin` or `command`, and in the text an
 *  `eval` is given), and the values it assigns (`cd` and `pushd` set PWD), for following what a shell
 *  start-up file sources (safety/startup-sources.ts). */
export async function sourcesOf(script: string): Promise<SourcedScript> {
  const parser = await bashParser();
  const sources: SourceCommand[] = [];
  const runs: RunCommand[] = [];
  const calls = new Set<string>();
  const assignments: SourcedScript["assignments"] = [];
  // A function's body runs only when called: what it runs by path is judged then (its `.` and `source` always).
  const read = (text: string, firstLine: number, depth: number, within?: string): void => {
    const tree = parser.parse(text);
    if (!tree) return;
    try {
      const visit = (node: Node, within: string | undefined): void => {
        const line = firstLine + node.startPosition.row;
        const inside = within ? { within } : {};
        if (node.type === "variable_assignment") {
          const name = node.childForFieldName("name")?.text;
          const value = node.childForFieldName("value");
          const append = node.children.some((child) => child?.type === "+=");
          if (name) assignments.push({ name, value: value ? wordParts(value, "assigned") : [{ text: "" }], ...(append ? { append: true as const } : {}), line, text: node.text.slice(0, 120) });
          // What the shell reads as BASH_ENV or ENV when it starts another (a `bash -c` below it) is sourced.
          if (name === "BASH_ENV" || name === "ENV") sources.push({ line, text: node.text.slice(0, 120), word: value ? wordParts(value, "assigned") : null });
        } else if (node.type === "heredoc_body") {
          // Read as a script too: a shell may read it (`bash <<EOF`), and bash ends it where the
          // grammar may not (`<<E"O"F` ends at a line `EOF`; the grammar looks for `E"O"F`).
          if (depth < 4) read(node.text, line, depth + 1, within);
        } else if (node.type === "redirected_statement" || node.type === "pipeline") {
          // A shell reading its script from a file (`bash < f`, `. /dev/stdin < f`) or a pipe (`cat f | sh`).
          const commands = node.namedChildren.filter((child): child is Node => child?.type === "command");
          const reader = commands.at(-1);
          const readerWords = reader ? [reader.childForFieldName("name")?.namedChildren.find((child) => child !== null), ...reader.childrenForFieldName("argument")].filter((word): word is Node => !!word).map((word) => [word]) : [];
          const readerName = readerWords[0] ? groupValue(readerWords[0]) : undefined;
          const readsStdin = (shellName(readerName) && !scriptOf(readerWords.slice(1)).file && !scriptOf(readerWords.slice(1)).text) || ([".", "source"].includes(readerName ?? "") && readerWords[1] && groupValue(readerWords[1]) === "/dev/stdin");
          if (readsStdin) {
            const files =
              node.type === "pipeline"
                ? commands.slice(0, -1).filter((command) => command.childForFieldName("name")?.text === "cat").flatMap((command) => command.childrenForFieldName("argument"))
                : node.namedChildren.filter((child) => child?.type === "file_redirect" && child.children.some((each) => each?.type === "<")).map((child) => child?.namedChildren.at(-1));
            for (const file of files) if (file) runs.push({ line, text: node.text.slice(0, 120), word: groupParts([file]), path: true, shell: true, ...inside });
          }
        } else if (node.type === "for_statement") {
          const name = node.childForFieldName("variable")?.text;
          const values = node.childrenForFieldName("value").filter((value): value is Node => value !== null);
          // `for NAME; do` walks the positional parameters: not known.
          if (name) for (const value of values.length > 0 ? values : [null]) assignments.push({ name, value: value ? wordParts(value) : null });
        } else if (node.type === "command") {
          const words = joinedWords([node.childForFieldName("name")?.namedChildren.find((child) => child !== null), ...node.childrenForFieldName("argument")].filter((word): word is Node => !!word), text);
          let at = 0;
          // Commands that run the next word as a command: `builtin`, `command`, `exec`, `env [-i] [-u N] [N=v]`, `nohup`, `setsid`, `nice [-n N]`.
          for (let prefix = words[at] ? groupValue(words[at]!) : undefined; prefix !== undefined && PREFIXES.includes(prefix); prefix = words[at] ? groupValue(words[at]!) : undefined) {
            at++;
            while (words[at] && /^-|^[A-Za-z_][A-Za-z0-9_]*=/.test(groupValue(words[at]!) ?? "")) at += /^-[un]$/.test(groupValue(words[at]!) ?? "") ? 2 : 1;
          }
          const name = words[at] ? groupValue(words[at]!) : undefined;
          if (name !== undefined && name !== within) calls.add(name);
          if (name === "." || name === "source") {
            let file = words[at + 1];
            if (file && groupValue(file) === "--") file = words[at + 2];
            if (file) sources.push({ line, text: node.text.slice(0, 120), word: groupParts(file) });
          } else if (name === "cd" || name === "pushd") {
            // The folder later relative names and $PWD start from. `cd -` and `popd` go back to one already counted.
            const folder = words.slice(at + 1).find((word) => !/^-[LPe@]*$/.test(groupValue(word) ?? "") || groupValue(word) === "-");
            const parts = folder ? groupParts(folder) : [{ variable: "HOME" } as WordPart];
            if (groupValue(folder ?? []) !== "-") {
              const relative = parts && parts[0] && "text" in parts[0] && !parts[0].text.startsWith("/");
              assignments.push(relative ? { name: "PWD", value: [{ text: "/" }, ...parts], append: true } : { name: "PWD", value: parts });
            }
          } else if (name === "eval" || name === "trap" || (shellName(name) && scriptOf(words.slice(at + 1)).text)) {
            // eval runs its words joined as a script, trap its first at a signal or exit, `sh -c` its
            // text: read when the text fixes them; else a `.` or `source` in the text is a file decided
            // when the shell runs (`eval "$(direnv hook bash)"` is not).
            const given = name === "eval" ? words.slice(at + 1) : name === "trap" ? words.slice(at + 1, at + 2) : [scriptOf(words.slice(at + 1)).text!];
            const pieces = given.map(groupValue);
            if (pieces.every((piece) => piece !== undefined)) {
              if (depth < 4) read(pieces.join(" "), line, depth + 1, within);
            } else if (/(^|[\s;&|({'"])(\.|source)\s/.test(given.flat().map((word) => word.text).join(" "))) {
              sources.push({ line, text: node.text.slice(0, 120), word: null });
            }
          } else if (shellName(name)) {
            // A shell given a script runs it.
            const script = scriptOf(words.slice(at + 1)).file;
            if (script) runs.push({ line, text: node.text.slice(0, 120), word: groupParts(script), path: true, shell: true, ...inside });
          } else if (words[at] && (name === undefined || name.includes("/"))) {
            // A program named by a path runs on the host as much as a sourced file does.
            const written = words[at]!.map((word) => word.text).join("");
            runs.push({ line, text: node.text.slice(0, 120), word: groupParts(words[at]!), ...(words[at + 1] ? { then: groupParts(words[at + 1]!) } : {}), path: written.includes("/"), ...inside });
          }
        }
        const defines = node.type === "function_definition" ? node.childForFieldName("name")?.text : undefined;
        for (const child of node.children) if (child) visit(child, defines ?? within);
      };
      visit(tree.rootNode, within);
    } finally {
      tree.delete();
    }
  };
  read(script, 1, 0);
  return { sources, runs, calls: [...calls], assignments };
}
