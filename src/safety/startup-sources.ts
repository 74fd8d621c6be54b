// What the shell start-up files source, followed. Codex 0.171.0's shell snapshot runs `bash -lc` on
// the host, outside its sandbox, in the run's working directory, and sources `~/.bashrc`; a launch
// context's login shell reads the start-up files too. A file those source runs on the host as much as
// they do. Red team 19: with `[ -f "$PWD/.envrc" ] && . "$PWD/.envrc"` in a `~/.bashrc` out of reach
// (a hand-rolled direnv), a `.envrc` in the workspace ran on the host at the next run's start, even a
// read-only run whose model asked for nothing. The same holds for `. "$HOME/.cargo/env"` with
// `~/.cargo` a writable root, or a `for rc in ~/.bashrc.d/*` loop over a folder in reach.
//
// Read with the bash grammar (safety/shell-parse.ts sourcesOf): a `.` or `source` command's file is
// worked out from text, variables the start-up files assign (`NVM_DIR="$HOME/.nvm"`, each word of a
// `for` loop), the environment, `$PWD` (the shells' working directory, and where a `cd` in the files
// moves them) and `~`; a glob stands for its folder and what the folder holds. Values are expanded as
// bash does (red team 19b: each of these hid a workspace file): an unquoted `$x` split at blanks and
// globbed, `x+=...` appended, `{a,b}`, a line continuation, and the text an `eval` runs; and what they run
// by path, a shell's script (given, `-c`, from a file or pipe), a `$cmd` holding `source`, a trap, a
// here-document and BASH_ENV run as much on the host. Followed in turn, to FOLLOW_AT_MOST files. A file whose name
// depends on more (a command substitution, `${x:-y}`, a variable nothing names) is not judged and is
// said (advisory). What files under /etc and /usr source is not followed: only root changes them,
// and they source system paths or decide at run time (bash-completion), which would only be noise.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ProbeMemo } from "../core/probe-memo.js";
import { z } from "zod";
import { resolvedPath, stateDir } from "../core/paths.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { sourcesOf, type SourcedScript, type WordPart } from "./shell-parse.js";

/** A file a start-up file sources (or could, for a glob's folder), with what sources it: `<file> line N`. */
export interface SourcedFile {
  file: string;
  by: string;
}

export interface StartupSources {
  files: SourcedFile[];
  /** `<file> line N: <command>` for each source command whose file could not be worked out. */
  unresolved: string[];
  /** The environments the shells go on with once the start-up files ran: `env` with each value the
   *  files assign to a variable of HOST_SEARCH_VARIABLES that can be worked out (red team 21: a
   *  `PATH="$PWD/.tools:$PATH"` in an out-of-reach ~/.bashrc had Codex's shell snapshot run the `sed`,
   *  `awk`, `wc` and `tr` a workspace-write run planted there, on the host). Empty when they assign none. */
  environments: NodeJS.ProcessEnv[];
}

/** Variables that decide which programs and libraries a shell started on the host runs by name (its
 *  PATH, the dynamic loader's), or which files the programs it starts read as code: a start-up file
 *  that assigns one changes them for the rest of the shell's life, as the caller's environment does. */
const HOST_SEARCH_VARIABLES = ["PATH", "LD_LIBRARY_PATH", "LD_PRELOAD", "LD_AUDIT", "GCONV_PATH", "LSB_OS_RELEASE", "GETCONF_DIR"] as const;

/** Files parsed per judgement at most (a start-up file sourcing a tree of plugin scripts). */
const FOLLOW_AT_MOST = 48;
/** Values a word may take at most (variables with several values multiply). */
const VALUES_AT_MOST = 64;
/** Larger files are not parsed (said as not judged). */
const BYTES_AT_MOST = 1 << 20;
const SYSTEM_FOLDERS = ["/etc/", "/usr/"];

/** Whether what `file` sources is left unfollowed: a system file, under /etc or /usr (see the header)
 *  both as spelled (`..` folded) and where its links lead (red team 22: `/etc/../home/…` is no system
 *  file, nor a link from /etc to a user's file). */
export const isSystemFile = (file: string): boolean => [path.resolve(file), resolvedPath(file)].every((form) => SYSTEM_FOLDERS.some((folder) => form.startsWith(folder)));

/** `name` without empty or `.` segments, its `..` kept: the kernel follows a link before a `..` after
 *  it, so `<link>/..` is left for the judge to take both ways (sandbox-reach's bothForms; red team 22),
 *  where path.normalize would fold it by text into the folder beside the link. */
const kernelSpelling = (name: string): string => {
  const kept = name.split("/").filter((segment, i) => i === 0 || (segment !== "" && segment !== "."));
  return kept.length === 1 && kept[0] === "" ? "/" : kept.join("/") || ".";
};

const partSchema = z.union([
  z.object({ text: z.string() }),
  z.object({ glob: z.string() }),
  z.object({ variable: z.string(), split: z.literal(true).optional() }),
  z.object({ alternatives: z.array(z.string()) }),
]);
const wordSchema = z.array(partSchema).nullable();
const scriptSchema = z.object({
  sources: z.array(z.object({ line: z.number(), text: z.string(), word: wordSchema })),
  runs: z.array(z.object({ line: z.number(), text: z.string(), word: wordSchema, then: wordSchema.optional(), path: z.boolean(), shell: z.literal(true).optional(), within: z.string().optional() })),
  calls: z.array(z.string()),
  assignments: z.array(z.object({ name: z.string(), value: wordSchema, append: z.literal(true).optional() })),
});

/** Parsed scripts by the sha256 of their text: this process's, then the state directory's. */
const parsed = new Map<string, SourcedScript>();

/** The state directory holds the answers by the text's hash: loading the grammar costs ~130 ms, which
 *  every CLI run would pay for an unchanged ~/.bashrc. guardLocations keeps the state directory out of
 *  every sandbox's reach (a run whose reach covers it is refused), as for the history of writable
 *  roots it keeps. The format's version is in the name. */
async function parsedScript(text: string, env: NodeJS.ProcessEnv): Promise<SourcedScript> {
  const hash = createHash("sha256").update(text).digest("hex");
  const known = parsed.get(hash);
  if (known) return known;
  const file = path.join(stateDir(env), "shell-sources", `v7-${hash}.json`);
  let script: SourcedScript | undefined;
  try {
    script = scriptSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    script = await sourcesOf(text);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileReplacing(file, `${JSON.stringify(script)}\n`);
    } catch {
      // not kept: parsed again next time
    }
  }
  parsed.set(hash, script);
  return script;
}

/** The text of a regular file we follow, or why not (undefined when there is no such file). */
function readable(file: string): { text: string } | { why: string } | undefined {
  // A link loop (ELOOP), a folder we may not enter (EACCES): said, and the place still judged; the
  // gate must not fail on a user's broken ~/.bashrc line.
  const why = (error: unknown) => ({ why: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` });
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) return undefined;
    if (stat.size > BYTES_AT_MOST) return { why: `is larger than ${BYTES_AT_MOST} bytes` };
    return { text: readFileSync(file, "utf8") };
  } catch (error) {
    return why(error);
  }
}

/** Whether `file`, run by path, is shell code: a `#!` line naming a shell, or a text file with none. */
function isShellScript(file: string): boolean {
  try {
    const fd = openSync(file, "r");
    const buffer = Buffer.alloc(128);
    const head = buffer.toString("latin1", 0, readSync(fd, buffer, 0, 128, 0));
    closeSync(fd);
    // Without `#!`, a text file the kernel will not run is run by bash as a script of its own.
    if (!head.startsWith("#!")) return !head.startsWith("\x7fELF") && !head.includes("\0");
    return /^#!\s*\S*\b(ba|da|k|z)?sh\b/.test(head) || /^#!\s*\S*env\s+(-\S+\s+)*(ba|da|k|z)?sh\b/.test(head);
  } catch {
    return false;
  }
}

/** The values of `word`: paths (a glob's folder and entries for a glob), or why not known. */
type Value = { text: string; glob: boolean };
/** `known`: the values that can be worked out, leaving out the rest (rather than why not). */
type Lookup = (name: string, depth: number, known?: boolean) => { values: Value[]; why?: string };

function valuesOf(word: WordPart[], lookup: Lookup, depth: number): { values: Value[]; why?: string } {
  let values = [{ text: "", glob: false }];
  for (const part of word) {
    if ("variable" in part) {
      const found = lookup(part.variable, depth + 1);
      if (found.why) return { values: [], why: found.why };
      // Unquoted, bash splits the value at blanks and expands each field as a glob: each field is
      // taken as a value of its own (more than bash makes of it, never less).
      const fields = part.split ? found.values.flatMap((each) => each.text.split(/[ \t\n]+/).filter(Boolean).map((text) => ({ text, glob: each.glob || /[*?[]/.test(text) }))) : found.values;
      values = values.flatMap((value) => fields.map((each) => ({ text: value.text + each.text, glob: value.glob || each.glob })));
    } else if ("alternatives" in part) {
      values = values.flatMap((value) => part.alternatives.map((text) => ({ text: value.text + text, glob: value.glob || /[*?[]/.test(text) })));
    } else if ("glob" in part) {
      values = values.map((value) => ({ text: value.text + part.glob, glob: true }));
    } else {
      values = values.map((value) => ({ text: value.text + part.text, glob: value.glob }));
    }
    if (values.length > VALUES_AT_MOST) return { values: [], why: `takes more than ${VALUES_AT_MOST} values` };
  }
  return { values };
}

/** The files a value names: a relative name from the working directories (the shells' and those a
 *  `cd` in the files moves to; without a slash, the PATH folders first, which bash's `.` searches
 *  first); a glob's folder and what it holds. */
function filesOf(value: Value, paths: readonly string[], cwds: readonly string[]): string[] {
  // Every PATH the shell may have by then (the environment's, and what the start-up files assign).
  const searched = paths.flatMap((each) => each.split(":").flatMap((dir) => (dir.startsWith("/") ? [dir] : cwds.map((cwd) => `${cwd}/${dir || "."}`))));
  const bases = value.text.startsWith("/") ? [""] : value.text.includes("/") ? cwds : [...new Set([...searched, ...cwds])];
  return bases.flatMap((base) => {
    const full = base ? `${base}/${value.text}` : value.text;
    if (!value.glob) return [kernelSpelling(full)];
    const segments = full.split("/");
    const first = segments.findIndex((segment) => /[*?[]/.test(segment));
    const folder = kernelSpelling(segments.slice(0, first).join("/") || "/");
    // What the pattern matches, segment by segment from its first glob (red team 24:
    // `~/.bashrc.d/*/*.sh` sourced a second-level link into the workspace that a listing of the
    // folder's own entries never saw); `**` (globstar) as deep as GLOB_DEPTH. Each entry is judged
    // where its links lead.
    return [folder, ...globMatches(folder, segments.slice(first))];
  });
}

/** How deep a `**` glob is walked, and how many entries a glob stands for at most. */
const GLOB_DEPTH = 8;
const GLOB_ENTRIES = 2000;

/** A glob segment as a regular expression: `*`, `?`, `[...]`; more than bash matches (a leading
 *  dot too), never less. */
function globRegex(segment: string): RegExp {
  // An extglob pattern (`@(a|b)`, `+(x)`, `!(y)`) is not read here: it stands for every entry.
  if (/[?*+@!]\(/.test(segment)) return /^.*$/s;
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    const close = c === "[" ? segment.indexOf("]", i + 2) : -1;
    if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else if (close > 0) {
      const body = segment.slice(i + 1, close);
      source += `[${/^[!^]/.test(body) ? `^${body.slice(1)}` : body}]`.replace(/\\/g, "\\\\");
      i = close;
    } else source += c.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  try {
    return new RegExp(`^${source}$`, "s");
  } catch {
    return /^.*$/s;
  }
}

/** The paths under `folder` that glob segments `rest` match: each folder on the way and each match,
 *  whether a file or not (a name with no glob as written, there or not). At most GLOB_ENTRIES. */
function globMatches(folder: string, rest: readonly string[]): string[] {
  const out: string[] = [];
  const join = (dir: string, name: string) => (dir === "/" ? `/${name}` : `${dir}/${name}`);
  const entries = (dir: string): Dirent[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return []; // not there (yet), or no folder
    }
  };
  const walk = (dir: string, i: number, level: number): void => {
    if (out.length >= GLOB_ENTRIES || i >= rest.length || level > GLOB_DEPTH * 2) return;
    const segment = rest[i]!;
    if (segment === "") return walk(dir, i + 1, level);
    if (segment === "**") {
      // Zero or more folders (links not walked through, as bash's globstar), then the rest.
      const folders = (from: string, depth: number): void => {
        walk(from, i + 1, level + 1);
        if (i + 1 >= rest.length) for (const entry of entries(from)) if (out.length < GLOB_ENTRIES) out.push(join(from, entry.name));
        if (depth >= GLOB_DEPTH) return;
        for (const entry of entries(from)) {
          if (!entry.isDirectory() || out.length >= GLOB_ENTRIES) continue;
          out.push(join(from, entry.name));
          folders(join(from, entry.name), depth + 1);
        }
      };
      return folders(dir, 1);
    }
    if (!/[*?[]/.test(segment)) {
      out.push(join(dir, segment));
      return walk(join(dir, segment), i + 1, level + 1);
    }
    const pattern = globRegex(segment);
    for (const entry of entries(dir)) {
      if (out.length >= GLOB_ENTRIES) return;
      if (!pattern.test(entry.name)) continue;
      out.push(join(dir, entry.name));
      walk(join(dir, entry.name), i + 1, level + 1);
    }
  };
  walk(folder, 0, 0);
  return out;
}

/**
 * What `startupFiles` (launch/shell-startup.ts shellStartupFiles) source, followed, for shells with
 * `env` started in `cwds`: each file with the command that names it, whether it exists or not (one
 * not there yet can be written). Unreadable or unworkable names are listed in `unresolved`.
 */
export async function startupSources(startupFiles: readonly string[], env: NodeJS.ProcessEnv, cwds: readonly string[], memo?: ProbeMemo): Promise<StartupSources> {
  const scripts = new Map<string, SourcedScript>();
  // Files not read (too large, unreadable, one too many), and source commands not worked out (each round's own).
  const unread: string[] = [];
  let unresolved: string[] = [];
  const found = new Map<string, string>();
  // Programs run by path (judged, not read as shell code).
  const programs = new Set<string>();
  const homes = env.HOME ? [env.HOME] : [os.userInfo().homedir];
  // A file reached under two spellings (a glob walked through `..`) is read once.
  const followedReal = new Set<string>();
  const follow = async (file: string) => {
    // The gate's evaluation answers what it already resolved (core/probe-memo.ts): /etc's and HOME's links.
    if (scripts.has(file) || (memo ? memo.during(() => isSystemFile(file)) : isSystemFile(file))) return;
    let real: string | undefined;
    try {
      real = realpathSync(file);
    } catch {
      // not there (yet)
    }
    if (real !== undefined && followedReal.has(real)) {
      scripts.set(file, { sources: [], runs: [], calls: [], assignments: [] });
      return;
    }
    if (real !== undefined) followedReal.add(real);
    if (scripts.size >= FOLLOW_AT_MOST) {
      unread.push(`${file}: more than ${FOLLOW_AT_MOST} files are sourced; not followed`);
      scripts.set(file, { sources: [], runs: [], calls: [], assignments: [] });
      return;
    }
    const read = readable(file);
    if (read && "why" in read) unread.push(`${file} ${read.why}`);
    scripts.set(file, read && "text" in read ? await parsedScript(read.text, env) : { sources: [], runs: [], calls: [], assignments: [] });
  };
  for (const file of startupFiles) await follow(file);
  // Each round reads the values every file read so far assigns (a variable .profile exports, .bashrc
  // uses), works out each source command's files, and follows the new ones.
  let lastLookup: Lookup | undefined;
  let lastAssigned = new Map<string, unknown[]>();
  for (let round = 0; round < FOLLOW_AT_MOST; round++) {
    const assigned = new Map<string, { value: WordPart[] | null; append?: true }[]>();
    for (const script of scripts.values()) for (const each of script.assignments) assigned.set(each.name, [...(assigned.get(each.name) ?? []), each]);
    const lookup: Lookup = (name, depth, known = false) => {
      if (depth > 4) return { values: [], why: `$${name} is defined through too many variables` };
      const given = name === "PWD" ? cwds : name === "HOME" ? homes : env[name] !== undefined ? [env[name]!] : [];
      const values = new Map<string, Value>(given.map((text) => [`${text}\0false`, { text, glob: false }]));
      // Values set, then each `+=` (or relative `cd`) appended to every value set before it or after
      // (the order the shell runs them in is not known).
      const all = assigned.get(name) ?? [];
      for (const { value, append } of [...all.filter((each) => !each.append), ...all.filter((each) => each.append)]) {
        if (!value && known) continue;
        if (!value) return { values: [], why: `$${name} is assigned a value decided when the shell runs` };
        // `PATH="$PWD/bin:$PATH"`: the variable's own name in its value is its value before (any set so far).
        const inner = valuesOf(value, (other, at, known) => (other === name ? { values: values.size > 0 ? [...values.values()] : [{ text: "", glob: false }] } : lookup(other, at, known)), depth);
        if (inner.why && known) continue;
        if (inner.why) return { values: [], why: inner.why };
        const bases = append ? [...values.values()] : [{ text: "", glob: false }];
        for (const base of bases) for (const each of inner.values) values.set(`${base.text}${each.text}\0${base.glob || each.glob}`, { text: base.text + each.text, glob: base.glob || each.glob });
        if (values.size > VALUES_AT_MOST) return { values: [], why: `$${name} takes more than ${VALUES_AT_MOST} values` };
      }
      if (values.size === 0) return { values: [], why: `$${name} is set neither in the environment nor by the start-up files` };
      return { values: [...values.values()] };
    };
    lastLookup = lookup;
    lastAssigned = assigned;
    const before = scripts.size;
    unresolved = [];
    // bash calls command_not_found_handle itself, for any command not found.
    const called = new Set(["command_not_found_handle", ...[...scripts.values()].flatMap((script) => script.calls)]);
    // Relative names start from each folder the shells are in: where they start, and where a `cd` moves them.
    const folders = lookup("PWD", 0);
    const bases = [...new Set([...cwds, ...lookup("PWD", 0, true).values.map((value) => value.text)])];
    const searchPaths = [...new Set([...(env.PATH !== undefined ? [env.PATH] : []), ...lookup("PATH", 0, true).values.map((value) => value.text)])];
    /** A command's word worked out, or why not (null: more than variables decide it). */
    const wordValues = (word: WordPart[] | null) => (word ? valuesOf(word, lookup, 0) : { values: [], why: "its file is decided when the shell runs" });
    /** Each file `value` names, judged as named by `by` (the first command that names it). */
    const name = (value: Value, by: string): string[] => {
      const targets = filesOf(value, searchPaths, bases);
      for (const target of targets) if (!found.has(target)) found.set(target, by);
      return targets;
    };
    for (const [file, script] of scripts) {
      for (const source of script.sources) {
        const by = `${file} line ${source.line}`;
        const values = wordValues(source.word);
        if (values.why) unresolved.push(`${by}: \`${source.text}\` (${values.why})`);
        // A relative name from a folder a `cd` decides at run time is as unknown.
        if (folders.why && values.values.some((value) => !value.text.startsWith("/"))) unresolved.push(`${by}: \`${source.text}\` (a relative name, and ${folders.why})`);
        for (const value of values.values) name(value, by);
      }
      // Programs run by path, shells' scripts, and a command named by a variable that holds `.` or `source`.
      for (const run of script.runs.filter((each) => each.within === undefined || called.has(each.within))) {
        const by = `${file} line ${run.line}`;
        const values = wordValues(run.word);
        // A name with no slash is looked up on PATH (judged as a program): said only when written as a path.
        if (values.why && run.path) unresolved.push(`${by}: \`${run.text}\` (${values.why})`);
        for (const value of values.values) {
          if ([".", "source"].includes(value.text) && run.then !== undefined) {
            const named = wordValues(run.then);
            if (named.why) unresolved.push(`${by}: \`${run.text}\` (${named.why})`);
            for (const each of named.values) name(each, by);
          } else if (value.text.includes("/") || run.path) {
            // Its text is shell code only for a shell's script or a `#!` shell script: a program is judged where it lies, not read.
            for (const target of name(value, by)) if (!run.shell && !isShellScript(target)) programs.add(target);
          }
        }
      }
    }
    for (const target of found.keys()) if (!programs.has(target)) await follow(target);
    if (scripts.size === before) break;
  }
  // A value of PATH or the loader's variables decided when the shell runs (`PATH="$(npm bin):$PATH"`)
  // is not judged: said (red team 24; `$(pwd)` is read as $PWD).
  for (const [file, script] of scripts) {
    for (const each of script.assignments) {
      if (each.value === null && (HOST_SEARCH_VARIABLES as readonly string[]).includes(each.name)) unresolved.push(`${file} line ${each.line ?? "?"}: \`${each.text ?? each.name}\` (${each.name} is assigned a value decided when the shell runs)`);
    }
  }
  // Each known value of a variable the files assign, one environment each (the others as given).
  const environments: NodeJS.ProcessEnv[] = [];
  for (const name of HOST_SEARCH_VARIABLES) {
    if (!lastLookup || !lastAssigned.has(name)) continue;
    for (const value of lastLookup(name, 0, true).values) if (value.text !== env[name]) environments.push({ ...env, [name]: value.text });
  }
  return { files: [...found].map(([file, by]) => ({ file, by })), unresolved: [...new Set([...unread, ...unresolved])], environments };
}
