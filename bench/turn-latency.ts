// Per-turn latency of a 5-turn thread: the app-server transport (one process for the thread) against
// exec + resume (one process per turn), measured side by side, threads interleaved.
import { rmSync } from "node:fs";
import { Codex } from "../src/client/codex.js";
import { benchFixture } from "./fixture.js";
import { interleaved, type Benchmark, type BenchResult } from "./suite.js";

const TURNS = 5;
type Transport = "exec" | "app-server";

async function threadTurns(transport: Transport, fixture: ReturnType<typeof benchFixture>): Promise<number[]> {
  const thread = new Codex({ provider: "mock", scenario: "multi-turn", cwd: fixture.cwd, env: fixture.env, transport }).startThread();
  const times: number[] = [];
  try {
    for (let turn = 1; turn <= TURNS; turn += 1) {
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
  async run({ repetitions, workDir, progress }): Promise<BenchResult> {
    const fixture = benchFixture(workDir, "turns");
    let threads: Record<Transport, number[][]>;
    try {
      threads = await interleaved({ exec: () => threadTurns("exec", fixture), "app-server": () => threadTurns("app-server", fixture) }, repetitions, (round) => progress?.(`turn-latency ${round}/${repetitions}`));
    } finally {
      rmSync(fixture.root, { recursive: true, force: true });
    }
    const first = { exec: threads.exec.map((turns) => turns[0]!), "app-server": threads["app-server"].map((turns) => turns[0]!) };
    const later = { exec: threads.exec.flatMap((turns) => turns.slice(1)), "app-server": threads["app-server"].flatMap((turns) => turns.slice(1)) };
    return {
      id: this.id,
      title: this.title,
      method: `Library \`Thread.run\` wall time per turn of a ${TURNS}-turn \`multi-turn\` thread (one model request per turn, mock provider, isolated home). exec: each turn spawns \`codex exec\` (turn 1) or \`codex exec resume\` (turns 2–${TURNS}). app-server: one \`codex app-server\` process serves the thread; turn 1 includes its start-up, initialize and thread/start. Threads of the two transports alternate.`,
      series: [
        { name: "exec turn 1", unit: "ms", samples: first.exec },
        { name: `exec + resume turns 2–${TURNS}`, unit: "ms", samples: later.exec },
        { name: "app-server turn 1", unit: "ms", samples: first["app-server"] },
        { name: `app-server turns 2–${TURNS}`, unit: "ms", samples: later["app-server"] },
      ],
      // "at least 2x faster after the first turn": the ratio must stay at or under 0.5.
      comparisons: [
        { subject: `app-server turns 2–${TURNS}`, baseline: `exec + resume turns 2–${TURNS}`, target: 0.5 },
        { subject: "app-server turn 1", baseline: "exec turn 1" },
      ],
    };
  },
};
