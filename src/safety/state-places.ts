// codex-headless's own folders that later runs trust (homes, seals, probe verdicts, parsed start-up
// files, answers about commits, the history of writable roots, cached Codex binaries): each must lie
// out of every sandbox's reach. One list, used by the run's guard (run/guard-locations.ts), which
// refuses a run, and by the gate's policy read, which keeps nothing there when it would be in reach.
import { cacheDir, defaultStateDir, stateDir } from "../core/paths.js";
import { reachingRoot, type SandboxReach } from "./sandbox-reach.js";

export interface StatePlace {
  what: string;
  path: string;
  why: string;
}

/** The folders, each with what it is and why it must stay out of reach (completes a refusal). */
export function trustedStatePlaces(env: NodeJS.ProcessEnv): StatePlace[] {
  return [
    { what: `codex-headless's state directory ${stateDir(env)}`, path: stateDir(env), why: "it holds homes and probe verdicts later runs trust; set CODEX_HEADLESS_STATE_DIR outside it" },
    { what: `codex-headless's cache directory ${cacheDir(env)}`, path: cacheDir(env), why: "it holds Codex binaries and probe results later runs trust; set CODEX_HEADLESS_CACHE_DIR outside it" },
    // The default ones too, when this run uses another: a later run without the variables trusts them.
    ...[...new Set([defaultStateDir(env), defaultStateDir({ ...env, XDG_STATE_HOME: undefined })])].map((dir) => ({
      what: `codex-headless's default state directory ${dir}`,
      path: dir,
      why: "runs that do not set CODEX_HEADLESS_STATE_DIR trust what it holds (homes, seals, the history of writable roots); run in a folder that does not contain it",
    })),
  ];
}

/** The first of those folders a run with `reach` could write, and the root that reaches it. */
export function reachingStatePlace(reach: SandboxReach, env: NodeJS.ProcessEnv): { place: StatePlace; root: string } | undefined {
  for (const place of trustedStatePlaces(env)) {
    const root = reachingRoot(reach, place.path);
    if (root) return { place, root };
  }
  return undefined;
}
