// Which keys of a config.toml the installed Codex ignores. Codex says nothing about a key it does not
// know (a misspelling, a retired name), so the key silently has no effect. Each key of the file is
// put to the parser directly (surface/config-key-probe.ts): a wrong value for it, alone; refused means known.
// Top-level keys, and the keys inside a table that is a struct; entries of maps (mcp_servers,
// profiles, projects, ...) are names the user chooses, not keys, and are not asked about.
import { parse } from "smol-toml";
import { BARE_KEY } from "../codex/config-overrides.js";
import { configLoader, loadSentinelIn, parserKnows } from "../surface/config-key-probe.js";

export interface ConfigFileCheck {
  known: string[];
  ignored: string[];
  /** Keys that cannot be put on a `-c` command line as they are (quoted names with dots or spaces). */
  notChecked: string[];
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Throws smol-toml's error (with line and column) for a file that is not TOML. */
export async function checkConfigText(codexPath: string, text: string, env: NodeJS.ProcessEnv, workDir: string): Promise<ConfigFileCheck> {
  const config = parse(text) as Record<string, unknown>;
  const loader = await configLoader(codexPath, env, workDir);
  const result: ConfigFileCheck = { known: [], ignored: [], notChecked: [] };
  for (const [key, value] of Object.entries(config)) {
    if (!BARE_KEY.test(key)) {
      result.notChecked.push(key);
      continue;
    }
    if (!(await parserKnows(loader, key))) {
      result.ignored.push(key);
      continue;
    }
    result.known.push(key);
    if (!isTable(value) || !(await loadSentinelIn(loader, key)).ok) continue;
    for (const inner of Object.keys(value)) {
      const dotted = `${key}.${inner}`;
      if (!BARE_KEY.test(inner)) result.notChecked.push(dotted);
      else (await parserKnows(loader, dotted) ? result.known : result.ignored).push(dotted);
    }
  }
  return result;
}
