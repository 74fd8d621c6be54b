// What a lab variant needs from the host, checked before it runs: a launch context's shell, a
// pseudo-terminal. A missing piece skips only the variants that need it, and the report says which
// piece and what installs it, instead of the whole experiment failing.
import { createRequire } from "node:module";
import { CodexHeadlessError } from "../core/errors.js";
import { launchContext } from "../launch/registry.js";
import { jailViability } from "../safety/jail.js";
import type { LaunchContextName } from "../launch/context.js";
import type { LabContext } from "./experiment.js";
import type { Evidence, Finding } from "./findings.js";

export interface Missing {
  /** What is missing, in a word or two (e.g. "zsh"). */
  missing: string;
  /** The command that installs it. */
  install: string;
}

const require = createRequire(import.meta.url);

/** Whether a pseudo-terminal can be opened here (node-pty loads and forks nothing until asked). */
function ptyMissing(): Missing | undefined {
  try {
    require("node-pty");
    return undefined;
  } catch {
    return { missing: "node-pty (a pseudo-terminal)", install: "npm install node-pty (needs a C++ toolchain: apt-get install build-essential python3)" };
  }
}

/** What `context` needs and this host lacks, in the environment a run would start from. */
export function contextMissing(context: LaunchContextName, env: NodeJS.ProcessEnv): Missing | undefined {
  if (context === "pty") return ptyMissing();
  try {
    launchContext(context).preflight?.(env);
    return undefined;
  } catch (error) {
    const data = error instanceof CodexHeadlessError ? error.data : {};
    if (typeof data.missing === "string" && typeof data.install === "string") return { missing: data.missing, install: data.install };
    throw error;
  }
}

/** What the outer jail (--jail) needs and this host lacks (bubblewrap, prlimit, user namespaces: the
 *  gate's own check, safety/jail.ts), as one prerequisite; undefined when a jail can be built. */
export function jailMissing(env: NodeJS.ProcessEnv): Missing | undefined {
  // The run's environment, not this process's: the gate judges the PATH the run is given.
  const { needs } = jailViability(env);
  if (!needs.length) return undefined;
  return { missing: needs.map((need) => need.missing).join(", "), install: needs.map((need) => need.install).join(" && ") };
}

/** A finding that could not be measured for a missing prerequisite: says which, and what installs it. */
export function skippedFinding(ctx: LabContext, id: string, question: string, why: Missing, variant: string): Finding {
  ctx.skip(variant, why);
  const evidence: Evidence = ctx.evidence(`${id}.skipped.json`, "prerequisite", `${variant}: needs ${why.missing}`, { variant, ...why });
  return { id, question, answer: `Not measured: ${variant} needs ${why.missing}, which this host lacks. Install it with \`${why.install}\` and run the lab again.`, status: "skipped", evidence: [evidence] };
}
