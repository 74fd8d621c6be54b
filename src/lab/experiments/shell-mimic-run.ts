// One shell-mimic run: a fresh fixture HOME with real rc files, Codex launched through one context and
// asked to run `env` several times in one turn. Shared by the context comparison and the snapshot
// stress runs.
import { summarize } from "../launch-compare.js";
import { writeRcFiles, type RcBehaviour } from "../../launch/rc-fixture.js";
import type { LaunchContextName } from "../../launch/context.js";
import type { LabContext } from "../experiment.js";
import type { Evidence } from "../findings.js";
import type { ContextSummary } from "../launch-compare.js";
import { FEW_RETRIES } from "../../mock/provider-config.js";

export const ENV_RUNS = 3;
// Few retries: a broken run should fail fast, not retry for half a minute.

export interface ContextRun {
  summary: ContextSummary;
  home: string;
  evidence: Evidence;
}

export interface RunOptions {
  config?: string[];
  /** Variables to set, or a function of the fixture's environment giving them. */
  envPatch?: NodeJS.ProcessEnv | ((env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv);
  rc?: RcBehaviour;
  /** The mock model's pause before each later `env` (see the env scenario). */
  envGapMs?: number;
}

export async function runContext(ctx: LabContext, context: LaunchContextName, name: string, options: RunOptions = {}): Promise<ContextRun> {
  const fixture = ctx.fixture(name);
  const patch = typeof options.envPatch === "function" ? options.envPatch(fixture.env) : options.envPatch;
  Object.assign(fixture.env, patch ?? {});
  writeRcFiles(fixture.home, options.rc);
  ctx.progress(`${name}: running env ×${ENV_RUNS} through ${context}`);
  const { record, evidence } = await ctx.run(
    name,
    {
      prompt: "Show me the environment your commands run in.",
      scenario: "env",
      scenarioOptions: { envRuns: String(ENV_RUNS), ...(options.envGapMs ? { envGapMs: String(options.envGapMs) } : {}) },
      context,
      timeoutMs: 90_000,
      config: [...(ctx.provider === "mock" ? FEW_RETRIES : []), ...(options.config ?? [])],
    },
    fixture,
  );
  return { summary: summarize(record), home: fixture.home, evidence };
}
