// The MCP server: other agents hand Codex work through it and get clean answers back, with every
// guarantee of a normal run (isolation, safety gate, watchdog, record).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CodexHeadlessError } from "../errors.js";
import { hasOpenAICredentials } from "../run/provider-default.js";
import type { RunRecord } from "../run/record.js";
import { runOnce } from "../run/runner.js";
import type { RunSpecInput } from "../run/spec.js";
import { ownPackageJson } from "../package-root.js";
import { RunStore } from "./run-store.js";
import { readRecordInput, runInput } from "./tool-inputs.js";

export interface McpServerOptions {
  /** The environment runs start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
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

export function createMcpServer(options: McpServerOptions = {}): McpServer {
  const server = new McpServer({ name: "codex-headless", version: ownPackageJson().version });
  const store = new RunStore();
  const env = options.env ?? process.env;

  server.registerTool(
    "run_prompt",
    {
      title: "Run Codex on a prompt",
      description: "One headless Codex run. Returns the final answer; the full record stays readable with read_record.",
      inputSchema: runInput,
    },
    async (args, extra): Promise<CallToolResult> => {
      const spec: RunSpecInput = {
        prompt: args.prompt,
        provider: args.provider ?? (hasOpenAICredentials(env) ? "openai" : "mock"),
        cwd: args.cwd ?? options.cwd ?? process.cwd(),
        ...(args.scenario ? { scenario: args.scenario } : {}),
        ...(args.sandbox ? { sandbox: args.sandbox } : {}),
        ...(args.approval ? { approval: args.approval } : {}),
        ...(args.context ? { context: args.context } : {}),
        ...(args.home ? { home: args.home } : {}),
        ...(args.timeoutSeconds ? { timeoutMs: Math.round(args.timeoutSeconds * 1000) } : {}),
      };
      const progressToken = extra._meta?.progressToken;
      let progress = 0;
      try {
        const record = await runOnce(spec, {
          env,
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
        if (error instanceof CodexHeadlessError) return errorResult(`${error.code === "refused" ? "refused" : "bad input"}: ${error.message}`);
        throw error;
      }
    },
  );

  server.registerTool(
    "read_record",
    { title: "Read a run's record", description: "The full RunRecord (redacted) of a run this server made.", inputSchema: readRecordInput },
    async ({ runId }): Promise<CallToolResult> => {
      const record = store.get(runId);
      if (!record) return errorResult(`unknown runId ${JSON.stringify(runId)}`);
      return { content: [{ type: "text", text: JSON.stringify(record) }] };
    },
  );

  return server;
}
