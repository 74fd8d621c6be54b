// Runs a collaboration: each agent is a Codex thread with its own home (and, on the mock, its own
// provider), and each agent's input is the previous agent's output. Every turn is a normal headless
// run — gate, watchdog, record — and the whole exchange is written out as a transcript.
import path from "node:path";
import { Codex } from "../client/codex.js";
import type { Thread } from "../client/thread.js";
import { CodexHeadlessError, CodexRunError } from "../core/errors.js";
import { writeRecord, type RunRecord } from "../run/record.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { guardOutputFolder } from "../run/guard-locations.js";
import { claimOutDir } from "./out-dir.js";
import { collabScriptSchema, type CollabScriptInput } from "./script.js";

export interface CollabTurn {
  round: number;
  agent: string;
  threadId?: string;
  input: string;
  output: string;
  outcome: string;
  /** Relative to the output folder. */
  record: string;
}

export interface CollabResult {
  agents: Array<{ name: string; home: string; threadId?: string }>;
  turns: CollabTurn[];
  /** True when every turn succeeded. */
  ok: boolean;
}

interface Agent {
  name: string;
  role: string;
  thread: Thread;
}

export async function runCollab(
  input: CollabScriptInput,
  options: { outDir: string; cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; onTurn?: (turn: CollabTurn) => void; keepHomes?: boolean },
): Promise<CollabResult> {
  const parsed = collabScriptSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodexHeadlessError("usage", `collab script ${issue.path.join(".")}: ${issue.message}`.replace(" : ", ": "));
  }
  const script = parsed.data;
  // Judged before anything is made there, and by every turn's run (its policy's reach, RunHooks.outputs).
  guardOutputFolder("--out", options.outDir, options.cwd, options.env ?? process.env);
  const wrote = claimOutDir(options.outDir);
  // Each agent is a thread of its own: its own isolated home and, on the mock, its own provider.
  const codex = new Codex({ provider: script.provider, cwd: options.cwd, timeoutMs: script.timeoutMs, home: "isolated", keepHome: Boolean(options.keepHomes), ...(options.env ? { env: options.env } : {}) });
  const agents: Agent[] = script.agents.map((agent) => ({ name: agent.name, role: agent.role, thread: codex.startThread({ ...(script.provider === "mock" ? { scenario: agent.scenario ?? "multi-turn" } : {}), context: agent.context }).writesAfterTurns([{ flag: "--out", path: options.outDir }]) }));
  const homes = new Map<string, string>();
  const turns: CollabTurn[] = [];
  const finish = (ok: boolean): CollabResult => {
    const result: CollabResult = {
      agents: agents.map((a) => ({ name: a.name, home: homes.get(a.name) ?? "", ...(a.thread.id ? { threadId: a.thread.id } : {}) })),
      turns,
      ok,
    };
    wrote("transcript.json");
    writeFileReplacing(path.join(options.outDir, "transcript.json"), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  };
  try {
    let message = script.opening;
    for (let round = 1; round <= script.rounds; round += 1) {
      for (const agent of agents) {
        const prompt = agent.role ? `${agent.role}\n\n${message}` : message;
        let record: RunRecord;
        try {
          record = (await agent.thread.run(prompt, options.signal ? { signal: options.signal } : {})).record;
        } catch (error) {
          // An abort before Codex started has no record: nothing ran, nothing to write.
          if (!(error instanceof CodexRunError) || !error.record) throw error;
          record = error.record;
        }
        homes.set(agent.name, record.home.path);
        const folder = `${String(turns.length + 1).padStart(2, "0")}-${agent.name}`;
        wrote(folder);
        const recordFile = writeRecord(path.join(options.outDir, folder), record);
        const turn: CollabTurn = {
          round,
          agent: agent.name,
          ...(agent.thread.id ? { threadId: agent.thread.id } : {}),
          input: prompt,
          output: record.finalResponse,
          outcome: record.outcome,
          record: path.relative(options.outDir, recordFile),
        };
        turns.push(turn);
        options.onTurn?.(turn);
        if (record.outcome !== "ok") return finish(false);
        message = record.finalResponse;
      }
    }
    return finish(true);
  } finally {
    await Promise.all(agents.map((agent) => agent.thread.close()));
  }
}
