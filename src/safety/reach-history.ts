// The writable roots of every workspace-write run codex-headless has started with this state
// directory. A file we read before a run (a policy, its repository, a home, a project `.codex`
// folder, an image) may have been planted by an *earlier* run whose working directory was elsewhere
// — a parent folder, say, where a sandboxed command made `sub/.git` with a permissive committed
// policy. This run's own reach cannot show that; the history can. Runs that did not go through us (a
// bare `codex` in a parent folder) are not in it: that part of the rule stays advisory.
//
// One JSON line per root, appended (O_APPEND, so concurrent runs never lose a line) to a file in our
// state directory, which guardLocations keeps out of every sandbox's reach. danger-full-access runs
// are not recorded: with no sandbox nothing is out of reach, and a notice says so at that run.
import { closeSync, constants, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { errnoCode } from "../core/errors.js";
import { resolvedPath, stateDir } from "../core/paths.js";
import type { SandboxReach } from "./sandbox-reach.js";

const FILE = "sandbox-roots.jsonl";
const lineSchema = z.object({ root: z.string(), cwd: z.boolean().default(false), at: z.string() });

/** Earlier runs' writable roots; `cwds` are the ones that were a run's working directory (Codex
 *  shielded their top-level `.git` and `.codex` from that run). */
export interface EarlierRoots {
  roots: string[];
  cwds: string[];
}

const historyFile = (env: NodeJS.ProcessEnv): string => path.join(stateDir(env), FILE);

/** Every root an earlier workspace-write run could write (absolute paths, as recorded). Lines that
 *  do not parse are skipped: the file is ours, and only a danger-full-access run could have changed it. */
export function earlierWritableRoots(env: NodeJS.ProcessEnv): EarlierRoots {
  let text: string;
  try {
    text = readFileSync(historyFile(env), "utf8");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return { roots: [], cwds: [] };
    throw error;
  }
  const roots = new Set<string>();
  const cwds = new Set<string>();
  const plain = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) continue;
      roots.add(parsed.data.root);
      (parsed.data.cwd ? cwds : plain).add(parsed.data.root);
    } catch {
      // a torn line (a crash mid-write): the next run of that root records it again
    }
  }
  // A root that some run had as a plain writable root had no shielded `.git`/`.codex` in that run.
  return { roots: [...roots], cwds: [...cwds].filter((root) => !plain.has(root)) };
}

/** Remembers this run's writable roots, before Codex starts (a run killed mid-way has still run).
 *  `cwdShielded`: Codex's own workspace-write sandbox kept the working directory's `.git` and `.codex`
 *  read-only in this run; false for a run with no Codex sandbox inside (a jailed danger-full-access
 *  run writes them like anything else, and a later run must not trust them as shielded). */
export function recordWritableRoots(reach: SandboxReach, cwd: string, env: NodeJS.ProcessEnv, cwdShielded = true): void {
  if (reach.unbounded || reach.roots.length === 0) return;
  const known = earlierWritableRoots(env);
  const cwdForms = new Set(cwdShielded ? [path.resolve(cwd), resolvedPath(cwd)] : []);
  const fresh = reach.roots
    .map((root) => ({ root, cwd: cwdForms.has(root) }))
    // Recorded again only with news: a new root, or a known cwd now a plain root (it loses its shield).
    .filter((entry) => !known.roots.includes(entry.root) || (!entry.cwd && known.cwds.includes(entry.root)));
  if (fresh.length === 0) return;
  const file = historyFile(env);
  mkdirSync(path.dirname(file), { recursive: true });
  const at = new Date().toISOString();
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, fresh.map((entry) => `${JSON.stringify({ ...entry, at })}\n`).join(""));
  } finally {
    closeSync(fd);
  }
}
