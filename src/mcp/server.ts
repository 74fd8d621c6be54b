// The MCP server: other agents hand Codex work through it and get clean answers back, with every
// guarantee of a normal run (isolation, safety gate, watchdog, record).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { realpathSync, statSync } from "node:fs";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { gitTopLevel } from "../core/fs-lookup.js";
import { isUnder } from "../core/paths.js";
import { loadRunPolicy } from "../safety/gate.js";
import { defaultProvider } from "../run/provider-default.js";
import { runRecordSchema, type RunRecord } from "../run/record.js";
import { runOnce } from "../run/runner.js";
import type { RunSpecInput } from "../run/spec.js";
import { ownPackageJson } from "../core/package-root.js";
import { RunStore } from "./run-store.js";
import path from "node:path";
import { z } from "zod";
import type { CodexOptions } from "../client/options.js";
import type { Turn } from "../client/thread.js";
import { CodexRunError } from "../core/errors.js";
import { loadReport } from "../lab/compare.js";
import { runPreflight } from "../doctor/preflight.js";
import { ThreadStore } from "./threads.js";
import { labFindingsInput, noInput, readRecordInput, runCancelInput, runInput, runStatusInput, threadContinueInput, threadIdInput } from "./tool-inputs.js";
import { TOOL_ANNOTATIONS } from "./annotations.js";
import { BackgroundRuns, type BackgroundRun } from "./background-runs.js";

type RunArgs = z.infer<typeof runInput>;

export interface McpServerOptions {
  /** The environment runs start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** A call's cwd, resolved (links included) and held inside the server's repository (its git top
 *  level, else its working directory): the server's policy governs the server's repository only, so a
 *  cwd outside it would escape it. Errors: usage (no such directory), refused (outside). */
export function callCwd(serverCwd: string, cwd: string, env: NodeJS.ProcessEnv): { cwd: string; otherRepository: boolean } {
  const root = realpathSync(gitTopLevel(serverCwd, env) ?? serverCwd);
  let real: string;
  try {
    real = realpathSync(path.resolve(serverCwd, cwd));
  } catch (cause) {
    throw new CodexHeadlessError("usage", `cwd ${cwd}: no such directory (${errnoCode(cause)})`, { cause });
  }
  if (!statSync(real).isDirectory()) throw new CodexHeadlessError("usage", `cwd ${cwd}: not a folder`, { data: { path: real } });
  if (!isUnder(real, root)) {
    throw new CodexHeadlessError("refused", `refused by policy: mcp cwd — ${cwd} resolves to ${real}, outside the server's repository ${root}, whose policy governs this server's runs`, { data: { rule: "mcp cwd", source: root } });
  }
  const top = gitTopLevel(real, env);
  return { cwd: real, otherRepository: top !== undefined && realpathSync(top) !== root };
}

function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}

function summary(runId: string, record: RunRecord) {
  return {
    runId,
    outcome: record.outcome,
    exitCode: record.exitCode,
    ...(record.threadId ? { threadId: record.threadId } : {}),
    ...(record.failure ? { failure: record.failure } : {}),
    finalResponse: record.finalResponse,
  };
}

/** "bad input: …" for the caller's mistakes; otherwise the error's own code ("refused: …"). */
function headlessErrorText(error: CodexHeadlessError): string {
  return `${error.code === "usage" || error.code === "environment" ? "bad input" : error.code}: ${error.message}`;
}

export function createMcpServer(options: McpServerOptions = {}): McpServer {
  const server = new McpServer({ name: "codex-headless", version: ownPackageJson().version });
  const store = new RunStore();
  const env = options.env ?? process.env;
  const serverCwd = options.cwd ?? process.cwd();
  const optionsFrom = (args: RunArgs): Omit<RunSpecInput, "prompt"> => ({
    provider: args.provider ?? defaultProvider(env),
    cwd: args.cwd ? callCwd(serverCwd, args.cwd, env).cwd : serverCwd,
    ...(args.scenario ? { scenario: args.scenario } : {}),
    ...(args.sandbox ? { sandbox: args.sandbox } : {}),
    ...(args.approval ? { approval: args.approval } : {}),
    ...(args.context ? { context: args.context } : {}),
    ...(args.transport ? { transport: args.transport } : {}),
    ...(args.onApproval ? { onApproval: args.onApproval } : {}),
    ...(args.home ? { home: args.home } : {}),
    ...(args.timeoutSeconds ? { timeoutMs: Math.round(args.timeoutSeconds * 1000) } : {}),
  });
  const specFrom = (args: RunArgs): RunSpecInput => ({ prompt: args.prompt, ...optionsFrom(args) });

  server.registerTool(
    "run_prompt",
    {
      annotations: TOOL_ANNOTATIONS.run_prompt,
      title: "Run Codex on a prompt",
      description: "One headless Codex run. Returns the final answer; the full record stays readable with read_record.",
      inputSchema: runInput,
    },
    async (args, extra): Promise<CallToolResult> => {
      const progressToken = extra._meta?.progressToken;
      let progress = 0;
      try {
        const spec = specFrom(args);
        // The server's repository governs every call; a cwd in another (nested) repository adds its own.
        const alsoPolicy = await loadRunPolicy({ cwd: serverCwd, config: [] }, env);
        const record = await runOnce(spec, {
          env,
          alsoPolicy,
          signal: extra.signal,
          onEvent: (event) => {
            if (progressToken === undefined || (event.type !== "item.completed" && event.type !== "turn.started")) return;
            progress += 1;
            void extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress, message: event.type === "item.completed" ? `${event.item.type} done` : "turn started" } }).catch(() => {});
          },
        });
        const runId = store.add(record);
        const structured = summary(runId, record);
        if (record.outcome !== "ok") return { isError: true, content: [{ type: "text", text: `${record.reason ?? record.outcome} (runId ${runId})` }], structuredContent: structured };
        return { content: [{ type: "text", text: record.finalResponse }], structuredContent: structured };
      } catch (error) {
        if (error instanceof CodexHeadlessError) return errorResult(headlessErrorText(error));
        throw error;
      }
    },
  );

  server.registerTool(
    "read_record",
    { annotations: TOOL_ANNOTATIONS.read_record, title: "Read a run's record", description: "The full RunRecord (redacted) of a run this server made.", inputSchema: readRecordInput },
    async ({ runId }): Promise<CallToolResult> => {
      const record = store.get(runId);
      if (!record) return errorResult(`bad input: unknown runId ${JSON.stringify(runId)}`);
      // Records leave here for another tool: validated on the way out (the runner does not parse its own).
      return { content: [{ type: "text", text: JSON.stringify(runRecordSchema.parse(record)) }] };
    },
  );

  const threads = new ThreadStore();
  const runOptions = (args: RunArgs): CodexOptions => ({ ...optionsFrom(args), env });
  const turnResult = (threadId: string, turn: Turn): CallToolResult => ({
    content: [{ type: "text", text: turn.finalResponse }],
    structuredContent: { threadId, runId: store.add(turn.record), finalResponse: turn.finalResponse, usage: turn.usage },
  });
  const asToolError = (error: unknown): CallToolResult => {
    if (error instanceof CodexRunError) return errorResult(error.message);
    if (error instanceof CodexHeadlessError) return errorResult(headlessErrorText(error));
    throw error;
  };

  server.registerTool(
    "thread_start",
    { annotations: TOOL_ANNOTATIONS.thread_start, title: "Start a Codex thread", description: "First turn of a multi-turn thread; continue it with thread_continue.", inputSchema: runInput },
    async (args, extra): Promise<CallToolResult> => {
      try {
        if (args.cwd && callCwd(serverCwd, args.cwd, env).otherRepository) {
          throw new CodexHeadlessError("refused", `refused: thread_start with cwd ${args.cwd}: it lies in another repository than the server's, and a thread cannot yet be held to both policies; use run_prompt`, { data: { rule: "mcp cwd" } });
        }
        const { threadId, turn } = await threads.start(runOptions(args), args.prompt, extra.signal);
        return turnResult(threadId, turn);
      } catch (error) {
        return asToolError(error);
      }
    },
  );
  server.registerTool(
    "thread_continue",
    { annotations: TOOL_ANNOTATIONS.thread_continue, title: "Continue a Codex thread", description: "One more turn on a thread this server started.", inputSchema: threadContinueInput },
    async ({ threadId, prompt }, extra): Promise<CallToolResult> => {
      try {
        return turnResult(threadId, await threads.continue(threadId, prompt, extra.signal));
      } catch (error) {
        return asToolError(error);
      }
    },
  );
  server.registerTool(
    "thread_interrupt",
    { annotations: TOOL_ANNOTATIONS.thread_interrupt, title: "Interrupt a thread's running turn", description: "Kills the Codex process group of the turn in progress.", inputSchema: threadIdInput },
    async ({ threadId }): Promise<CallToolResult> => {
      try {
        return { content: [{ type: "text", text: threads.interrupt(threadId) ? "interrupted" : "no turn was running" }] };
      } catch (error) {
        return asToolError(error);
      }
    },
  );
  server.registerTool(
    "doctor",
    { annotations: TOOL_ANNOTATIONS.doctor, title: "Preflight", description: "Can Codex run here: binary, version, sandbox viability, container, temp-dir pitfalls.", inputSchema: noInput },
    async (): Promise<CallToolResult> => {
      const report = await runPreflight({ env });
      return { content: [{ type: "text", text: JSON.stringify(report) }], structuredContent: report as unknown as Record<string, unknown> };
    },
  );
  server.registerTool(
    "lab_findings",
    { annotations: TOOL_ANNOTATIONS.lab_findings, title: "Latest lab findings", description: "findings.json of a lab report (run `codex-headless lab` to make one).", inputSchema: labFindingsInput },
    async ({ dir }): Promise<CallToolResult> => {
      try {
        const report = loadReport(path.resolve(options.cwd ?? process.cwd(), dir ?? "lab-report"), "lab_findings");
        return { content: [{ type: "text", text: JSON.stringify(report) }] };
      } catch (error) {
        return asToolError(error);
      }
    },
  );
  // Runs longer than a client's tool-call timeout: start one, poll it, cancel it.
  const background = new BackgroundRuns();
  const describeError = (error: unknown) => (error instanceof CodexHeadlessError ? headlessErrorText(error) : `internal error: ${error instanceof Error ? error.message : String(error)}`);
  const statusOf = (run: BackgroundRun) => ({
    runId: run.id,
    status: run.status,
    elapsedSeconds: Math.round((Date.now() - run.startedAt) / 100) / 10,
    events: run.events,
    ...(run.record ? summary(run.id, run.record) : {}),
    ...(run.error ? { error: run.error } : {}),
  });
  server.registerTool(
    "run_start",
    {
      annotations: TOOL_ANNOTATIONS.run_start,
      title: "Start a Codex run in the background",
      description: "Like run_prompt, but answers at once with a runId: poll it with run_status (which can wait), stop it with run_cancel. For runs longer than your tool-call timeout.",
      inputSchema: runInput,
    },
    async (args): Promise<CallToolResult> => {
      // Bad input is the call's answer, not a background run that fails later.
      let spec: RunSpecInput;
      try {
        spec = specFrom(args);
      } catch (error) {
        if (error instanceof CodexHeadlessError) return errorResult(headlessErrorText(error));
        throw error;
      }
      const run = background.start(async (signal, onEvent, runId) => {
        // The server's repository governs every call, as in run_prompt.
        const alsoPolicy = await loadRunPolicy({ cwd: serverCwd, config: [] }, env);
        const record = await runOnce(spec, { env, alsoPolicy, signal, onEvent });
        store.add(record, runId);
        return record;
      }, describeError);
      const structured = statusOf(run);
      return { content: [{ type: "text", text: `started ${run.id}` }], structuredContent: structured };
    },
  );
  server.registerTool(
    "run_status",
    { annotations: TOOL_ANNOTATIONS.run_status, title: "A background run's status", description: "running, finished (with the final answer and outcome) or failed (with why); waitSeconds makes it wait for the end.", inputSchema: runStatusInput },
    async ({ runId, waitSeconds }): Promise<CallToolResult> => {
      const run = await background.wait(runId, Math.round((waitSeconds ?? 0) * 1000));
      if (!run) return errorResult(`bad input: unknown runId ${JSON.stringify(runId)}`);
      const structured = statusOf(run);
      const text = run.status === "running" ? `running (${structured.elapsedSeconds} s, ${run.events} events)` : run.error ?? (run.record?.outcome === "ok" ? run.record.finalResponse : `${run.record?.reason ?? run.record?.outcome}`);
      return { ...(run.status === "failed" || (run.record && run.record.outcome !== "ok") ? { isError: true } : {}), content: [{ type: "text", text }], structuredContent: structured };
    },
  );
  server.registerTool(
    "run_cancel",
    { annotations: TOOL_ANNOTATIONS.run_cancel, title: "Cancel a background run", description: "Kills the run's Codex process group; its record (outcome interrupted) stays readable.", inputSchema: runCancelInput },
    async ({ runId }): Promise<CallToolResult> => {
      const run = background.get(runId);
      if (!run) return errorResult(`bad input: unknown runId ${JSON.stringify(runId)}`);
      const wasRunning = run.status === "running";
      run.controller.abort();
      // Wait for the record, so the next run_status already says how it ended.
      await background.wait(runId, 15_000);
      return { content: [{ type: "text", text: wasRunning ? "cancelled" : `already ${run.status}` }], structuredContent: statusOf(run) };
    },
  );
  server.server.onclose = () => {
    background.cancelAll();
    void threads.closeAll();
  };

  return server;
}
