// One shell-mimic run: a fresh fixture HOME with real rc files, Codex launched through one context and
// asked to run `env` several times in one turn. Shared by the context comparison and the snapshot
// stress runs.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { summarize } from "../../../launch-compare.js";
import { writeRcFiles, type RcBehaviour } from "../../../../launch/rc-fixture.js";
import type { LaunchContextName } from "../../../../launch/context.js";
import type { LabContext } from "../../../experiment.js";
import type { Evidence } from "../../../findings.js";
import type { ContextSummary } from "../../../launch-compare.js";
import { FEW_RETRIES } from "../../../../mock/provider-config.js";
import { itemOf } from "../../../../run/record.js";
import type { NormalizedEvent } from "../../../../transport/events.js";

export const ENV_RUNS = 3;
// Few retries: a broken run should fail fast, not retry for half a minute.

export interface ContextRun {
  summary: ContextSummary;
  home: string;
  evidence: Evidence;
  /** The environment the caller launched the run with (the fixture's, with the caller's exports). */
  callerEnv: NodeJS.ProcessEnv;
}

/** A variable the caller exports, and a directory it puts first on its PATH holding a command
 *  (`CALLER_TOOL`), as a tool's user does (node_modules/.bin, a project's bin/). */
export const CALLER_VARIABLE = "CHL_CALLER_EXPORTED";
export const CALLER_BIN = "caller-bin";
export const CALLER_TOOL = "chl-caller-tool";

/** Adds the caller's own exports to a fixture environment: its bin directory (with a command in it)
 *  first on PATH, and a variable. */
export function addCallerExports(env: NodeJS.ProcessEnv, home: string): void {
  const bin = path.join(path.dirname(home), CALLER_BIN);
  mkdirSync(bin, { recursive: true });
  const tool = path.join(bin, CALLER_TOOL);
  writeFileSync(tool, "#!/bin/sh\necho caller tool ran\n");
  chmodSync(tool, 0o755);
  env.PATH = [bin, env.PATH].filter(Boolean).join(":");
  env[CALLER_VARIABLE] = "1";
}

export interface RunOptions {
  config?: string[];
  /** Variables to set, or a function of the fixture's environment giving them. */
  envPatch?: NodeJS.ProcessEnv | ((env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv);
  rc?: RcBehaviour;
  /** The mock model's pause before each later `env` (see the env scenario). */
  envGapMs?: number;
  /** Called once, when the turn's first command has run (its item completed). */
  onFirstCommand?: () => void;
}

/** What the mock model sends as the command call's `login` argument in `context`: user-shell runs
 *  with allow_login_shell=false, where Codex refuses `login: true`, so there the model leaves it out
 *  (the refusal itself is measured apart). */
export function loginFor(context: LaunchContextName): "true" | "omit" {
  return context === "user-shell" ? "omit" : "true";
}

export async function runContext(ctx: LabContext, context: LaunchContextName, name: string, options: RunOptions = {}): Promise<ContextRun> {
  const fixture = ctx.fixture(name);
  const patch = typeof options.envPatch === "function" ? options.envPatch(fixture.env) : options.envPatch;
  addCallerExports(fixture.env, fixture.home);
  Object.assign(fixture.env, patch ?? {});
  const callerEnv = { ...fixture.env };
  writeRcFiles(fixture.home, options.rc);
  ctx.progress(`${name}: running env ×${ENV_RUNS} through ${context}`);
  const { record, evidence } = await ctx.run(
    name,
    {
      prompt: "Show me the environment your commands run in.",
      scenario: "env",
      scenarioOptions: { envRuns: String(ENV_RUNS), login: loginFor(context), ...(options.envGapMs ? { envGapMs: String(options.envGapMs) } : {}) },
      context,
      timeoutMs: 90_000,
      config: [...(ctx.provider === "mock" ? FEW_RETRIES : []), ...(options.config ?? [])],
    },
    fixture,
    options.onFirstCommand ? { onEvent: firstCommandWatch(options.onFirstCommand) } : {},
  );
  return { summary: summarize(record), home: fixture.home, evidence, callerEnv };
}

/** An event hook that calls `then` once, at the first completed command of the turn. */
function firstCommandWatch(then: () => void): (event: NormalizedEvent) => void {
  let seen = false;
  return (event) => {
    if (seen || event.type !== "item.completed" || itemOf(event)?.type !== "command_execution") return;
    seen = true;
    then();
  };
}
