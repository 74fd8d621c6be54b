// What a shell start-up file sources and runs, read from its text with bash's grammar (the parser
// of safety/shell-parse.ts): the `.` and `source` commands, what it runs by path, and the values it
// assigns, each word as parts a variable may still decide (safety/startup-sources.ts works them out).
// Read as bash reads them (red team 19b): line continuations, `$'...'` decoded, `eval`, `trap` and
// `sh -c` text, here-documents, shells fed a file or a pipe, commands after `env` or `nohup`.
import type { Node } from "@vscode/tree-sitter-wasm";
import { bashParser, hasGlob, unescapeBare, wordValue, type ShellWord } from "./shell-parse.js";

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
  assignments: { name: string; value: WordPart[] | null; append?: true }[];
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
        const between = node.text.slice(at - node.startIndex, end - node.startIndex).replace(/\\\n/g, "").replace(/\\([$`"\\])/g, "$1");
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
          if (name) assignments.push({ name, value: value ? wordParts(value, "assigned") : [{ text: "" }], ...(append ? { append: true as const } : {}) });
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
