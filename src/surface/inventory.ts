// The published surface of a Codex binary, read from the binary itself: the whole command and flag
// tree (every subcommand's --help, recursively), feature flags with their stages, the app-server
// protocol (from the schema it generates), config keys, `doctor --json` checks, and the CODEX_*
// environment variables named in the binary. Each item says where it was found and whether it is
// documented, experimental or hidden (present in the binary, absent from every help text). Every
// Codex call gets a private home. Config keys the binary's parser knows are measured by probing it
// (config-key-probe.ts), which takes a few hundred short runs and is cached per binary, as the help
// texts are (per-binary-cache.ts).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { cacheDir, stateDir } from "../core/paths.js";
import { runCommand } from "../process/spawn.js";
import { fieldNamesInBinary } from "./binary-field-names.js";
import { probeConfigKeysCached } from "./config-key-probe.js";
import { cachedPerBinary } from "./per-binary-cache.js";
import { readDoctorSurface, type DoctorSurface } from "./doctor-surface.js";
import { parseHelp, type HelpCommand, type HelpOption } from "./help-parse.js";
import { readSchemaSurface, type ProtocolMethod, type ProtocolShapes } from "./protocol-surface.js";
import { binaryIdentity } from "../codex/binary-identity.js";
import { envVarsInBinary } from "./name-runs.js";
import { locateCodex } from "../codex/locate.js";

export interface CommandNode {
  path: string[];
  summary: string;
  aliases: string[];
  experimental: boolean;
  options: HelpOption[];
  subcommands: CommandNode[];
}

export interface Feature {
  name: string;
  stage: string;
  enabled: boolean;
}

export type SurfaceStatus = "documented" | "experimental" | "hidden";

export interface EnvVarItem {
  name: string;
  /** Where it was found: named in a help text, or only among the binary's strings. */
  source: "help" | "binary-strings";
  status: SurfaceStatus;
  /** Set when the name ran into a lowercase word: this capital is its last letter or that word's first. */
  nextCapital?: string;
  /** Set when the name extends one held cleanly elsewhere (CODEX_API_KEYAPI, CODEX_API_KEY): the rest
   *  may be this name's or a neighbouring literal's. */
  extends?: string;
  /** Set when every occurrence of the name ran on into text (a space or a full stop, then a letter):
   *  the text that followed, whose first letters its last may be ("CODEX_VERSIONC" then ".UTF-8"). */
  textAfter?: string;
}

export interface ConfigKeyItem {
  key: string;
  /** Where it was first found; "config-parser" means only the probe of the parser found it. */
  source: "app-server-schema" | "features list" | "help" | "config-parser";
  status: SurfaceStatus;
  /** What the config parser did with a wrong value for this key: refused it (it knows the key),
   *  ignored it, or was not asked (entries of a map, keys below the first level of a table). */
  parser: "known" | "ignored" | "not probed";
  /** The parser's own words when it refused the wrong value: the type it wanted. */
  parserSays?: string;
}

export interface ConfigKeyProbeSummary {
  method: string;
  candidates: number;
  runs: number;
  durationMs: number;
  /** Top-level tables whose keys were probed one level down. */
  tables: string[];
  /** Read from our cache instead of probed now. */
  cached: boolean;
}

export interface Inventory {
  codexVersion: string;
  codexPath: string;
  commands: CommandNode;
  features: Feature[];
  envVars: EnvVarItem[];
  configKeys: ConfigKeyItem[];
  configKeyProbe: ConfigKeyProbeSummary;
  /** Empty for a Codex that cannot generate its app-server schema. */
  protocol: ProtocolMethod[];
  /** The protocol's payload and event type shapes; only when asked for (`inventory --diff` compares them). */
  protocolShapes?: ProtocolShapes;
  doctor: DoctorSurface;
}

/** A feature's stage, as a surface label. */
function featureStatus(stage: string): SurfaceStatus {
  return /^stable$/i.test(stage) ? "documented" : /removed|deprecated/i.test(stage) ? "hidden" : "experimental";
}

async function help(codexPath: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ text: string; complete: boolean }> {
  const result = await runCommand(codexPath, [...args, "--help"], { env, timeoutMs: 20_000 });
  return { text: result.stdout, complete: result.code === 0 && !result.timedOut };
}

/** Asks for the help text of a command path (args without "--help"). */
type AskHelp = (args: string[]) => Promise<string>;

async function walk(ask: AskHelp, pathArgs: string[], meta: Pick<HelpCommand, "aliases" | "experimental">, depth: number, texts: string[]): Promise<CommandNode> {
  const text = await ask(pathArgs);
  texts.push(text);
  const parsed = parseHelp(text);
  const children = depth > 0 ? parsed.commands.filter((c) => c.name !== "help") : [];
  const subcommands: CommandNode[] = [];
  for (const child of children) subcommands.push(await walk(ask, [...pathArgs, child.name], child, depth - 1, texts));
  return { path: pathArgs, summary: parsed.summary, aliases: meta.aliases, experimental: meta.experimental, options: parsed.options, subcommands };
}

/** Each help text the walk asked for, by command path joined with spaces ("" for the top). */
const HelpTextsSchema = z.record(z.string(), z.string());
/** Part of the cache's file name: a change to which help texts are asked for must not read old ones. */
const HELP_CACHE_VERSION = 1;
const WALK_DEPTH = 2;
const TOP = { aliases: [], experimental: false };

/** The command tree, from the binary's help texts (61 runs on 0.171.0), which are kept in our cache
 *  per binary: they depend on the binary alone. They are parsed afresh on every call. */
async function commandTree(codex: { path: string; version: string }, env: NodeJS.ProcessEnv, cacheEnv: NodeJS.ProcessEnv, texts: string[]): Promise<CommandNode> {
  const live: AskHelp = async (args) => (await help(codex.path, args, env)).text;
  const file = path.join(cacheDir(cacheEnv), "inventory", `${codex.version}-${binaryIdentity(codex.path)}-help${HELP_CACHE_VERSION}.json`);
  let complete = true;
  const { value: known } = await cachedPerBinary(
    file,
    HelpTextsSchema,
    async () => {
      const asked: Record<string, string> = {};
      const ask: AskHelp = async (args) => {
        const answer = await help(codex.path, args, env);
        complete &&= answer.complete;
        return (asked[args.join(" ")] = answer.text);
      };
      await walk(ask, [], TOP, WALK_DEPTH, []);
      return asked;
    },
    // A help run that failed or timed out (a loaded machine) is not kept: the next inventory asks again.
    () => complete,
  );
  return walk(async (args) => known[args.join(" ")] ?? (await live(args)), [], TOP, WALK_DEPTH, texts);
}

export function parseFeatures(text: string): Feature[] {
  return text
    .split("\n")
    .map((line) => /^(\S+)\s{2,}(.+?)\s{2,}(true|false)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, stage: m[2]!.trim(), enabled: m[3] === "true" }));
}

/** Config keys a help text shows, as in `-c model="o3"` or `-c shell_environment_policy.inherit=all`. */
export function configKeysInHelp(texts: string[]): string[] {
  const keys = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(/-c\s+'?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)=/g)) keys.add(match[1]!);
  return [...keys].sort();
}

const PROBE_METHOD =
  "Candidates: names the binary's serde field-name arrays point at, plus every documented key. Each was set to a value no key accepts ([[[]]]) on `codex features list`; a key is known when the parser refuses it by name. Top level, then one level into each table that ignores unknown keys. Fields of structs read without a field-name array (serde flatten, hand-written readers) are not candidates.";

export interface InventoryOptions {
  /** Probe the config parser (default true); without it config keys come from what is published. */
  configProbe?: boolean;
  /** Keep the protocol's type shapes in the inventory (for a diff; they are thousands of lines). */
  schemaShapes?: boolean;
  onProgress?: (message: string) => void;
}

/** What an inventory built without the parser probe says about it. */
const NO_PROBE = { keys: [], tables: [], candidates: 0, runs: 0, durationMs: 0, cached: false };

export async function buildInventory(choice = "pinned", env: NodeJS.ProcessEnv = process.env, options: InventoryOptions = {}): Promise<Inventory> {
  const probing = options.configProbe ?? true;
  const codex = await locateCodex(choice);
  const home = path.join(stateDir(env), "inventory-home");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const codexEnv = { ...env, CODEX_HOME: home };
  const texts: string[] = [];
  const commands = await commandTree(codex, codexEnv, env, texts);
  const features = parseFeatures((await runCommand(codex.path, ["features", "list"], { env: codexEnv, timeoutMs: 20_000 })).stdout);
  const schema = await readSchemaSurface(codex.path, codexEnv, home);
  const helpText = texts.join("\n");
  const envVars = envVarsInBinary(codex.path).map(({ name, nextCapital, ...rest }): EnvVarItem => {
    // A help text names it whole: its last letter is settled.
    if (new RegExp(`\\b${name}\\b`).test(helpText)) return { name, source: "help", status: "documented" };
    const whole = nextCapital?.split("|").find((capital) => new RegExp(`\\b${name}${capital}\\b`).test(helpText));
    if (whole) return { name: `${name}${whole}`, source: "help", status: "documented" };
    return { name, source: "binary-strings", status: "hidden", ...(nextCapital ? { nextCapital } : {}), ...rest };
  });
  const configKeys = new Map<string, ConfigKeyItem>();
  const documented: Array<Pick<ConfigKeyItem, "key" | "source" | "status">> = [
    ...schema.configKeys.map((key) => ({ key, source: "app-server-schema" as const, status: "documented" as const })),
    ...configKeysInHelp(texts).map((key) => ({ key, source: "help" as const, status: "documented" as const })),
    ...features.map((feature) => ({ key: `features.${feature.name}`, source: "features list" as const, status: featureStatus(feature.stage) })),
  ];
  const probe = probing ? await probeConfigKeysCached(codex.path, codex.version, [...fieldNamesInBinary(codex.path), ...documented.flatMap(({ key }) => key.split("."))], env, home, options.onProgress) : NO_PROBE;
  const probed = (key: string) => probing && (!key.includes(".") || (key.split(".").length === 2 && probe.tables.includes(key.split(".")[0]!)));
  for (const item of documented) if (!configKeys.has(item.key)) configKeys.set(item.key, { ...item, parser: probed(item.key) ? "ignored" : "not probed" });
  for (const { key, parserSays } of probe.keys) {
    const known = configKeys.get(key);
    const status = key.split(".").some((part) => part.startsWith("experimental")) ? "experimental" : "hidden";
    configKeys.set(key, { ...(known ?? { key, source: "config-parser", status }), parser: "known", parserSays });
  }
  return {
    codexVersion: codex.version,
    codexPath: codex.path,
    commands,
    features,
    envVars,
    configKeys: [...configKeys.values()].sort((a, b) => a.key.localeCompare(b.key)),
    configKeyProbe: { method: probing ? PROBE_METHOD : "not run (--no-config-probe)", candidates: probe.candidates, runs: probe.runs, durationMs: probe.durationMs, tables: probe.tables, cached: probe.cached },
    protocol: schema.methods,
    ...(options.schemaShapes ? { protocolShapes: schema.shapes } : {}),
    doctor: await readDoctorSurface(codex.path, codexEnv),
  };
}
