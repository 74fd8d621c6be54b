// Harness overhead: `codex-headless run` (CLI) and `runOnce` (library) against bare `codex exec`, the
// same mock scenario and prompt, a fresh Codex home per run for all three, samples interleaved so
// drift in the machine's load hits every series alike.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pinnedCodexPath } from "../src/codex/locate.js";
import { MOCK_KEY_ENV, MOCK_TOKEN, providerOverrides } from "../src/mock/provider-config.js";
import { startMockProvider } from "../src/mock/server.js";
import { runOnce } from "../src/run/runner.js";
import { buildExecArgs } from "../src/transport/exec-jsonl.js";
import { runCommand } from "../src/process/spawn.js";
import { benchFixture, BUILT_CLI } from "./fixture.js";
import type { Benchmark, BenchResult } from "./suite.js";

const PROMPT = "say hi";

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export const harnessOverhead: Benchmark = {
  id: "harness-overhead",
  title: "Harness overhead against bare codex exec",
  async run({ repetitions, workDir, progress }): Promise<BenchResult> {
    const fixture = benchFixture(workDir, "overhead");
    const mock = await startMockProvider({ scenario: "hello" });
    const codex = pinnedCodexPath();
    const homes = path.join(fixture.root, "bare-homes");
    mkdirSync(homes, { recursive: true });
    const series = { bare: [] as number[], cli: [] as number[], library: [] as number[] };

    const bare = async () => {
      const home = mkdtempSync(path.join(homes, "home-"));
      const args = buildExecArgs({ cwd: fixture.cwd, configOverrides: providerOverrides({ baseUrl: mock.baseUrl, envKey: MOCK_KEY_ENV }) });
      const result = await runCommand(codex, args, { cwd: fixture.cwd, env: { ...fixture.env, CODEX_HOME: home, [MOCK_KEY_ENV]: MOCK_TOKEN }, input: PROMPT, timeoutMs: 60_000 });
      rmSync(home, { recursive: true, force: true });
      if (result.code !== 0) throw new Error(`bare codex exec failed: ${result.stderr.trim().split("\n").at(-1)}`);
    };
    const cli = async () => {
      const result = await runCommand(process.execPath, [BUILT_CLI, "run", "--provider", "mock", "--scenario", "hello", PROMPT], { cwd: fixture.cwd, env: fixture.env, timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`codex-headless run failed: ${result.stderr.trim().split("\n").at(-1)}`);
    };
    const library = async () => {
      const record = await runOnce({ prompt: PROMPT, provider: "mock", scenario: "hello", cwd: fixture.cwd }, { mock, env: fixture.env });
      if (record.outcome !== "ok") throw new Error(`runOnce failed: ${record.reason}`);
    };
    const order: Array<[keyof typeof series, () => Promise<void>]> = [["bare", bare], ["cli", cli], ["library", library]];
    try {
      await bare(); // warm the file cache once; not counted
      for (let i = 0; i < repetitions; i += 1) {
        // Rotate the order each round so no series always runs first.
        for (let k = 0; k < order.length; k += 1) {
          const [name, run] = order[(i + k) % order.length]!;
          series[name].push(await timed(run));
        }
        progress?.(`harness-overhead ${i + 1}/${repetitions}`);
      }
    } finally {
      await mock.close();
      rmSync(fixture.root, { recursive: true, force: true });
    }
    return {
      id: this.id,
      title: this.title,
      method:
        "Wall time of one `hello` turn (one model request) per run. bare: the pinned codex binary spawned with `codex exec --json` and the same provider overrides the harness uses, prompt on stdin. cli: `node dist/src/cli/main.js run --provider mock --scenario hello` (starts its own mock and isolated home). library: `runOnce` in this process with a shared mock. Every run gets a fresh CODEX_HOME. Samples interleaved with a rotating order.",
      series: [
        { name: "bare codex exec", unit: "ms", samples: series.bare },
        { name: "codex-headless run (CLI)", unit: "ms", samples: series.cli },
        { name: "runOnce (library)", unit: "ms", samples: series.library },
      ],
      comparisons: [
        { subject: "codex-headless run (CLI)", baseline: "bare codex exec", target: 1.15 },
        { subject: "runOnce (library)", baseline: "bare codex exec", target: 1.05 },
      ],
    };
  },
};
