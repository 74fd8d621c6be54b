// The programs Codex's plugins name, which Codex runs on the host as it runs the configuration's own
// (codex-config-programs.ts): each enabled plugin's MCP servers, started as a thread starts, and its
// hooks. Red team 33: a plugin enabled in a home's config.toml (`[plugins."NAME@MARKETPLACE"]`) is
// loaded from the home's plugin cache, `plugins/cache/MARKETPLACE/NAME/VERSION` (measured on 0.171.0:
// not from its marketplace's folder), and declares its servers in `.mcp.json` and its hooks in
// `hooks/hooks.json` (or in what its manifest names or holds). Codex starts a server that gives no
// `cwd` in the run's working directory, so a plugin's `sh mcp.sh` — home, cache and marketplace all out
// of every sandbox's reach — ran the `mcp.sh` a workspace-write run wrote there, on the host, as the
// next run started; red team 29's rule read only the configuration files. Each command a plugin
// declares is judged by that rule's judgement (reachingCodexConfigProgram), and a plugin's folder a
// sandboxed run can write (a version linked into the workspace), or a file of its declarations that does,
// is refused whatever it declares.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { overrideValue, parseOverride } from "../codex/config-overrides.js";
import { codexConfigs, reachingCodexConfigProgram, type CodexConfigInput, type LoadedConfig } from "./codex-config-programs.js";
import { reachingFile, type SandboxReach } from "./sandbox-reach.js";

const isTable = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Where Codex looks for a plugin's manifest, first found wins: its own, the other agents' it reads
 *  too, and an Agent Plugins package's root `plugin.json`. */
const MANIFESTS = [".codex-plugin/plugin.json", ".claude-plugin/plugin.json", ".cursor-plugin/plugin.json", "plugin.json"];

/** The plugins the configuration enables, by id (`NAME@MARKETPLACE`), with the file that enables them.
 *  Codex reads them from the user's config.toml; every file and the run's `-c` are read here (a plugin
 *  absent or not `enabled = false` counts), none when `features.plugins` is false in the run's `-c` or,
 *  with no `-c` saying, in a home's config.toml. */
function enabledPlugins(input: CodexConfigInput, configs: readonly LoadedConfig[]): { id: string; where: string }[] {
  const flag = overrideValue(input.config, "features.plugins");
  // Off in a home's own config.toml only: Codex takes the flag from the user's layers (a project
  // `.codex` a checkout commits saying so would otherwise hide what the user's plugins run).
  const userFiles = new Set(input.homes.map((home) => path.join(home, "config.toml")));
  const offInFiles = configs.some(({ file, config }) => userFiles.has(file) && isTable(config) && isTable(config.features) && config.features.plugins === false);
  if (flag === false || (flag === undefined && offInFiles)) return [];
  const out: { id: string; where: string }[] = [];
  for (const { file, config } of configs) {
    if (!isTable(config) || !isTable(config.plugins)) continue;
    for (const [id, entry] of Object.entries(config.plugins)) if (!(isTable(entry) && entry.enabled === false)) out.push({ id, where: file });
  }
  for (const pair of input.config) {
    const parsed = parseOverride(pair);
    const at = parsed?.key.match(/^plugins\.("([^"]+)"|'([^']+)'|[^.]+)(\.enabled)?$/);
    if (!parsed || !at) continue;
    const enabled = at[4] ? parsed.value !== false : !(isTable(parsed.value) && parsed.value.enabled === false);
    if (enabled) out.push({ id: at[2] ?? at[3] ?? at[1]!, where: "the run's -c overrides" });
  }
  return out;
}

/** The folders Codex may load a plugin from: each version in the home's cache. */
function pluginRoots(home: string, id: string): string[] {
  const at = id.lastIndexOf("@");
  if (at <= 0) return [];
  const folder = path.join(home, "plugins", "cache", id.slice(at + 1), id.slice(0, at));
  try {
    return readdirSync(folder).map((version) => path.join(folder, version));
  } catch {
    return [];
  }
}

function json(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** `${PLUGIN_ROOT}` and its kin, which Codex replaces with the plugin's folder (and its data folder,
 *  under the home's `plugins/data`) in what it runs, replaced the same way throughout a declaration. */
function expanded(value: unknown, root: string, data: string): unknown {
  if (typeof value === "string") return value.replace(/\$\{(CLAUDE_)?PLUGIN_ROOT\}/g, root).replace(/\$\{(CLAUDE_)?PLUGIN_DATA\}/g, data);
  if (Array.isArray(value)) return value.map((item) => expanded(item, root, data));
  if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expanded(item, root, data)]));
  return value;
}

/** One plugin's MCP servers as a configuration the configuration rule reads (`mcpServers.NAME`), each
 *  server's `cwd` taken as Codex takes it: a relative one from the plugin's folder, and none the run's
 *  working directory — except in an Agent Plugins package (`$schema`), whose default is its folder and
 *  whose `./` command is a path in it. */
function servers(value: unknown, root: string, agentPlugins: boolean): Record<string, unknown> {
  if (!isTable(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, server] of Object.entries(value)) {
    if (!isTable(server)) continue;
    const cwd = typeof server.cwd === "string" ? path.resolve(root, server.cwd) : agentPlugins ? root : undefined;
    const command = agentPlugins && typeof server.command === "string" && server.command.startsWith("./") ? path.join(root, server.command) : server.command;
    out[name] = { ...server, command, ...(cwd !== undefined ? { cwd } : {}) };
  }
  return out;
}

/** What a plugin's folder declares, as configurations named after the file that holds each (its
 *  `.mcp.json` or the file its manifest's `mcpServers` names, or the manifest itself for servers it
 *  holds; its `hooks/hooks.json`, or the files or tables its manifest's `hooks` gives). */
function declarations(root: string, id: string, home: string): LoadedConfig[] {
  const manifestFile = MANIFESTS.map((name) => path.join(root, name)).find((file) => json(file) !== undefined);
  const manifest = manifestFile ? json(manifestFile) : undefined;
  const fields = isTable(manifest) ? manifest : {};
  const agentPlugins = manifestFile === path.join(root, "plugin.json") && typeof fields.$schema === "string";
  const data = path.join(home, "plugins", "data", id);
  const within = (name: unknown): string[] => (typeof name === "string" ? [path.resolve(root, name)] : Array.isArray(name) ? name.filter((item): item is string => typeof item === "string").map((item) => path.resolve(root, item)) : []);
  // Named so (ending in the id, not `.json`) the rule reads each as a configuration, not a hooks file:
  // a hooks file's tables are then read under `hooks.`, as they are.
  const named = (file: string): string => `${file}, plugin ${id}`;
  const out: LoadedConfig[] = [];
  // Its MCP servers: the file or table the manifest gives, else the default files.
  const mcpFiles = typeof fields.mcpServers === "string" ? within(fields.mcpServers) : isTable(fields.mcpServers) ? [] : [path.join(root, ".mcp.json"), path.join(root, "mcp.json")];
  for (const file of mcpFiles) {
    const content = expanded(json(file), root, data);
    if (isTable(content)) out.push({ file: named(file), config: { mcpServers: servers(content.mcpServers, root, agentPlugins) } });
  }
  if (isTable(fields.mcpServers)) out.push({ file: named(manifestFile!), config: { mcpServers: servers(expanded(fields.mcpServers, root, data), root, agentPlugins) } });
  // Its hooks: the files or tables the manifest gives, and the default file.
  const hookTables = isTable(fields.hooks) ? [fields.hooks] : Array.isArray(fields.hooks) ? fields.hooks.filter(isTable) : [];
  const hookFiles = [...within(fields.hooks), path.join(root, "hooks", "hooks.json")];
  for (const file of [...new Set(hookFiles)]) {
    const content = expanded(json(file), root, data);
    if (isTable(content)) out.push({ file: named(file), config: content });
  }
  for (const table of hookTables) out.push({ file: named(manifestFile!), config: expanded(table, root, data) });
  return out;
}

/** The first file a command of an enabled plugin names (its MCP servers, its hooks, judged as the
 *  configuration's commands are: reachingCodexConfigProgram) that a sandboxed run could write or
 *  reaches through a link, or a plugin's folder that lies there; undefined when none does. The plugins
 *  are those `configs` (the files of input.homes and the rest, as codexConfigs reads them) and the run's
 *  `-c` enable, each looked for in each home's plugin cache. */
export function reachingCodexPluginProgram(reach: SandboxReach, input: CodexConfigInput, configs: readonly LoadedConfig[] = codexConfigs(input)): ReturnType<typeof reachingCodexConfigProgram> {
  if (reach.unbounded) return undefined;
  // The plugin's own declarations, judged alone: the run's `-c` tables are not merged into them.
  const alone = { ...input, config: [] };
  for (const { id, where } of enabledPlugins(input, configs)) {
    for (const home of input.homes) {
      for (const root of pluginRoots(home, id)) {
        const planted = reachingFile(reach, root);
        if (planted) return { file: root, root: planted, via: `plugin ${id}'s folder (enabled in ${where})` };
        for (const manifest of MANIFESTS.map((name) => path.join(root, name))) {
          const linked = reachingFile(reach, manifest);
          if (linked) return { file: manifest, root: linked, via: `plugin ${id}'s manifest (enabled in ${where})` };
        }
        for (const declared of declarations(root, id, home)) {
          // A file of its declarations linked to where a sandboxed run can write, as its folder.
          const file = declared.file.slice(0, -`, plugin ${id}`.length);
          const linked = reachingFile(reach, file);
          if (linked) return { file, root: linked, via: `plugin ${id}'s declarations (enabled in ${where})` };
          const found = reachingCodexConfigProgram(reach, alone, [declared]);
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}
