// What a run's sandbox can write: the rule "what the sandbox can write, the host never trusts" needs
// to know it before the run starts. Codex's workspace-write lets sandboxed commands write the working
// directory, /tmp and $TMPDIR (unless excluded) and the configured writable roots; read-only lets
// them write nothing; danger-full-access has no sandbox. Inside the working directory Codex keeps the
// top-level `.git` and `.codex` read-only, even before they exist (measured on codex 0.169.0: "Read-only
// file system" for both, and `git init` in a folder with no `.git` fails).
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { overrideValue } from "../codex/config-overrides.js";
import type { SandboxMode } from "../codex/vocabulary.js";
import { configEntries, environmentConfig, gitConfigFiles, gitPlumbingEnv } from "../core/git.js";
import { followedText, gitDirStorePaths, gitStorePaths } from "../core/git-head.js";
import { findOnPath } from "../core/fs-lookup.js";
import { asFolder, isInFolder, pathsFromEnv, resolvedPath, type Folder } from "../core/paths.js";
import type { SourcedFile } from "./startup-sources.js";
import { defaultPolicy, type Policy } from "./policy.js";
import { earlierWritableRoots } from "./reach-history.js";


export interface SandboxReach {
  sandbox: SandboxMode;
  /** danger-full-access: no sandbox, every path is in reach. */
  unbounded: boolean;
  /** Writable roots, each as given and with links resolved. */
  roots: string[];
  /** Folders inside a root that Codex keeps read-only. */
  readOnly: string[];
}

const bothForms = (dir: string): string[] => [...new Set([path.resolve(dir), resolvedPath(dir)])];

export interface ReachInput {
  sandbox: SandboxMode;
  cwd: string;
  /** The environment Codex gets ($TMPDIR). */
  env: NodeJS.ProcessEnv;
  policy: Policy;
  /** The run's `-c` overrides, after the policy's (later ones win, as in Codex). */
  config: readonly string[];
}

export function sandboxReach(input: ReachInput): SandboxReach {
  const { sandbox, cwd, env, policy, config } = input;
  if (sandbox === "danger-full-access") return { sandbox, unbounded: true, roots: ["/"], readOnly: [] };
  if (sandbox === "read-only") return { sandbox, unbounded: false, roots: [], readOnly: [] };
  const roots = [cwd, ...policy.sandbox.writable_roots];
  const extra = overrideValue(config, "sandbox_workspace_write.writable_roots");
  // Codex 0.171.0 takes `~` and `~/...` from HOME (measured: `["~/"]` let a command write HOME, red
  // team 21); judged both as HOME's and as written, a relative root from the working directory.
  const home = env.HOME || os.homedir();
  if (Array.isArray(extra)) roots.push(...extra.filter((r): r is string => typeof r === "string").flatMap((r) => [path.resolve(cwd, r), ...(/^~(\/|$)/.test(r) ? [path.join(home, r.slice(1))] : [])]));
  if (overrideValue(config, "sandbox_workspace_write.exclude_slash_tmp") !== true) roots.push("/tmp");
  if (overrideValue(config, "sandbox_workspace_write.exclude_tmpdir_env_var") !== true) {
    // Both the TMPDIR Codex gets and ours: a launch context's rc files may change it on the way.
    for (const tmp of [env.TMPDIR, os.tmpdir()]) if (tmp) roots.push(tmp);
  }
  return {
    sandbox,
    unbounded: false,
    roots: [...new Set(roots.flatMap(bothForms))],
    readOnly: shieldedIn(cwd),
  };
}

const shieldedIn = (root: string): string[] => [".git", ".codex"].flatMap((name) => bothForms(path.join(root, name)));

/** `reach` widened by the writable roots of earlier workspace-write runs (safety/reach-history.ts):
 *  what we read may have been planted by any of them. The top-level `.git` and `.codex` of a root that
 *  was its run's working directory were shielded from that run, as this run's are. */
export function withEarlierRoots(reach: SandboxReach, earlier: { roots: readonly string[]; cwds: readonly string[] }): SandboxReach {
  if (reach.unbounded || earlier.roots.length === 0) return reach;
  // A root some earlier run could write as a plain root (a jailed danger-full-access run's workspace,
  // another run's extra writable root) had no shield in that run: this run's own shield of the same
  // folder must not hide it (red team, issue 27: a committed policy planted that way was trusted).
  const plain = new Set(earlier.roots.filter((root) => !earlier.cwds.includes(root)).flatMap(bothForms));
  return {
    ...reach,
    roots: [...new Set([...reach.roots, ...earlier.roots.flatMap(bothForms)])],
    readOnly: [...new Set([...reach.readOnly, ...earlier.cwds.flatMap(shieldedIn)])].filter((dir) => !plain.has(path.dirname(dir))),
  };
}

/** What a workspace-write run in `cwd` under the built-in policy, or any earlier workspace-write run,
 *  could write: the reach a path we use before a run's own gate is judged against (a collaboration's
 *  or the lab's `--out`, an `--output-schema` file, the environment `doctor` runs programs with). */
export function defaultWorkspaceReach(cwd: string, env: NodeJS.ProcessEnv): SandboxReach {
  return withEarlierRoots(sandboxReach({ sandbox: "workspace-write", cwd, env, policy: defaultPolicy(), config: [] }), earlierWritableRoots(env));
}

/** `word` with a leading `~/`, `$HOME/` or `${HOME}/` taken from `env`'s HOME, as a shell reading a
 *  configuration's command would take it. */
export const homeExpanded = (word: string, env: NodeJS.ProcessEnv): string => (env.HOME !== undefined ? word.replace(/^(~|\$HOME|\$\{HOME\})(?=\/)/, env.HOME) : word);

/** A list of folders made absolute and normalized once (asFolder, core/paths.ts): the folder side of
 *  isUnder, which reachingRoot asked ~30 times a call, hundreds of calls a run. Remembered per list
 *  and checked against the list's text at each use, so a list changed in place is worked out again. */
type ResolvedFolder = Folder & { dir: string };
const resolvedLists = new WeakMap<readonly string[], { text: string; folders: ResolvedFolder[] }>();

function resolvedFolders(dirs: readonly string[]): ResolvedFolder[] {
  const text = dirs.join("\0");
  const known = resolvedLists.get(dirs);
  if (known?.text === text) return known.folders;
  const folders = dirs.map((dir) => ({ dir, ...asFolder(dir) }));
  resolvedLists.set(dirs, { text, folders });
  return folders;
}

/** The writable root through which the sandbox can write `target` (or something inside it), if any. */
export function reachingRoot(reach: SandboxReach, target: string): string | undefined {
  if (reach.unbounded) return "/";
  const roots = resolvedFolders(reach.roots);
  const readOnly = resolvedFolders(reach.readOnly);
  for (const candidate of bothForms(target)) {
    const inside = path.resolve(candidate);
    // Codex keeps `<cwd>/.git` and `<cwd>/.codex` read-only against the cwd root only: the same folder
    // under another root (a repository under /tmp or $TMPDIR) is writable through that root, by any run.
    const shielded = readOnly.filter((dir) => isInFolder(inside, dir)).map((dir) => path.dirname(dir.dir));
    const root = roots.find((r) => isInFolder(inside, r) && !shielded.includes(r.dir));
    if (root) return root.dir;
  }
  return undefined;
}

/** The first folder git reads for the repository whose work tree is `top` (its `.git`, the git and
 *  common directories a `.git` file names, every object directory) that the sandbox can write, with
 *  the root that reaches it: `<top>/.git` out of reach is not enough (red team 11: a worktree of a
 *  repository under $TMPDIR, a clone whose objects are kept there). Before them, the programs we would
 *  run there outside the sandbox, found on our PATH (red team 12, reachingHostProgram). `why` says
 *  what lies where, for a refusal. */
export function reachingRepository(reach: SandboxReach, top: string, stores: readonly string[] = gitStorePaths(top)): RepositoryReach | undefined {
  // git itself, and setpriv, which every child of ours is started through (process/spawn.ts).
  const program = reachingHostProgram(reach, gitPlumbingEnv(process.env), process.cwd());
  if (program) return { dir: program.file, why: hostProgramReason(reach, program), rule: "program location" };
  for (const dir of stores) {
    const root = reachingRoot(reach, dir);
    if (root) return { dir, why: `the repository's ${dir} lies where a sandboxed run can write (${reachReason(reach, root)})`, rule: "policy location" };
  }
  // The configuration our git reads besides the repository's folders: the global files and what
  // they, and the repository's own config files, include (red team 13).
  const config = reachingGitConfig(reach, gitPlumbingEnv(process.env), repositoryConfigFiles(stores), [top]);
  if (config) return { dir: config.file, why: `the git configuration ${gitConfigReason(reach, config)}, and git outside the sandbox reads it`, rule: "git config location" };
  return undefined;
}

export type RepositoryReach = { dir: string; why: string; rule: "program location" | "policy location" | "git config location" };

export interface RepositoryJudge {
  /** reachingRepository(reach, top), worked out once per repository. */
  reaching(top: string): RepositoryReach | undefined;
  /** core/git-head.ts gitStorePaths(top), walked once per repository. */
  stores(top: string): readonly string[];
}

/** reachingRepository for one gate evaluation, each repository judged once. An evaluation judges the
 *  same repository two or more times (the committed policy's, each `.codex` folder's, the working
 *  directory's configuration files), and each judgement searches PATH and walks the repository's
 *  store: the gate's largest CPU cost in a CPU profile of `runOnce`. The caller keeps it for the one
 *  evaluation it makes it for: an answer must not outlive it, since a later run may plant what this
 *  one did not find. */
export function repositoryJudge(reach: SandboxReach): RepositoryJudge {
  const judged = new Map<string, RepositoryReach | undefined>();
  const walked = new Map<string, readonly string[]>();
  const stores = (top: string): readonly string[] => {
    if (!walked.has(top)) walked.set(top, gitStorePaths(top));
    return walked.get(top)!;
  };
  return {
    stores,
    reaching(top) {
      if (!judged.has(top)) judged.set(top, reachingRepository(reach, top, stores(top)));
      return judged.get(top);
    },
  };
}

/** Programs that Codex or codex-headless run outside the sandbox by their name on PATH: bwrap (Codex
 *  0.169.0 sandboxes every command with the first bwrap on its PATH — measured — and so does our
 *  sandbox probe; the jail is one), git (Codex reads the repository's state, we read the committed
 *  policy), setpriv (every child we spawn starts through it), prlimit (the jail); and what Codex 0.171.0
 *  was seen to start by name on the host in a run whose model asked for nothing (the lab's
 *  `host-programs` finding): lsb_release and getconf, the programs Debian's lsb_release script runs
 *  (getopt, cut, tr), and those of its shell snapshot's login shell (id, awk, sed, wc). Searched for
 *  links into reach from folders out of it; a PATH folder in reach is refused whatever it holds. */
const HOST_PROGRAMS = ["bwrap", "git", "setpriv", "prlimit", "lsb_release", "getconf", "getopt", "cut", "tr", "id", "awk", "sed", "wc"] as const;

/** Environment variables whose value git outside the sandbox runs as a command (GIT_ASKPASS ...), or
 *  a folder it runs programs from (GIT_EXEC_PATH) or copies hooks from (GIT_TEMPLATE_DIR). */
const GIT_PROGRAM_VARIABLES = ["GIT_EXEC_PATH", "GIT_TEMPLATE_DIR", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_PAGER", "GIT_EXTERNAL_DIFF"] as const;

/** Configuration keys (their last part, any section) whose value git runs as a command or takes
 *  programs from: `core.hooksPath`, `core.fsmonitor`, `core.sshCommand`, `credential.helper`,
 *  `filter.*.clean`, `diff.*.textconv`, `gpg.program`, `trailer.*.command` ... (and `alias.*`, `pager.*`). */
const GIT_PROGRAM_KEY = /(command|cmd|program|helper|hook|hookspath|editor|pager|fsmonitor|askpass|gitproxy|driver|textconv|clean|smudge|process|external|uploadpack|receivepack|templatedir|proxy)$/i;

/** The words of a command git runs that may name a program or a file it reads: paths and bare
 *  names, not options, URLs or the `!` of a shell alias (`ext::` commands spell spaces `%`). An
 *  option's value that is a path is a word too (red team 24: `perl -Mlib=./tools -MStrip` in a clean
 *  filter loaded a work-tree module on the host): after `=` (`--require=./x`, `-Mlib=./tools`, a
 *  `:` or `,` list), or glued to a short option (`-I./tools`; `-I` takes any value, `-I.`, `-Itools`:
 *  perl's and ruby's module folder). */
export const commandWords = (text: string): string[] =>
  text
    .replace(/^ext::/, "")
    .split(/[\s;|&()<>'"`%]+/)
    .map((word) => word.replace(/^!/, "").replace(/^[A-Za-z_][A-Za-z0-9_]*=/, ""))
    .flatMap((word) => (word.startsWith("-") ? optionPaths(word) : [word]))
    .filter((word) => word !== "" && !word.startsWith("-") && !/^[a-z][a-z0-9+.-]*:/i.test(word));

const pathLike = (value: string): boolean => value.includes("/") || value === "." || value === "..";

/** The paths an option word gives (see commandWords). */
function optionPaths(word: string): string[] {
  const equals = word.indexOf("=");
  if (equals > 0) return word.slice(equals + 1).split(/[:,]/).filter(pathLike);
  if (word.startsWith("--") || word.length < 3) return [];
  if (word[1] === "I") return [word.slice(2)];
  return pathLike(word.slice(2)) ? [word.slice(2)] : [];
}

/** The programs and folders of programs that git outside the sandbox, started with `env`, runs
 *  besides itself: each with what names it (a variable, or a configuration key the environment
 *  gives: GIT_CONFIG_COUNT/KEY_n/VALUE_n, GIT_CONFIG_PARAMETERS), each word of a command. */
function gitProgramWords(env: NodeJS.ProcessEnv): { word: string; via: string }[] {
  const out: { word: string; via: string }[] = [];
  for (const name of GIT_PROGRAM_VARIABLES) {
    const value = env[name];
    // A folder or a program's path, taken whole; the others are commands.
    if (value) for (const word of name === "GIT_EXEC_PATH" || name === "GIT_TEMPLATE_DIR" || name === "GIT_SSH" ? [value] : commandWords(value)) out.push({ word, via: name });
  }
  for (const [key, value] of environmentConfig(env)) {
    // `url.<command>.insteadOf`: the command is in the key.
    const url = /^url\.(.*)\.(?:push)?insteadof$/is.exec(key);
    const text = url ? url[1]! : GIT_PROGRAM_KEY.test(key.split(".").at(-1)!) || /^(alias|pager)\./i.test(key) ? value : undefined;
    if (text === undefined) continue;
    for (const word of commandWords(text)) out.push({ word, via: `${key} (in GIT_CONFIG_* or GIT_CONFIG_PARAMETERS)` });
    // As in a configuration file (gitConfigProgramWords): red team 24 ran `python3 -m nbstripout`
    // given in GIT_CONFIG_VALUE_0, importing a planted nbstripout.py from the work tree.
    const folders = interpreterFolders(text);
    for (const word of folders?.words ?? []) out.push({ word, via: `${key} (in GIT_CONFIG_* or GIT_CONFIG_PARAMETERS), ${folders!.why}` });
  }
  return out;
}

/** Keys of a configuration file whose value git runs in the commands Codex and we run on the host
 *  (`status`, `diff`, `rev-parse`, `ls-remote`): GIT_PROGRAM_KEY's, but hooks (none ran: measured, a
 *  post-index-change hook in `core.hooksPath`), editors, pagers and aliases, which those commands do
 *  not start; a husky `core.hooksPath = .husky/_` is not refused. */
const fileProgramKey = (key: string): boolean => GIT_PROGRAM_KEY.test(key.split(".").at(-1)!) && !/(hookspath|hook|editor|pager)$/i.test(key.split(".").at(-1)!) && !/^(hook|alias|pager)\./i.test(key);

/** The folders an interpreter `command` starts takes code from by name, relative to the folder it
 *  runs in, with why: Python with `-m` or `-c` (without `-I` or `-P`) puts that folder first on its
 *  module path (red team 21: nbstripout's `python3 -m nbstripout`), node with `-e`, `-p`, `-r` or
 *  `--import` (`--eval`, `--print`, `--require`, `--loader`) resolves a package's name in the
 *  `node_modules` of that folder and of each folder above it (red team 24: `node -e
 *  "require('x')"` loaded a planted `node_modules/x` on the host). */
export function interpreterFolders(command: string): { words: string[]; why: string } | undefined {
  const words = command.split(/[\s;|&()<>'"`]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const options: string[] = [];
    for (let j = i + 1; j < words.length && /^-[A-Za-z-]/.test(words[j]!); j++) options.push(words[j]!);
    const letters = options.filter((option) => !option.startsWith("--")).map((option) => option.slice(1)).join("");
    if (/^(.*\/)?python[0-9.]*$/.test(words[i]!) && /[mc]/.test(letters) && !/[IP]/.test(letters)) return { words: ["./"], why: "a Python run with -m or -c, which imports from the folder it runs in first," };
    // node's options may come anywhere before its script; those that take a value are not skipped
    // here, so an option word after one is still seen.
    const nodeOptions = words.slice(i + 1).filter((word) => word.startsWith("-"));
    if (/^(.*\/)?(node|nodejs)([0-9][0-9.]*)?$/.test(words[i]!) && nodeOptions.some((option) => /^-[a-zA-Z]*[epr]/.test(option) && !option.startsWith("--") || /^--(eval|print|require|import|loader|experimental-loader)(=|$)/.test(option))) {
      return { words: ["./", ...Array.from({ length: 32 }, (_, up) => `${"../".repeat(up + 1)}node_modules`)], why: "a node run with -e, -p, -r or --import, which takes packages from the node_modules of the folder it runs in and those above it," };
    }
  }
  return undefined;
}

/** One entry of a git configuration file: the file, a key (section and name, lower case as git takes
 *  it) and its value. */
export interface GitConfigEntry {
  file: string;
  key: string;
  value: string;
}

/** The entries of git configuration `files` (gitConfigFiles' list), each file read once; a file that
 *  cannot be read holds none. */
export function gitConfigEntries(files: readonly string[]): GitConfigEntry[] {
  return files.flatMap((file) => {
    const text = followedText(file);
    return text === undefined ? [] : configEntries(text).map(([key, value]) => ({ file, key, value }));
  });
}

/** The words of the commands git configuration entries name (fileProgramKey's values, the command an
 *  `url.<command>.insteadOf` puts in place of a URL), with `~/` and `$HOME/` taken from `env`'s HOME,
 *  and the key and file that name each. Red team 21: a clean filter `sh tools/strip.sh` in a
 *  repository's own `.git/config`, out of reach, ran the `tools/strip.sh` a workspace-write run
 *  planted in the work tree, in the next run's host-side `git status`: a file out of reach can still
 *  name a program in reach, as a ~/.bashrc can source one (red team 19). */
export function gitConfigProgramWords(entries: readonly GitConfigEntry[], env: NodeJS.ProcessEnv): { word: string; via: string }[] {
  const out: { word: string; via: string }[] = [];
  const home = (word: string): string => homeExpanded(word, env);
  for (const { file, key, value } of entries) {
    const url = /^url\.(.*)\.(?:push)?insteadof$/is.exec(key);
    const command = url ? url[1]! : fileProgramKey(key) ? value : undefined;
    if (command === undefined) continue;
    for (const word of commandWords(command)) out.push({ word: home(word), via: `${key} (in ${file})` });
    // Red team 21: `python3 -m nbstripout` (nbstripout's own filter) imports from the folder git runs
    // it in first, as `-c` does: that folder is judged as the program (and node's packages, red team 24).
    const folders = interpreterFolders(command);
    for (const word of folders?.words ?? []) out.push({ word, via: `${key} (in ${file}), ${folders!.why}` });
  }
  return out;
}

/** The first program or file the commands of git configuration entries name (gitConfigProgramWords)
 *  that the sandbox can write or reaches through a link: a path taken from each folder git runs in
 *  (`cwds`: a filter runs in the work tree's top), a bare name searched on `env`'s PATH. */
export function reachingGitConfigProgram(reach: SandboxReach, env: NodeJS.ProcessEnv, entries: readonly GitConfigEntry[], cwds: readonly string[]): { file: string; root: string; via: string } | undefined {
  const search = (env.PATH ?? "").split(path.delimiter).flatMap((dir) => pathsFromEnv(dir || ".", cwds)).join(path.delimiter);
  for (const { word, via } of gitConfigProgramWords(entries, env)) {
    for (const file of word.includes("/") ? cwds.map((from) => path.resolve(from, word)) : [findOnPath(word, search)]) {
      const root = file && reachingFile(reach, file);
      if (file && root) return { file, root, via };
    }
  }
  return undefined;
}

/** A PATH folder the sandbox can write (an empty or relative entry taken from `cwd`, where the
 *  searching process runs), or else the first of HOST_PROGRAMS a search of `env`'s PATH finds through
 *  a link planted in reach, with the root that reaches it; then the programs and folders the
 *  environment makes git run (gitProgramWords: a path taken from `cwd` and each of `alsoFrom`, folders
 *  git runs in, a bare name searched on PATH), with what names them (`via`). Red team 12: a PATH
 *  naming `<workspace>/.venv/bin` (an activated virtualenv) ran the `bwrap` and `git` a
 *  workspace-write run planted there, unsandboxed, in every later run. Red team 16: a list of names is
 *  not the boundary — Codex 0.171.0 also starts lsb_release, getconf and its snapshot shell's programs
 *  by name on the host, and a name found nowhere else is found in the planted folder — so the folder
 *  itself is; and a clean filter given in GIT_CONFIG_COUNT/KEY_0/VALUE_0, naming a script under
 *  $TMPDIR, ran on the host in Codex's `git status`. */
export function reachingHostProgram(reach: SandboxReach, env: NodeJS.ProcessEnv, cwd: string, alsoFrom: readonly string[] = []): { file: string; root: string; folder?: boolean; via?: string; why?: string } | undefined {
  const folders = (env.PATH ?? "").split(path.delimiter).flatMap((dir) => pathsFromEnv(dir || ".", [cwd]));
  for (const folder of folders) {
    const root = reachingRoot(reach, folder);
    if (root) return { file: folder, root, folder: true };
  }
  const judged = (file: string | undefined) => file && reachingFile(reach, file);
  // Red team 18: what the dynamic loader takes into every dynamically linked program started on the
  // host (the setpriv each child of ours starts through loaded a libcap-ng.so.0 planted in the folder
  // LD_LIBRARY_PATH named).
  // And the files the other programs Codex starts on the host source or run by a variable's say
  // (red team 18: Debian's lsb_release script sources $LSB_OS_RELEASE).
  for (const { file, via, why } of [...loaderPaths(env, cwd, folders), ...programFileVariables(env, cwd)]) {
    const root = judged(file);
    if (root) return { file, root, via, why };
  }
  const absolute = folders.join(path.delimiter);
  for (const name of HOST_PROGRAMS) {
    const file = findOnPath(name, absolute);
    const root = judged(file);
    if (file && root) return { file, root };
  }
  for (const { word, via } of gitProgramWords(env)) {
    for (const file of word.includes("/") ? [cwd, ...alsoFrom].map((from) => path.resolve(from, word)) : [findOnPath(word, absolute)]) {
      const root = judged(file);
      if (file && root) return { file, root, via };
    }
  }
  return undefined;
}

/** The loader's dynamic string tokens (ld.so(8)): `$ORIGIN` is the folder of the program loaded. */
const LOADER_TOKEN = /\$(\{(ORIGIN|LIB|PLATFORM)\}|ORIGIN|LIB|PLATFORM)/;

/** The folders and files the dynamic loader (ld.so(8)) takes libraries from before the system's, in
 *  a program `env` starts in `cwd` (and glibc's GCONV_PATH folders, see below): LD_LIBRARY_PATH's folders (`:` or `;` between them, an empty one
 *  the current folder), the files LD_PRELOAD (spaces or `:`) and LD_AUDIT (`:`) name with a `/` (a
 *  bare name is searched in those folders and the system's). A folder starting with `$ORIGIN` is
 *  taken from each of `programFolders` (where the programs run by name are found); one with a token
 *  later is judged as spelled, which lies under the folder before it. */
function loaderPaths(env: NodeJS.ProcessEnv, cwd: string, programFolders: readonly string[]): { file: string; via: string; why: string }[] {
  const why = "the dynamic loader takes libraries from there into every program started outside the sandbox (the setpriv each child of ours starts through, git, the shells)";
  const out: { file: string; via: string; why: string }[] = [];
  const origin = (entry: string): string[] => {
    const token = LOADER_TOKEN.exec(entry);
    if (token?.index !== 0 || !/ORIGIN/.test(token[0])) return pathsFromEnv(entry || ".", [cwd]);
    return programFolders.map((folder) => `${folder}${entry.slice(token[0].length)}`);
  };
  // Set but empty, it names no folder (an empty entry among others is the current folder).
  if (env.LD_LIBRARY_PATH) for (const entry of env.LD_LIBRARY_PATH.split(/[:;]/)) for (const file of origin(entry)) out.push({ file, via: "LD_LIBRARY_PATH", why });
  for (const [name, separators] of [["LD_PRELOAD", /[\s:]+/], ["LD_AUDIT", /:+/]] as const) {
    for (const entry of (env[name] ?? "").split(separators)) if (entry.includes("/")) for (const file of origin(entry)) out.push({ file, via: name, why });
  }
  // glibc reads the `gconv-modules` configuration of every GCONV_PATH folder as a program sets up its
  // locale (traced: the setpriv each child of ours starts through, and Codex's host programs, in a
  // 0.171.0 run), and that configuration names the shared libraries it loads to convert text.
  const gconv = "glibc takes character-set conversion modules (shared libraries, named by the gconv-modules file there) from it into programs started outside the sandbox";
  if (env.GCONV_PATH) for (const entry of env.GCONV_PATH.split(":")) if (entry) for (const file of pathsFromEnv(entry, [cwd])) out.push({ file, via: "GCONV_PATH", why: gconv });
  return out;
}

/** Variables naming a file or folder that a program of HOST_PROGRAMS sources or runs programs from,
 *  with what it does: Debian's lsb_release (a shell script) sources `$LSB_OS_RELEASE` when it is a
 *  file; glibc's getconf runs its helpers from `$GETCONF_DIR`. */
const PROGRAM_FILE_VARIABLES: Record<string, string> = {
  LSB_OS_RELEASE: "lsb_release, which Codex starts by name outside the sandbox, sources it as shell code",
  GETCONF_DIR: "getconf, which Codex starts outside the sandbox, runs programs from it",
};

/** The files PROGRAM_FILE_VARIABLES name in `env`, a relative one taken from `cwd`. */
const programFileVariables = (env: NodeJS.ProcessEnv, cwd: string): { file: string; via: string; why: string }[] =>
  Object.entries(PROGRAM_FILE_VARIABLES).flatMap(([via, why]) => (env[via] ? pathsFromEnv(env[via], [cwd]).map((file) => ({ file, via, why })) : []));

/** Variables naming a file that programs started on the host write to: git's trace targets (an
 *  absolute path, or `af_unix:[stream:|dgram:]PATH`; other values go to stderr, a descriptor, or
 *  nowhere, and its option variables take such values) and the TLS key log GnuTLS and OpenSSL append
 *  to (git-remote-https's). Red team 19: with GIT_TRACE naming a file under $TMPDIR, a link planted
 *  there to a file out of reach had Codex's host-side `git ls-remote` append its trace to that file,
 *  outside the sandbox. By git's documentation a trace2 target that is a folder gets a new file per
 *  process in it: a link planted at its name would lead those anywhere. */
const HOST_WRITE_VARIABLES = /^(GIT_TRACE(_[A-Z0-9_]+)?|GIT_TRACE2(_EVENT|_PERF)?|SSLKEYLOGFILE|CODEX_SQLITE_HOME|CODEX_ROLLOUT_TRACE_ROOT)$/;

/** The first file a program started on the host with `env` writes to, as HOST_WRITE_VARIABLES name
 *  it (a relative SSLKEYLOGFILE taken from each of `cwds`), that lies where the sandbox can write or
 *  is reached through a link planted there, with the variable and the root that reaches it. */
export function reachingHostWrite(reach: SandboxReach, env: NodeJS.ProcessEnv, cwds: readonly string[]): { file: string; root: string; via: string } | undefined {
  for (const [via, value] of Object.entries(env)) {
    if (!value || !HOST_WRITE_VARIABLES.test(via)) continue;
    // Red team 29: CODEX_SQLITE_HOME is the folder Codex keeps its state databases in (`state_5.sqlite`,
    // `logs_2.sqlite` …), opened on the host: a link planted there had the next run's Codex create
    // databases out of reach (and delete files beside a link's target).
    // Red team 30: CODEX_ROLLOUT_TRACE_ROOT is the folder Codex writes a rollout trace bundle into at
    // every start (`trace-<ids>/manifest.json`, `trace.jsonl`, `payloads/`): a link planted there had
    // the next run's bundle written out of reach.
    const target = via === "SSLKEYLOGFILE" || via === "CODEX_SQLITE_HOME" || via === "CODEX_ROLLOUT_TRACE_ROOT" ? value : /^(af_unix:(stream:|dgram:)?)?(\/.*)$/.exec(value)?.[3];
    if (!target) continue;
    const found = firstReaching(reach, pathsFromEnv(target, cwds));
    if (found) return { ...found, via };
  }
  return undefined;
}

/** Variables naming the certificate authorities a program started on the host trusts: Codex's
 *  provider connection (CODEX_CA_CERTIFICATE, or SSL_CERT_FILE: each measured on 0.171.0, a run
 *  pointed at a CA a workspace-write run wrote reached a provider that CA vouched for), and OpenSSL's
 *  and git's https helper for Codex's host-side `git ls-remote` (SSL_CERT_FILE, SSL_CERT_DIR, a list of
 *  folders, GIT_SSL_CAINFO, GIT_SSL_CAPATH; by their documentation). */
const TRUST_ANCHOR_VARIABLES = /^(CODEX_CA_CERTIFICATE|SSL_CERT_FILE|SSL_CERT_DIR|GIT_SSL_CAINFO|GIT_SSL_CAPATH)$/;

/** The first certificate file or folder TRUST_ANCHOR_VARIABLES name in `env` (a relative one taken from
 *  each of `cwds`) that lies where the sandbox can write or is reached through a link planted there:
 *  a sandboxed run could make the next run's Codex trust an authority of its own for its provider. */
export function reachingTrustAnchor(reach: SandboxReach, env: NodeJS.ProcessEnv, cwds: readonly string[]): { file: string; root: string; via: string } | undefined {
  for (const [via, value] of Object.entries(env)) {
    if (!value || !TRUST_ANCHOR_VARIABLES.test(via)) continue;
    const named = via === "SSL_CERT_DIR" ? value.split(":").filter(Boolean) : [value];
    const found = firstReaching(reach, named.flatMap((file) => pathsFromEnv(file, cwds)));
    if (found) return { ...found, via };
  }
  return undefined;
}

/** Where git writes its trace2 output by its configuration (`trace2.normalTarget`, `perfTarget`,
 *  `eventTarget`: an absolute path or `af_unix:[stream:|dgram:]PATH`, as the GIT_TRACE2* variables
 *  take it; git reads them from the system and global files, judged in every file here), the first
 *  such file the sandbox can write or reaches through a link, with the key and file that name it.
 *  Red team 21: `trace2.normalTarget` in a ~/.gitconfig out of reach named a file under $TMPDIR; a
 *  link planted there had Codex's host-side `git ls-remote` write its trace out of the sandbox. */
export function reachingGitConfigWrite(reach: SandboxReach, entries: readonly GitConfigEntry[]): { file: string; root: string; via: string } | undefined {
  for (const { file, key, value } of entries) {
    if (!/^trace2\.(normal|perf|event)target$/i.test(key)) continue;
    const target = /^(af_unix:(stream:|dgram:)?)?(\/.*)$/.exec(value)?.[3];
    const found = target ? firstReaching(reach, [target]) : undefined;
    if (found) return { ...found, via: `${key} (in ${file})` };
  }
  return undefined;
}

/** Why a program reachingHostProgram found is refused: a sentence, for refusals. */
export const hostProgramReason = (reach: SandboxReach, found: { file: string; root: string; folder?: boolean; via?: string; why?: string }): string =>
  found.why
    ? `${found.via} names ${found.file}, where a sandboxed run can write (${reachReason(reach, found.root)}): ${found.why}`
    : found.via
    ? `${found.via} names ${found.file}, which lies where a sandboxed run can write (${reachReason(reach, found.root)}), and git outside the sandbox (Codex's, ours) would run it`
    : found.folder
      ? `PATH names ${found.file}, where a sandboxed run can write (${reachReason(reach, found.root)}): Codex starts programs by name outside the sandbox (git, lsb_release, getconf, its shell snapshot's), and one planted there would run`
      : `the program ${found.file}, found on PATH, lies where a sandboxed run can write (${reachReason(reach, found.root)}), and would run outside the sandbox`;

/** The first file git started with `env` outside the sandbox takes configuration from (the global
 *  and system files and what they include: core/git.ts gitConfigFiles) that lies where the sandbox can
 *  write, or is reached through a link planted there, with the root that reaches it; or, first, an
 *  include whose file we cannot tell (`why`), judged as if in reach. Red team 13: with
 *  XDG_CONFIG_HOME under $TMPDIR a workspace-write run wrote `git/config` there, and the next run's
 *  Codex ran the `ext::` command its `insteadOf` put in place of a URL Codex fetches on the host.
 *  `listed`: that list when the caller has made it already (the gate judges its entries too). */
export function reachingGitConfig(reach: SandboxReach, env: NodeJS.ProcessEnv, repositoryConfigs: readonly string[], cwds: readonly string[], listed = gitConfigFiles(env, repositoryConfigs, cwds)): { file: string; root: string } | { file: string; why: string } | undefined {
  const { files, unknown } = listed;
  const untold = unknown[0];
  if (untold) return { file: untold.file, why: `includes ${untold.value}, which ${untold.why}` };
  return firstReaching(reach, files);
}

/** Why git's configuration `found` (reachingGitConfig) is refused: the end of a refusal's sentence. */
export const gitConfigReason = (reach: SandboxReach, found: { file: string; root: string } | { file: string; why: string }): string =>
  "why" in found ? `${found.file} ${found.why}: we cannot tell whether a sandboxed run can write it` : `${found.file} lies where a sandboxed run can write (${reachReason(reach, found.root)})`;

/** The first of `startupFiles` — what a shell started on the host reads at start-up (launch/shell-startup.ts
 *  shellStartupFiles: bash's and zsh's login and rc files, `$BASH_ENV`, `$ENV`) — or of what they source (`sourced`, from
 *  safety/startup-sources.ts, with what sources it as `by`: red team 19), that lies where the sandbox can write,
 *  or is reached through a link into reach, with the root that reaches it. Red team 16: `~/.bashrc` a
 *  link into a dotfiles repository that was the workspace; a workspace-write run appended a command to
 *  it, and the next run's Codex ran it on the host, in the `bash -lc` of its shell snapshot. */
export function reachingShellStartup(reach: SandboxReach, startupFiles: readonly string[], sourced: readonly SourcedFile[] = []): { file: string; root: string; by?: string } | undefined {
  const found = firstReaching(reach, [...withFolderEntries(startupFiles), ...sourced.map((each) => each.file)]);
  const by = found && sourced.find((each) => each.file === found.file)?.by;
  return found && by ? { ...found, by } : found;
}

/** `files`, each folder among them followed by what it holds (one level): `/etc/profile` sources
 *  every `/etc/profile.d/*.sh`, so a link there into reach is as much a start-up file (red team 18). */
export function withFolderEntries(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    let names: string[] = [];
    try {
      names = readdirSync(file);
    } catch {
      // not a folder, or not there: the path alone
    }
    return [file, ...names.sort().map((name) => `${file}/${name}`)];
  });
}

/** The configuration files a repository's git and common directories hold (among `gitStorePaths`;
 *  an object directory holds none, and a name that is not there reads as nothing). */
export const repositoryConfigFiles = (stores: readonly string[]): string[] => stores.flatMap((dir) => [path.join(dir, "config"), path.join(dir, "config.worktree")]);

/** The store folders (core/git-head.ts gitDirStorePaths: the git and common directories, objects and
 *  alternates, every link inside, followed) of the repositories `env`'s GIT_DIR and GIT_COMMON_DIR make
 *  git use instead of the one found from the folder it runs in, a relative one taken from each of
 *  `cwds`. Red team 14: the caller's GIT_DIR (a git hook sets it) reaches Codex, whose host-side `git
 *  status` in the working directory read the configuration of a store under $TMPDIR and ran the clean
 *  filter a workspace-write run had planted there. */
export function environmentGitStores(env: NodeJS.ProcessEnv, cwds: readonly string[]): string[] {
  const out = new Set<string>();
  const fromEnv = (value: string | undefined): string[] => (value ? pathsFromEnv(value, cwds) : []);
  // GIT_COMMON_DIR replaces what a git directory's commondir names: judged as a store of its own.
  // A GIT_DIR that is a `.git` file (`gitdir: <folder>`) is taken by git as the folder it names, a
  // relative one from the file's folder (setup.c read_gitfile; red team 21: a gitfile out of reach
  // naming a store under $TMPDIR): that store is judged too, as spelled and with links resolved.
  const gitfileTargets = (file: string): string[] => {
    const line = /^gitdir: ([^]*?)[\r\n]*$/.exec(followedText(file) ?? "")?.[1];
    if (!line) return [];
    const spelled = path.isAbsolute(line) ? line : `${path.dirname(file)}/${line}`;
    return [...new Set([path.resolve(spelled), resolvedPath(spelled)])];
  };
  for (const dir of fromEnv(env.GIT_DIR)) for (const each of [dir, ...gitfileTargets(dir)]) gitDirStorePaths(each, undefined, out);
  for (const dir of fromEnv(env.GIT_COMMON_DIR)) gitDirStorePaths(dir, undefined, out);
  return [...out];
}

/** The root under which `target` passes through a link in reach, if it does: a link an earlier
 *  sandboxed run could have planted and pointed anywhere. */
export function plantedLinkRoot(reach: SandboxReach, target: string): string | undefined {
  const lexical = path.resolve(target);
  return resolvedPath(lexical) === lexical ? undefined : reachingRoot(reach, lexical);
}

/** The root through which the sandbox can write `target`, or a link on the way to it. */
export const reachingFile = (reach: SandboxReach, target: string): string | undefined => reachingRoot(reach, target) ?? plantedLinkRoot(reach, target);

/** The first of `files` the sandbox can write (reachingFile), with the root that reaches it. */
function firstReaching(reach: SandboxReach, files: readonly string[]): { file: string; root: string } | undefined {
  for (const file of files) {
    const root = reachingFile(reach, file);
    if (root) return { file, root };
  }
  return undefined;
}

/** A one-line description of why `target` is in reach, for refusals. */
export function reachReason(reach: SandboxReach, root: string): string {
  return reach.unbounded ? "danger-full-access lets commands write anywhere" : `the ${reach.sandbox} sandbox can write under ${root}`;
}
