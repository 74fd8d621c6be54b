// Per-turn latency of a 5-turn thread: the app-server transport (one process for the thread) against
// exec + resume (one process per turn), measured side by side, threads interleaved.
import { rmSync } from "node:fs";
import { Codex } from "../src/client/codex.js";
import { benchFixture } from "./fixture.js";
import { interleaved, type Benchmark, type BenchResult } from "./suite.js";

const TURNS = 5;
/** The smoke test's thread: a first turn and two later ones (a resume of a resumed thread included). */
const SMALLEST_TURNS = 3;
type Transport = "exec" | "app-server";

async function threadTurns(transport: Transport, fixture: ReturnType<typeof benchFixture>, turns: number): Promise<number[]> {
  const thread = new Codex({ provider: "mock", scenario: "multi-turn", cwd: fixture.cwd, env: fixture.env, transport }).startThread();
  const times: number[] = [];
  try {
    for (let turn = 1; turn <= turns; turn += 1) {
      const started = performance.now();
      const result = await thread.run(`turn number ${turn}`);
      times.push(performance.now() - started);
      if (!result.finalResponse.startsWith(`Turn ${turn}:`)) throw new Error(`${transport} turn ${turn} answered ${JSON.stringify(result.finalResponse)}`);
    }
  } finally {
    await thread.close();
  }
  return times;
}

export const turnLatency: Benchmark = {
  id: "turn-latency",
  title: "Per-turn latency: app-server against exec + resume",
  async run({ repetitions, workDir, progress, smallest }): Promise<BenchResult> {
    const turns = smallest ? SMALLEST_TURNS : TURNS;
    const fixture = benchFixture(workDir, "turns");
    let threads: Record<Transport, number[][]>;
    try {
      threads = await interleaved({ exec: () => threadTurns("exec", fixture, turns), "app-server": () => threadTurns("app-server", fixture, turns) }, repetitions, (round) => progress?.(`turn-latency ${round}/${repetitions}`));
    } finally {
      rmSync(fixture.root, { recursive: true, force: true });
    }
    const first = { exec: threads.exec.map((turns) => turns[0]!), "app-server": threads["app-server"].map((turns) => turns[0]!) };
    const later = { exec: threads.exec.flatMap((turns) => turns.slice(1)), "app-server": threads["app-server"].flatMap((turns) => turns.slice(1)) };
    return {
      id: this.id,
      title: this.title,
      method: `Library \`Thread.run\` wall time per turn of a ${turns}-turn \`multi-turn\` thread (one model request per turn, mock provider, isolated home). exec: each turn spawns \`codex exec\` (turn 1) or \`codex exec resume\` (turns 2–${turns}). app-server: one \`codex app-server\` process serves the thread; turn 1 includes its start-up, initialize and thread/start. Threads of the two transports alternate.`,
      series: [
        { name: "exec turn 1", unit: "ms", samples: first.exec },
        { name: `exec + resume turns 2–${turns}`, unit: "ms", samples: later.exec },
        { name: "app-server turn 1", unit: "ms", samples: first["app-server"] },
        { name: `app-server turns 2–${turns}`, unit: "ms", samples: later["app-server"] },
      ],
      // "at least 2x faster after the first turn": the ratio must stay at or under 0.5.
      comparisons: [
        { subject: `app-server turns 2–${turns}`, baseline: `exec + resume turns 2–${turns}`, target: 0.5 },
        { subject: "app-server turn 1", baseline: "exec turn 1" },
      ],
    };
  },
};
