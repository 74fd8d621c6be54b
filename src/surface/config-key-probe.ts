// Which config keys the binary's own config parser knows, measured. Codex ignores a key it does not
// know, but refuses a known key given a value of the wrong type, and names it ("invalid type:
// sequence, expected a string, in `model`"). So every candidate is set to a value no real key takes
// (`[[[]]]`, an array of arrays of arrays) on one `codex features list` command line: the first
// known key fails the load and is named; it is recorded and dropped, and the command is re-run until
// Codex loads cleanly. When an error names no candidate (an untagged enum loses the path), the
// candidates are halved until it does. Each known key costs one run; unknown ones cost nothing.
//
// Top-level keys first; then, one level down, the keys of each table that ignores unknown keys as a
// struct does (a map, which takes any key, is not probed). A struct that refuses unknown keys lists
// its fields in the refusal, which is taken as it stands.
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { CodexHeadlessError } from "../core/errors.js";
import { cacheDir } from "../core/paths.js";
import { binaryIdentity } from "../codex/binary-identity.js";
import { limited } from "../core/limited.js";
import { runCommand } from "../process/spawn.js";
import { asArgs, BARE_KEY, overridePairs } from "../codex/config-overrides.js";
import { cachedPerBinary } from "./per-binary-cache.js";

const ProbedConfigKeySchema = z.object({
  /** Dotted path, e.g. `model` or `tui.theme`. */
  key: z.string(),
  /** What the parser said about the wrong value: the type it wanted, or the fields it accepts. */
  parserSays: z.string(),
});
export type ProbedConfigKey = z.infer<typeof ProbedConfigKeySchema>;

const ConfigKeyProbeSchema = z.object({
  keys: z.array(ProbedConfigKeySchema),
  /** Top-level tables whose own keys were probed. */
  tables: z.array(z.string()),
  candidates: z.number().int(),
  runs: z.number().int(),
  durationMs: z.number(),
});
export type ConfigKeyProbe = z.infer<typeof ConfigKeyProbeSchema>;

/** A value no typed config key accepts, so a known key fails and an unknown one is ignored. (A key
 *  that takes any TOML value, or arrays of arrays, would accept it and go unseen.) */
const WRONG_VALUE = [[[]]];
/** A name no struct has: a table that takes it silently ignores unknown keys. */
const SENTINEL = "__codex_headless_probe";
const CHUNK = 2000;
/** The `-c` override that gives `key` the wrong value. */
const wrongValueFor = (key: string) => overridePairs({ [key]: WRONG_VALUE })[0]!;
/** Part of the cache's file name: a change to how keys are found must not read old answers. */
const PROBE_VERSION = 1;

export interface LoadResult {
  ok: boolean;
  /** The dotted path the parser blamed, when it said. */
  path?: string;
  message: string;
}

/** The first explanation after anyhow's "Caused by:", and the `in \`path\`` line under it. */
export function parseConfigError(stderr: string): Omit<LoadResult, "ok"> {
  const cause = /Caused by:\s*\n\s*(.+)(?:\n\s*in `([^`]+)`)?/.exec(stderr);
  if (cause) return { message: cause[1]!.trim(), ...(cause[2] ? { path: cause[2] } : {}) };
  return { message: stderr.trim().split("\n")[0] ?? "" };
}

export interface ConfigLoader {
  /** Loads a configuration of only these `-c` overrides, in an empty Codex home. */
  load(overrides: string[]): Promise<LoadResult>;
  runs(): number;
}

/** A loader over an empty Codex home of its own under `workDir`; checks that an empty config loads. */
export async function configLoader(codexPath: string, env: NodeJS.ProcessEnv, workDir: string): Promise<ConfigLoader> {
  const home = path.join(workDir, "config-probe-home");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  // Most loads fail by design, and with RUST_BACKTRACE set (some machines set it for every process)
  // Codex prints a backtrace with each refusal, ~20 ms of CPU a load: a cold inventory took 97 CPU-s
  // with them and 72-76 without (598 loads, one sample each, a loaded machine). The refusal's cause,
  // all the probe reads, is the same either way.
  const probeEnv = { ...env, CODEX_HOME: home, RUST_LOG: "error", RUST_BACKTRACE: "0", RUST_LIB_BACKTRACE: "0" };
  let runs = 0;
  const load = async (overrides: string[]): Promise<LoadResult> => {
    runs += 1;
    const args = [...asArgs(overrides), "features", "list"];
    const result = await runCommand(codexPath, args, { env: probeEnv, cwd: home, timeoutMs: 30_000 });
    if (result.timedOut) throw new CodexHeadlessError("environment", `config key probe: \`codex features list\` did not finish within 30 s`);
    return { ok: result.code === 0, ...parseConfigError(result.stderr) };
  };
  const baseline = await load([]);
  if (!baseline.ok) throw new CodexHeadlessError("environment", `config key probe: Codex refuses to load an empty configuration (${baseline.message})`);
  return { load, runs: () => runs };
}

/** Whether the parser knows one dotted key: it refuses a wrong value for a key it knows. */
export async function parserKnows(loader: ConfigLoader, key: string): Promise<boolean> {
  return !(await loader.load([wrongValueFor(key)])).ok;
}

/** Loads a made-up key inside a known top-level key: it loads when that key is a table that ignores
 *  unknown keys (a struct), whose own keys can then be asked about one by one. */
export async function loadSentinelIn(loader: ConfigLoader, key: string): Promise<LoadResult> {
  return loader.load([wrongValueFor(`${key}.${SENTINEL}`)]);
}

export async function probeConfigKeys(codexPath: string, candidateNames: readonly string[], env: NodeJS.ProcessEnv, workDir: string): Promise<ConfigKeyProbe> {
  const started = Date.now();
  const loader = await configLoader(codexPath, env, workDir);
  const { load } = loader;

  /** The candidates under `prefix` that the parser knows. */
  const knownAmong = async (prefix: string, names: string[]): Promise<ProbedConfigKey[]> => {
    const found: ProbedConfigKey[] = [];
    let left = names;
    while (left.length > 0) {
      const result = await load(left.map((name) => wrongValueFor(`${prefix}${name}`)));
      if (result.ok) break;
      const blamed = result.path?.startsWith(prefix) ? result.path.slice(prefix.length).split(".")[0] : undefined;
      if (blamed !== undefined && left.includes(blamed)) {
        found.push({ key: `${prefix}${blamed}`, parserSays: result.message });
        left = left.filter((name) => name !== blamed);
      } else if (left.length === 1) {
        found.push({ key: `${prefix}${left[0]!}`, parserSays: result.message });
        break;
      } else {
        // An error that names no candidate: halve the list until each half's errors can be told apart.
        const half = Math.ceil(left.length / 2);
        found.push(...(await knownAmong(prefix, left.slice(0, half))), ...(await knownAmong(prefix, left.slice(half))));
        break;
      }
    }
    return found;
  };

  const limit = Math.max(1, Math.min(4, os.availableParallelism()));
  const names = [...new Set(candidateNames)].filter((name) => BARE_KEY.test(name)).sort();
  const chunks = Array.from({ length: Math.ceil(names.length / CHUNK) }, (_, i) => names.slice(i * CHUNK, (i + 1) * CHUNK));
  /** In chunks: the runs go in parallel, and a shorter command line loads faster. */
  const search = async (prefixes: string[]) => {
    const jobs = prefixes.flatMap((prefix) => chunks.map((chunk) => ({ prefix, chunk })));
    return (await limited(jobs, limit, ({ prefix, chunk }) => knownAmong(prefix, chunk))).flat();
  };

  const topLevel = await search([""]);
  const keys = [...topLevel];
  const tables: string[] = [];
  const shapes = await limited(topLevel, limit, async ({ key }) => ({ key, result: await loadSentinelIn(loader, key) }));
  for (const { key, result } of shapes) {
    const refusal = /unknown field `[^`]+`, expected (.+)/.exec(result.message);
    if (result.ok) tables.push(key);
    else if (refusal) for (const field of refusal[1]!.matchAll(/`([^`]+)`/g)) keys.push({ key: `${key}.${field[1]!}`, parserSays: `listed in the parser's refusal of an unknown field: ${refusal[0]}` });
  }
  keys.push(...(await search(tables.map((table) => `${table}.`))));
  keys.sort((a, b) => a.key.localeCompare(b.key));
  return { keys, tables, candidates: names.length, runs: loader.runs(), durationMs: Date.now() - started };
}

/**
 * The probe's result for this binary, from our cache when this exact file (version, size, mtime)
 * was probed before: the answer depends on the binary alone, and probing takes a few hundred runs.
 */
export async function probeConfigKeysCached(
  codexPath: string,
  codexVersion: string,
  candidateNames: readonly string[],
  env: NodeJS.ProcessEnv,
  workDir: string,
  onProbe: (message: string) => void = () => {},
): Promise<ConfigKeyProbe & { cached: boolean }> {
  const file = path.join(cacheDir(env), "config-keys", `${codexVersion}-${binaryIdentity(codexPath)}-probe${PROBE_VERSION}.json`);
  const { value, cached } = await cachedPerBinary(file, ConfigKeyProbeSchema, () => {
    onProbe(`probing the config parser of Codex ${codexVersion} (a few hundred short runs, once per binary)`);
    return probeConfigKeys(codexPath, candidateNames, env, workDir);
  });
  return { ...value, cached };
}
