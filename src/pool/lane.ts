// A lane: one warm `codex app-server` process with its home (and, on the mock, its provider). Tasks
// in a lane share its home the way runs from one shell share ~/.codex, never a thread, cwd or
// environment. A lane serves only tasks whose launch is the same: binary, home, auth, environment,
// policy, sandbox and the other run settings — its key.
import { createHash } from "node:crypto";
import { defaultHomeFor, plannedHomePath, prepareHome, type PreparedHome } from "../home/prepare.js";
import { planAuth } from "../home/auth.js";
import { startMockProvider, type MockProvider } from "../mock/server.js";
import { mockAuthCheck } from "../run/mock-auth.js";
import type { AppServerHolder } from "../run/runner.js";
import type { RunSpec } from "../run/spec.js";

export interface Lane {
  id: number;
  key: string;
  /** A lane of one task's own (it asked for an isolated home): closed after that task. */
  dedicated: boolean;
  busy: boolean;
  /** Tasks this lane has served. */
  served: number;
  home: PreparedHome;
  mock?: MockProvider;
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

/** A new lane for a task: its home prepared, its mock started. Its server starts with its first task. */
export async function openLane(id: number, key: string, spec: RunSpec, env: NodeJS.ProcessEnv, dedicated: boolean): Promise<Lane> {
  const home = prepareHome(spec.home ?? defaultHomeFor(spec.provider), { cwd: spec.cwd, env });
  try {
    const mock = spec.provider === "mock" ? await startMockProvider({ scenario: spec.scenario, options: spec.scenarioOptions, ...mockAuthCheck(spec.auth ? planAuth(spec.auth, env) : undefined) }) : undefined;
    return { id, key, dedicated, busy: true, served: 0, home, ...(mock ? { mock } : {}), holder: { relaunchOnChange: true } };
  } catch (error) {
    home.release(false);
    throw error;
  }
}

/** Stops the lane's server (stdin closed, then its process group killed), then its jail, home and mock. */
export async function closeLane(lane: Lane): Promise<void> {
  try {
    await lane.holder.session?.close();
    await lane.holder.jail?.close();
  } finally {
    lane.home.release(false);
    await lane.mock?.close();
  }
}
