// The programs Codex's own configuration names, which Codex runs on the host, outside its sandbox:
// the `notify` program at the end of every turn, each MCP server's `command` (with its `args`, in its
// `cwd`, with its `env`) as a thread starts, and the hooks' commands (`[hooks]` in config.toml,
// `hooks.json`). Red team 29: a home's config.toml out of every sandbox's reach named a notify script
// and an MCP server kept in the workspace; a workspace-write run wrote both, Codex ran the notify
// script on the host at the end of that same run, and the next run started the MCP server on the
// host. The file was judged by where it lies (home seal, project config location), never by what its
// commands name — the class red team 21 closed for git's configuration (sandbox-reach.ts
// `gitConfigProgramWords`). Each word of those commands is judged as git's are: a path (relative ones
// from the folder the program runs in), a bare name on the PATH it is searched on.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { findOnPath } from "../core/fs-lookup.js";
import { pathsFromEnv } from "../core/paths.js";
import { overrideValue, parseOverride } from "../codex/config-overrides.js";
import { ancestors } from "./project-config.js";
import { profileFile } from "./user-config.js";
import { homeExpanded, interpreterFolders, reachingFile, reachingRoot, type SandboxReach } from "./sandbox-reach.js";
import { configCommandWords, environmentWords } from "./config-command-words.js";

export interface CodexConfigInput {
  /** The run's working directory: Codex's own, where it starts what names no `cwd`. */
  cwd: string;
  /** The homes whose configuration this run's Codex reads: its own when known before it is prepared
   *  (ambient, repo, a path), and the ambient one `--seed-config` copies into an isolated home. */
  homes: readonly string[];
  profile?: string | undefined;
  /** The `-c` overrides Codex gets (the policy's and the run's). */
  config: readonly string[];
  env: NodeJS.ProcessEnv;
}

/** A command Codex's configuration names: its text, what names it, the folder it runs in (when the
 *  configuration gives one), and values of its environment that may name files. `shell`: the text is
 *  a shell's command string (a hook's), not an argument list Codex starts as given. */
interface NamedCommand {
  text: string;
  /** Its words as the configuration gives them (the command, then each of its `args`): Codex hands each
   *  to the program whole, spaces, quotes and separators in it included. */
  argv: string[];
  via: string;
  shell: boolean;
  cwd?: string;
  envValues: { name: string; value: string }[];
}

/** Codex's configuration files for this run: the system's, each home's (config.toml, the profile's,
 *  managed_config.toml, hooks.json) and each project `.codex` from the working directory up (Codex
 *  loads them once the project is trusted, and app-server records that trust itself). */
function configFiles(input: CodexConfigInput): string[] {
  const files = ["/etc/codex/config.toml", "/etc/codex/managed_config.toml", "/etc/codex/hooks.json"];
  for (const home of input.homes) {
    files.push(path.join(home, "config.toml"), path.join(home, "managed_config.toml"), path.join(home, "hooks.json"));
    if (input.profile) files.push(profileFile(home, input.profile));
  }
  for (const dir of ancestors(input.cwd)) files.push(path.join(dir, ".codex", "config.toml"), path.join(dir, ".codex", "hooks.json"));
  return [...new Set(files)];
}

/** A file's parsed content, or undefined (missing, unreadable, not TOML/JSON: Codex reports a file it
 *  cannot parse itself, and loads nothing from it). Links are followed, as Codex follows them. */
function parsed(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    return file.endsWith(".json") ? JSON.parse(text) : parse(text);
  } catch {
    return undefined;
  }
}

/** A configuration file that exists and parses, with its content. */
export interface LoadedConfig {
  file: string;
  config: unknown;
}

/** Codex's configuration files for the run (configFiles), each read and parsed once. */
export function codexConfigs(input: CodexConfigInput): LoadedConfig[] {
  return configFiles(input).flatMap((file) => {
    const config = parsed(file);
    return config === undefined ? [] : [{ file, config }];
  });
}

const isTable = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : typeof value === "string" ? [value] : []);

/** Joins a command's words in a CommandPart, so that where each ends is kept (red team 34). */
const ARG = "\u0000";

/** What one layer's table at a dotted path says of a command: its `command`, `args`, `cwd`, `env`
 *  (any of them: Codex merges the layers' tables key by key before it starts anything). */
interface CommandPart {
  at: string;
  where: string;
  command?: string;
  args?: string;
  cwd?: string;
  env: { name: string; value: string }[];
}

/** Every command part a configuration table holds, however deep, with the dotted path that names it:
 *  a table's `command`, `args`, `cwd` or `env` (an MCP server, a hook, a provider's `auth`), and a
 *  `…_helper` program (`otel.headers_helper`, an MCP server's `http_headers_helper`), whole. */
function commandParts(value: unknown, at: string, where: string, out: CommandPart[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => commandParts(item, `${at}[${i}]`, where, out));
  if (!isTable(value)) return;
  const command = typeof value.command === "string" || Array.isArray(value.command) ? strings(value.command).join(ARG) : undefined;
  const args = Array.isArray(value.args) || typeof value.args === "string" ? strings(value.args).join(ARG) : undefined;
  const cwd = typeof value.cwd === "string" ? value.cwd : undefined;
  const env = envValues(value.env);
  if (command !== undefined || args !== undefined || cwd !== undefined || env.length > 0) {
    out.push({ at: at || "command", where, ...(command !== undefined ? { command } : {}), ...(args !== undefined ? { args } : {}), ...(cwd !== undefined ? { cwd } : {}), env });
  }
  for (const [key, inner] of Object.entries(value)) {
    const dotted = at ? `${at}.${key}` : key;
    // A profile's table may hold its own `notify` (`[profiles.NAME]`).
    if ((/_helper$/.test(key) || (key === "notify" && at !== "")) && (typeof inner === "string" || Array.isArray(inner))) out.push({ at: dotted, where, command: strings(inner).join(ARG), args: "", env: [] });
    else if (key !== "command" && key !== "args" && key !== "env") commandParts(inner, dotted, where, out);
  }
}

function envValues(env: unknown): { name: string; value: string }[] {
  return isTable(env) ? Object.entries(env).flatMap(([name, value]) => (typeof value === "string" ? [{ name, value }] : [])) : [];
}

/** The command parts one configuration (a file's content, or what the overrides give) holds. */
function partsIn(config: unknown, where: string, hooksFile: boolean): CommandPart[] {
  const out: CommandPart[] = [];
  if (!isTable(config)) return out;
  if (!hooksFile) {
    const notify = strings(config.notify);
    if (notify.length > 0) out.push({ at: "notify", where, command: notify.join(ARG), args: "", env: [] });
  }
  commandParts(config, hooksFile ? "hooks" : "", where, out);
  return out;
}

/** The commands Codex may start, the layers' parts merged. Red team 30: Codex merges the layers (the
 *  system's, the home's, the profile's, each project `.codex`, the `-c` overrides) into one table per
 *  path before it starts anything, so a home's server (`command = "sh"`, `args = ["mcp.sh"]`, its `cwd`
 *  out of reach) whose `cwd` alone the run's `-c` moved into the workspace ran the workspace's
 *  `mcp.sh`; each layer's table had been judged alone, and one naming no command not at all. Every
 *  `command` at a path is judged with every `args` and every `cwd` given at that path (none only when
 *  no layer gives one: a key is merged in, never taken out), and with the environment all of them
 *  give: a superset of what the merge gives, whatever the layers' order. */
function mergedCommands(parts: readonly CommandPart[]): NamedCommand[] {
  const byPath = new Map<string, CommandPart[]>();
  for (const part of parts) byPath.set(part.at, [...(byPath.get(part.at) ?? []), part]);
  const out: NamedCommand[] = [];
  for (const [at, group] of byPath) {
    const commands = [...new Set(group.flatMap((part) => (part.command !== undefined ? [part.command] : [])))];
    if (commands.length === 0) continue;
    // TOML cannot unset a key: one a layer gives, the merged table has (this layer's or a later one's).
    const given = <K extends "args" | "cwd">(key: K): (string | undefined)[] => {
      const values = [...new Set(group.flatMap((part) => (part[key] !== undefined ? [part[key]!] : [])))];
      return values.length > 0 ? values : [undefined];
    };
    const argsList = given("args");
    const cwds = given("cwd");
    const env = group.flatMap((part) => part.env);
    const wheres = [...new Set(group.map((part) => part.where))];
    const via = `${at} (in ${wheres.join(", ")})`;
    for (const command of commands)
      for (const args of argsList)
        for (const cwd of cwds) {
          const argv = [command, args ?? ""].filter(Boolean).join(ARG).split(ARG);
          out.push({ text: argv.join(" "), argv, via, shell: at.startsWith("hooks"), ...(cwd !== undefined ? { cwd } : {}), envValues: env });
        }
  }
  return out;
}

/** Package runners that take the program they start from the project of the folder they run in:
 *  `npx NAME` runs a `node_modules/.bin/NAME` there (or above) before fetching one, `uv run` the
 *  project's `.venv`. The usual way an MCP server is configured (`npx -y @scope/server`). Red team 30:
 *  and the task runners that run what that folder's project defines — `npm run`/`start`, `yarn`,
 *  `pnpm`, `bun run`, `deno task` (its package.json or deno.json scripts), `make`, `just`, `rake`,
 *  `cargo run`, `go run`, `mvn`, `gradle`, `composer run`. */
const PROJECT_RUNNER = /(^|[\s/])(npx|bunx|pnpx|npm\s+(exec|x|run|run-script|start|test|restart|stop)|pnpm|yarn|bun\s+(x|run)|deno\s+task|uv\s+run|poetry\s+run|pipenv\s+run|(pdm|hatch|rye|pixi)\s+run|make|gmake|just|rake|cargo\s+run|go\s+run|mvn|gradle|composer\s+(run|run-script|exec))(\s|$)/;

/** Why a word is judged (red team 32): a word whose value is known only when it runs, which is refused
 *  whatever it holds, and a word a program not known to take no file may read from its folder. */
const DYNAMIC = "a word whose value is known only when it runs (a variable, a command's output, an interpreter's inline code), which may name a file anywhere,";
const FILE = "an interpreter's script, or another file its program may read, which it takes from the folder it runs in,";

/** The first file a command of Codex's configuration names (input.homes' files, the system's, the
 *  project `.codex` folders', the overrides) that a sandboxed run could write or reaches through a
 *  link: each word of the command (config-command-words.ts sorts them) and each part of a value of its
 *  environment, a path taken from the folder it runs in (its `cwd`, else Codex's), a bare program name
 *  searched on the PATH it gets (its environment's, else Codex's), a bare argument both; the folder an
 *  interpreter or a package runner takes code from by name is judged as the command's word. A word
 *  whose value is known only when it runs is returned with no `root` (it may lie anywhere). */
export function reachingCodexConfigProgram(reach: SandboxReach, input: CodexConfigInput, configs: readonly LoadedConfig[] = codexConfigs(input)): { file: string; root?: string; via: string; why?: string } | undefined {
  if (reach.unbounded) return undefined; // danger-full-access: a notice says nothing is out of reach
  const parts = configs.flatMap(({ file, config }) => partsIn(config, file, file.endsWith(".json")));
  const overrides: Record<string, unknown> = {};
  // Every table the overrides give (red team 30: `profiles.NAME.notify` was not read), each merged.
  const tops = new Set(input.config.flatMap((pair) => parseOverride(pair)?.key.split(".")[0] ?? []));
  for (const key of tops) {
    const value = overrideValue(input.config, key);
    if (value !== undefined) overrides[key] = value;
  }
  parts.push(...partsIn(overrides, "the run's -c overrides", false));
  const commands = mergedCommands(parts);
  const home = (word: string): string => homeExpanded(word, input.env);
  for (const command of commands) {
    // The folder it runs in: its own `cwd`, else Codex's, the run's working directory. That folder is
    // judged only through what the command takes from it (below): an absolute program is not. Red team
    // 32: Codex does not expand `~` in a `cwd` (measured: `cwd = "~/srv"` ran the server in the working
    // directory's `~/srv`), so one is judged as written, and as HOME's in case a later Codex does.
    const from = command.cwd ? [...new Set([command.cwd, home(command.cwd)].map((dir) => path.resolve(input.cwd, dir)))] : [input.cwd];
    const ownPath = command.envValues.find((entry) => entry.name === "PATH")?.value;
    const search = [...(ownPath ? [ownPath] : []), input.env.PATH ?? ""].join(path.delimiter).split(path.delimiter).flatMap((dir) => pathsFromEnv(dir || ".", from)).join(path.delimiter);
    // The folders it takes code from by name first (they explain a refusal best), then a word whose
    // value is known only when it runs, then the files it may take from the folder it runs in (red team
    // 32: every word of a program not known to take no file), then every word as spelled.
    const words: { word: string; why?: string; dynamic?: boolean; dirs?: string[] }[] = [];
    const folders = interpreterFolders(command.text);
    for (const word of folders?.words ?? []) words.push({ word, why: folders!.why });
    // The folder alone: the node_modules of a folder above it lies in reach only when the folder does
    // (a writable root's descendants are all in reach), so it need not be judged on its own.
    if (PROJECT_RUNNER.test(command.text)) words.push({ word: "./", why: "a package runner, which takes the program from the project of the folder it runs in (its node_modules, its virtual environment, its scripts, its Makefile), before fetching one," });
    const sorted = configCommandWords(command.text, command.shell, home, command.argv);
    // A relative word is taken from the folder it runs in and from each folder the string `cd`s to.
    // Red team 34: each `cd` is taken from every folder the ones before it may have reached (`cd ..;
    // cd work` reaches `<cwd>/../work`), and a folder it may have stayed in (a `cd` that failed) kept.
    const dirsOf = (cds: readonly string[]): string[] => cds.reduce((dirs, cd) => [...new Set([...dirs, ...dirs.map((dir) => path.resolve(dir, cd))])], [...from]);
    for (const { word } of sorted.filter((w) => w.kind === "dynamic")) words.push({ word, why: DYNAMIC, dynamic: true });
    for (const { word, folders: cds } of sorted.filter((w) => w.kind === "file" && !path.isAbsolute(w.word))) words.push({ word, why: FILE, dirs: dirsOf(cds) });
    for (const { word, folders: cds } of sorted.filter((w) => w.kind !== "dynamic")) words.push({ word, dirs: dirsOf(cds) });
    for (const { word, why, dynamic, dirs } of words) {
      if (dynamic) return { file: word, via: command.via, why: why! };
      for (const file of word.includes("/") || word === "." ? (dirs ?? from).map((dir) => path.resolve(dir, word)) : [...(why === FILE ? dirs!.map((dir) => path.resolve(dir, word)) : []), findOnPath(word, search)]) {
        const root = file && reachingFile(reach, file);
        if (file && root) return { file, root, via: command.via, ...(why ? { why } : {}) };
      }
    }
    // Its environment: every part of every value, as a file's name from the folder it runs in (a PATH
    // folder, a library, a module folder, a file a shell sources: NODE_OPTIONS, LD_PRELOAD, BASH_ENV…).
    for (const { name, value } of command.envValues) {
      const via = `${command.via}, its environment's ${name}`;
      for (const { word, dynamic } of environmentWords(value, home)) {
        if (dynamic) return { file: word, via, why: DYNAMIC };
        for (const file of from.map((dir) => path.resolve(dir, word))) {
          const root = reachingRoot(reach, file) ?? reachingFile(reach, file);
          if (root) return { file, root, via, ...(path.isAbsolute(word) ? {} : { why: "a value the program may take as a file's name, from the folder it runs in," }) };
        }
      }
    }
  }
  return undefined;
}

/** The first folder Codex's configuration (the files and overrides reachingCodexConfigProgram reads)
 *  tells it to write in on the host — `sqlite_home` (its state databases, as CODEX_SQLITE_HOME does)
 *  and `log_dir` — that a sandboxed run could write or reaches through a link (red team 29: a link
 *  planted in a state-database folder under $TMPDIR had the next run's Codex create databases out of
 *  reach). A relative one is taken from the working directory and from each home. */
export function reachingCodexConfigWrite(reach: SandboxReach, input: CodexConfigInput, configs: readonly LoadedConfig[] = codexConfigs(input)): { file: string; root: string; via: string } | undefined {
  if (reach.unbounded) return undefined;
  const home = (word: string): string => (input.env.HOME !== undefined ? word.replace(/^~(?=\/|$)/, input.env.HOME) : word);
  const named: { value: string; via: string }[] = [];
  for (const { file, config } of configs) {
    if (!file.endsWith(".toml") || !isTable(config)) continue;
    for (const key of ["sqlite_home", "log_dir"]) if (typeof config[key] === "string") named.push({ value: config[key] as string, via: `${key} (in ${file})` });
  }
  for (const key of ["sqlite_home", "log_dir"]) {
    const value = overrideValue(input.config, key);
    if (typeof value === "string") named.push({ value, via: `${key} (in the run's -c overrides)` });
  }
  for (const { value, via } of named) {
    for (const from of [input.cwd, ...input.homes]) {
      const folder = path.resolve(from, home(value));
      const root = reachingFile(reach, folder);
      if (root) return { file: folder, root, via };
    }
  }
  return undefined;
}
