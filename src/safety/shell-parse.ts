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
export const STEERING_VARIABLES = /^(PATH|HOME|XDG_CONFIG_HOME|ZDOTDIR|INPUTRC|BASH_ENV|ENV|PROMPT_COMMAND|PS[0-4]|SHELLOPTS|BASHOPTS|IFS|CDPATH|GLOBIGNORE|BASH_LOADABLES_PATH|EXECIGNORE|LD_[A-Z_]+|GIT_[A-Z0-9_]+|PAGER|EDITOR|VISUAL|LESSOPEN|LESSCLOSE|MANPAGER|MANOPT|TAR_OPTIONS|RSYNC_RSH|RSYNC_CONNECT_PROG|SSH_ASKPASS|SUDO_ASKPASS|SYSTEMD_PAGER|SYSTEMD_EDITOR|BROWSER|SHELL|ZIPOPT|PERL5[A-Z0-9_]*|PERLLIB|PERLIO|PYTHON[A-Z0-9_]*|NODE_OPTIONS|NODE_PATH|RUBYOPT|RUBYLIB|GEM_(HOME|PATH)|LUA_(INIT|PATH|CPATH)[A-Z0-9_]*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|CLASSPATH|TCLLIBPATH|GCONV_PATH|OPENSSL_(CONF|ENGINES|MODULES))$/;

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

/** Why a node makes bash run code its words do not show, or undefined. */
function hazardOf(node: Node): string | undefined {
  switch (node.type) {
    case "variable_assignment": {
      const name = node.childForFieldName("name")?.text ?? "";
      if (STEERING_VARIABLES.test(name)) return `assigning ${name} changes what the commands after it run`;
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
      if (STEERING_VARIABLES.test(name)) return `assigning ${name} changes what the commands after it run`;
      return undefined;
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
      const assigned = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?=/.exec(node.text)?.[1];
      if (assigned && STEERING_VARIABLES.test(assigned)) return `assigning ${assigned} changes what the commands after it run`;
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
      if (descriptorName && STEERING_VARIABLES.test(descriptorName)) return `assigning ${descriptorName} (a named file descriptor) changes what the commands after it run`;
      return undefined;
    case "declaration_command": {
      // NAME=VALUE spelt so that it is no assignment to the parser ("NAME=v", 'NAME'=v, $x=v), and a
      // nameref (declare -n r=NAME) through which a later assignment sets NAME: both ran the ssh
      // command of GIT_SSH_COMMAND (red team 10, measured).
      const parts = node.namedChildren.filter((child): child is Node => child !== null && child.type !== "variable_name");
      const options = parts.filter((child) => child.type === "word" && child.text.startsWith("-")).map((child) => child.text);
      const nameref = options.some((option) => /^-[a-zA-Z]*n/.test(option));
      // A nameref declared with no target takes as its target the first value assigned to it
      // (`declare -n r; r='a[x]'; echo $r` ran x's substitution: red team 11).
      if (nameref && node.namedChildren.some((child) => child?.type === "variable_name")) return `${JSON.stringify(node.text.slice(0, 40))} declares a nameref whose target a later assignment names`;
      // An integer variable's every assignment is evaluated as an expression (`declare -i n=x`).
      if (options.some((option) => /^[-+][a-zA-Z]*i/.test(option))) return `${JSON.stringify(node.text.slice(0, 40))} declares an integer variable, whose assignments bash evaluates as expressions`;
      for (const part of parts) {
        if (part.type === "variable_assignment") {
          const target = part.childForFieldName("value")?.text.replace(/^["']|["']$/g, "") ?? "";
          if (nameref && STEERING_VARIABLES.test(target)) return `a nameref to ${target} changes what the commands after it run`;
          if (nameref && (evaluatesSubscript(target) || /[$`]/.test(target))) return `a nameref to ${JSON.stringify(target.slice(0, 40))} is evaluated as a name each time it is used`;
          continue;
        }
        if (part.type === "word" && part.text.startsWith("-")) continue;
        const value = wordValue(part);
        if (value === undefined && /=|\$/.test(part.text)) return `${JSON.stringify(part.text.slice(0, 40))} declares a variable named at run time`;
        const declared = value?.includes("=") ? value.slice(0, value.indexOf("=")) : undefined;
        if (declared && STEERING_VARIABLES.test(declared)) return `assigning ${declared} changes what the commands after it run`;
        // `declare 'a[x]=1'`, `local 'a[x]'`: the name's subscript is evaluated.
        if (evaluatesSubscript(declared ?? value ?? "")) return `${JSON.stringify(part.text.slice(0, 40))} is an array subscript bash evaluates`;
      }
      return undefined;
    }
    case "unset_command":
      // Not a simple command to the parser: its names are judged here (`unset 'a[x]'` evaluates x).
      for (const part of node.namedChildren) {
        if (!part || (part.type === "word" && part.text.startsWith("-"))) continue;
        const value = part.type === "variable_name" ? part.text : wordValue(part);
        if (value === undefined || evaluatesSubscript(value)) return `${JSON.stringify(node.text.slice(0, 40))} unsets a name whose array subscript bash evaluates`;
      }
      return undefined;
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

/** One parser per process: loading the grammar costs ~0.3 s, a parse a few milliseconds. */
export function bashParser(): Promise<Parser> {
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
export function unescapeBare(text: string): string {
  return text.replace(/\\\n/g, "").replace(/\\(.)/gs, "$1");
}

// Characters that make bash expand a bare word into file names (when unquoted and unescaped).
export function hasGlob(text: string): boolean {
  return /(^|[^\\])[*?[]/.test(text);
}

/** A word's value when the text alone fixes it; undefined when an expansion, substitution or glob
 *  decides it at run time. */
export function wordValue(node: Node): ShellWord {
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
      return node.text.slice(1, -1).replace(/\\\n/g, "").replace(/\\([$`"\\])/g, "$1");
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

function simpleCommand(node: Node): SimpleCommand {
  const words: ShellWord[] = [];
  const name = node.childForFieldName("name");
  if (name) {
    const inner = name.namedChildren.find((child) => child !== null);
    words.push(inner ? wordValue(inner) : undefined);
  }
  for (const argument of node.childrenForFieldName("argument")) if (argument) words.push(wordValue(argument));
  return { words, text: node.text };
}

/** Every simple command of `script`, in the order bash would meet them (substitutions included). */
export async function parseShell(script: string): Promise<ParsedScript> {
  const parser = await bashParser();
  const tree = parser.parse(script);
  if (!tree) return { commands: [], unreadable: ["the parser gave no tree"], hazards: [] };
  try {
    const commands: SimpleCommand[] = [];
    const unreadable: string[] = [];
    const hazards: string[] = [];
    const visit = (node: Node): void => {
      if (node.type === "ERROR" || node.isMissing) unreadable.push(`cannot read ${JSON.stringify(node.text.slice(0, 60))} as shell`);
      const hazard = hazardOf(node);
      if (hazard) hazards.push(hazard);
      if (node.type === "command") commands.push(simpleCommand(node));
      for (const child of node.children) if (child) visit(child);
    };
    visit(tree.rootNode);
    return { commands, unreadable, hazards };
  } finally {
    tree.delete();
  }
}
