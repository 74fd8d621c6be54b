// Wall time of the whole lab (`runLab`, every experiment, mock provider) — the README's main job, which
// must stay well under the 5 minutes the lab issue allows on a 2-core machine.
import { rmSync } from "node:fs";
import path from "node:path";
import type { Experiment } from "../src/lab/experiment.js";
import type { DirectionId } from "../src/lab/findings.js";
import { runLab } from "../src/lab/run-lab.js";
import { benchFixture } from "./fixture.js";
import type { Benchmark, BenchResult } from "./suite.js";

/** The lab issue's budget for the whole lab on a 2-core machine. */
export const LAB_BUDGET_S = 300;
/** The lab takes minutes: a few runs say enough. */
const MAX_RUNS = 3;

/** The benchmark over some directions only, or over a given list of experiments: its smoke test checks
 *  the code on one quick experiment, since the lab command's own test already runs every experiment. */
export function labWallTimeOf(only?: DirectionId[], experiments?: Experiment[]): Benchmark {
  return {
    id: "lab-wall-time",
    title: "Lab wall time",
    async run({ repetitions, workDir, progress }): Promise<BenchResult> {
      const samples: number[] = [];
      for (let i = 0; i < Math.min(repetitions, MAX_RUNS); i += 1) {
        const fixture = benchFixture(workDir, "lab");
        const started = performance.now();
        const report = await runLab({ outDir: path.join(fixture.root, "report"), provider: "mock", codex: "pinned", env: fixture.env, ...(only ? { only } : {}), ...(experiments ? { experiments } : {}) });
        const errors = report.directions.flatMap((d) => d.findings).filter((f) => f.status === "error");
        if (errors.length > 0) throw new Error(`lab run had ${errors.length} experiment error(s): ${errors[0]!.answer}`);
        samples.push((performance.now() - started) / 1000);
        rmSync(fixture.root, { recursive: true, force: true });
        progress?.(`lab-wall-time ${i + 1}/${Math.min(repetitions, MAX_RUNS)}`);
      }
      return {
        id: this.id,
        title: this.title,
        method: `\`runLab\` with ${experiments ? `the experiments ${experiments.map((e) => e.id).join(", ")}` : only ? `the ${only.join(", ")} experiments` : "every experiment"} (their repeats and stress runs included) against the mock provider, two experiments at a time, in a fixture HOME; ${Math.min(repetitions, MAX_RUNS)} run(s), seconds. Budget: the whole lab under ${LAB_BUDGET_S} s on a 2-core machine.`,
        series: [{ name: `lab (${experiments ? experiments.map((e) => e.id).join(", ") : only ? only.join(", ") : "all directions"})`, unit: "s", samples }],
        comparisons: [],
      };
    },
  };
}

export const labWallTime = labWallTimeOf();
