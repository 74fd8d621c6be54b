// A `-c` key the installed Codex does not know is dropped without a word: its config parser ignores
// unknown keys (measured by the config-key probe, surface/config-key-probe.ts), so `-c modle=...`
// runs on the default model and says nothing. The keys a run passes are asked of the binary's parser
// once per binary and key (kept in our cache), and one it does not know is said as a notice. Not
// refused: a key only a newer Codex knows is forward-compatible configuration, and a key that takes
// any value accepts the probe's wrong value too, so "unknown" is the parser's silence, not a proof.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { cacheDir } from "../core/paths.js";
import { configLoader, loadSentinelIn, parserKnows, type ConfigLoader } from "../surface/config-key-probe.js";
import { cachedPerBinary } from "../surface/per-binary-cache.js";
import { binaryIdentity } from "./binary-identity.js";
import { BARE_KEY, parseOverride } from "./config-overrides.js";

const verdictSchema = z.object({
  key: z.string(),
  /** The part of the key the parser does not know (the key itself or its top-level table's name). */
  unknown: z.string().optional(),
});
type Verdict = z.infer<typeof verdictSchema>;

/** What the parser says of a dotted key: its top-level name unknown, or, inside a table that ignores
 *  unknown keys, its second part unknown. Deeper parts, a map's entries and a table that refuses
 *  unknown keys itself (Codex then fails the run, naming it) are not asked. */
async function verdictFor(loader: () => Promise<ConfigLoader>, key: string): Promise<Verdict> {
  const parts = key.split(".");
  if (!parts.every((part) => BARE_KEY.test(part))) return { key };
  const top = parts[0]!;
  if (!(await parserKnows(await loader(), top))) return { key, unknown: top };
  if (parts.length < 2) return { key };
  // A made-up name loads inside a table only when that table ignores unknown keys.
  if (!(await loadSentinelIn(await loader(), top)).ok) return { key };
  const second = `${top}.${parts[1]}`;
  return (await parserKnows(await loader(), second)) ? { key } : { key, unknown: second };
}

/**
 * Notices for the `-c key=value` pairs of `config` whose key the binary at `codexPath` does not know
 * (one line each, naming the pair and the part unknown). The first question about a key costs two to
 * four `codex features list` runs (~30 ms each); the answer is kept per binary and key. A question
 * that fails (Codex refuses an empty configuration, a timeout) gives no notice.
 */
export async function unknownConfigKeyNotices(codexPath: string, codexVersion: string, config: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const keys = [...new Set(config.map((pair) => parseOverride(pair)?.key).filter((key): key is string => Boolean(key)))];
  if (keys.length === 0) return [];
  const folder = path.join(cacheDir(env), "config-keys");
  const identity = binaryIdentity(codexPath);
  let work: string | undefined;
  let loading: Promise<ConfigLoader> | undefined;
  // The loader's empty Codex home lies in our cache folder, out of every sandbox's reach.
  const loader = () => {
    if (!loading) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      loading = configLoader(codexPath, env, (work = mkdtempSync(path.join(folder, "check-"))));
    }
    return loading;
  };
  const notices: string[] = [];
  try {
    for (const key of keys) {
      const file = path.join(folder, `${codexVersion}-${identity}-key-${createHash("sha256").update(key).digest("hex").slice(0, 16)}.json`);
      const { value } = await cachedPerBinary(file, verdictSchema, () => verdictFor(loader, key)).catch(() => ({ value: { key } as Verdict }));
      if (value.key === key && value.unknown) {
        notices.push(`-c ${key}: Codex ${codexVersion}'s config parser does not know ${value.unknown === key ? "this key" : value.unknown}, and Codex ignores what it does not know without a word (a typo, or a key of another version)`);
      }
    }
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
  return notices;
}
