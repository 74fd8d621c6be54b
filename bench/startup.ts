// Start-up time of the README's main command, `npm run lab`: from the keystroke to the lab's first
// progress line (the job has started; nothing was built or installed first), next to the CLI's own
// start-up (`codex-headless --version`, through the link `npm ci` leaves in node_modules/.bin).
import path from "node:path";
import { packageRoot } from "../src/core/package-root.js";
import { runCommand, spawnGroup } from "../src/process/spawn.js";
import { readLines } from "../src/transport/jsonl.js";
import { benchFixture } from "./fixture.js";
import type { Benchmark, BenchResult } from "./suite.js";

/** The lab's first line on stderr once it runs an experiment. */
const LAB_STARTED = /^codex-headless: lab: /;

/** ms from spawning `npm run lab` in the repository until the lab's first progress line; then the
 *  whole process group is stopped. */
async function labStartMs(env: NodeJS.ProcessEnv, outDir: string): Promise<number> {
  const started = performance.now();
  const handle = spawnGroup("npm", ["run", "lab", "--", "--out", outDir], { cwd: packageRoot(), env });
  let seen: number | undefined;
  const first = new Promise<void>((resolve) => {
    void readLines(handle.stderr, (line) => {
      if (seen === undefined && LAB_STARTED.test(line)) {
        seen = performance.now() - started;
        resolve();
      }
    }).then(() => resolve());
    handle.stdout.resume();
  });
  const timer = setTimeout(() => void handle.terminate(), 120_000);
  await first;
  clearTimeout(timer);
  await handle.terminate();
  if (seen === undefined) throw new Error("npm run lab printed no lab progress line");
  return seen;
}

export const startup: Benchmark = {
  id: "startup",
  title: "Start-up of the README's main command",
  async run({ repetitions, workDir, progress }): Promise<BenchResult> {
    const series = { lab: [] as number[], version: [] as number[] };
    const bin = path.join(packageRoot(), "node_modules", ".bin", "codex-headless");
    for (let i = 0; i < repetitions; i += 1) {
      const fixture = benchFixture(workDir, "startup");
      series.lab.push(await labStartMs(fixture.env, path.join(fixture.root, "report")));
      const started = performance.now();
      const version = await runCommand(bin, ["--version"], { cwd: fixture.cwd, env: fixture.env, timeoutMs: 30_000 });
      if (version.code !== 0) throw new Error(`codex-headless --version failed: ${version.stderr.trim()}`);
      series.version.push(performance.now() - started);
      progress?.(`startup ${i + 1}/${repetitions}`);
    }
    return {
      id: this.id,
      title: this.title,
      method:
        "`npm run lab` in the repository after `npm ci` (a fixture HOME and state dir), timed from the spawn of npm to the lab's first progress line on stderr (`codex-headless: lab: ...`), then stopped; and `node_modules/.bin/codex-headless --version` to its exit. Neither builds nor installs anything first.",
      series: [
        { name: "npm run lab: first progress line", unit: "ms", samples: series.lab },
        { name: "codex-headless --version", unit: "ms", samples: series.version },
      ],
      comparisons: [],
    };
  },
};
