// Runs a collaboration: each agent is a Codex thread with its own home (and, on the mock, its own
// provider), and each agent's input is the previous agent's output. Every turn is a normal headless
// run — gate, watchdog, record — and the whole exchange is written out as a transcript.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../errors.js";
import { prepareHome, type PreparedHome } from "../home/prepare.js";
import { startMockProvider, type MockProvider } from "../mock/server.js";
import { writeRecord } from "../run/record.js";
import { runOnce } from "../run/runner.js";
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

interface AgentState {
  name: string;
  role: string;
  scenario: CollabScriptInput["agents"][number]["scenario"];
  context: CollabScriptInput["agents"][number]["context"];
  home: PreparedHome;
  mock?: MockProvider;
  threadId?: string;
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
  const env = options.env ?? process.env;
  mkdirSync(options.outDir, { recursive: true });
  const agents: AgentState[] = [];
  const turns: CollabTurn[] = [];
  try {
    for (const agent of script.agents) {
      agents.push({
        ...agent,
        home: prepareHome("isolated", { cwd: options.cwd, env }),
        ...(script.provider === "mock" ? { mock: await startMockProvider({ scenario: agent.scenario }) } : {}),
      });
    }
    let message = script.opening;
    for (let round = 1; round <= script.rounds; round += 1) {
      for (const agent of agents) {
        const prompt = agent.role ? `${agent.role}\n\n${message}` : message;
        const record = await runOnce(
          {
            prompt,
            provider: script.provider,
            scenario: agent.scenario,
            context: agent.context,
            cwd: options.cwd,
            timeoutMs: script.timeoutMs,
            ...(agent.threadId ? { resumeThreadId: agent.threadId } : {}),
          },
          { env, home: agent.home, ...(agent.mock ? { mock: agent.mock } : {}), ...(options.signal ? { signal: options.signal } : {}) },
        );
        agent.threadId ??= record.threadId;
        const recordFile = writeRecord(path.join(options.outDir, `${String(turns.length + 1).padStart(2, "0")}-${agent.name}`), record);
        const turn: CollabTurn = {
          round,
          agent: agent.name,
          ...(agent.threadId ? { threadId: agent.threadId } : {}),
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
    for (const agent of agents) {
      agent.home.release(Boolean(options.keepHomes));
      await agent.mock?.close();
    }
  }

  function finish(ok: boolean): CollabResult {
    const result: CollabResult = { agents: agents.map((a) => ({ name: a.name, home: a.home.path, ...(a.threadId ? { threadId: a.threadId } : {}) })), turns, ok };
    writeFileSync(path.join(options.outDir, "transcript.json"), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  }
}
