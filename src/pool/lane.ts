// A lane: one warm `codex app-server` process with its home (and, on the mock, its provider), all
// three made by the runner on the lane's first task once its checks and gate passed, and kept. Tasks
// in a lane share its home the way runs from one shell share ~/.codex, never a thread, cwd or
// environment. A lane serves only tasks whose launch is the same: binary, home, auth, environment,
// policy, sandbox and the other run settings — its key.
import { createHash } from "node:crypto";
import { defaultHomeFor, plannedHomePath } from "../home/prepare.js";
import type { AppServerHolder, KeptResources } from "../run/runner.js";
import type { RunSpec } from "../run/spec.js";

export interface Lane {
  id: number;
  key: string;
  /** A lane of one task's own (it asked for an isolated home): closed after that task. */
  dedicated: boolean;
  busy: boolean;
  /** Tasks this lane has served. */
  served: number;
  /** The lane's home and mock, made by its first task's run (none before a task passed the gate). */
  kept: KeptResources;
  /** The app-server session; runOnce starts it (again, after a crash) on the lane's next task. */
  holder: AppServerHolder;
}

/** What a task needs of a lane, as a short hash: its run settings except the per-task ones (prompt,
 *  cwd, timeouts, images, output schema), where its home is, and its whole environment. */
export function laneKey(spec: RunSpec, env: NodeJS.ProcessEnv): string {
  const { prompt: _p, cwd, timeoutMs: _t, idleTimeoutMs: _i, firstEventTimeoutMs: _f, images: _im, outputSchema: _o, ...launch } = spec;
  const home = spec.home ?? defaultHomeFor(spec.provider);
  // A repo home is found from the cwd: tasks in two repositories need two lanes.
  const homePath = home === "isolated" ? "isolated" : plannedHomePath(home, { cwd, env });
  const environment = Object.entries(env)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify([launch, homePath, environment])).digest("hex").slice(0, 16);
}

/** A new lane: nothing made yet; its first task's run makes its home, mock and server. */
export function openLane(id: number, key: string, dedicated: boolean): Lane {
  return { id, key, dedicated, busy: true, served: 0, kept: {}, holder: { relaunchOnChange: true } };
}

/** Stops the lane's server (stdin closed, then its process group killed), then its jail, home and mock. */
export async function closeLane(lane: Lane): Promise<void> {
  try {
    await lane.holder.session?.close();
    await lane.holder.jail?.close();
  } finally {
    // Off the event loop, so lanes closed together remove their homes at once, and a task still
    // running on another lane is not held up (the synchronous removal blocked it: home/prepare.ts).
    await Promise.all([lane.kept.home?.releaseAsync(false), lane.kept.mock?.close()]);
  }
}
