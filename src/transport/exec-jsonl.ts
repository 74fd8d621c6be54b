// The exec transport: one `codex exec --json` process per turn. This module alone knows its argv;
// the prompt goes in through stdin, which is then closed (an open stdin hangs `codex exec`).
import { overrideArgs } from "../codex/config-overrides.js";
import type { ApprovalPolicy, SandboxMode } from "../codex/vocabulary.js";
import { readLines } from "./jsonl.js";
import { parseEventLine } from "./events.js";
import { settleStreams, spawnGroup, type ChildExit, type GroupChild } from "../process/spawn.js";
import { boundedTurn, type Transport, type TurnBounds, type TurnResult } from "./turn.js";

export interface ExecArgsOptions {
  cwd: string;
  sandbox?: SandboxMode;
  approval?: ApprovalPolicy;
  /** `-c key=value` pairs (provider entry, shell environment policy, ...), already split. */
  configOverrides?: string[];
  /** Continue this thread instead of starting one. */
  resumeThreadId?: string;
  ephemeral?: boolean;
  skipGitRepoCheck?: boolean;
  profile?: string;
  /** Image files attached to the prompt (absolute paths). */
  images?: string[];
  /** A file holding the JSON Schema the final message must follow. */
  outputSchemaFile?: string;
}

export function buildExecArgs(options: ExecArgsOptions): string[] {
  const common = ["--json", ...(options.skipGitRepoCheck === false ? [] : ["--skip-git-repo-check"])];
  if (options.ephemeral) common.push("--ephemeral");
  if (options.profile) common.push("--profile", options.profile);
  // One flag per image: `exec`'s --image takes several values, and a bare list would swallow the
  // prompt's "-" that follows.
  for (const image of options.images ?? []) common.push("--image", image);
  if (options.outputSchemaFile) common.push("--output-schema", options.outputSchemaFile);
  common.push(...overrideArgs({ approval_policy: options.approval }));
  common.push(...(options.configOverrides ?? []));
  // `exec resume` takes no --sandbox/--cd; the sandbox goes in as config, the cwd as the spawn cwd.
  if (options.resumeThreadId) {
    common.push(...overrideArgs({ sandbox_mode: options.sandbox }));
    return ["exec", "resume", ...common, options.resumeThreadId, "-"];
  }
  const args = ["exec", ...common, "--cd", options.cwd];
  if (options.sandbox) args.push("--sandbox", options.sandbox);
  args.push("-");
  return args;
}

export interface ExecInvocation extends TurnBounds {
  /** What to spawn: Codex itself, or a shell or wrapper that execs it (see launch/). */
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Fed to stdin, then stdin is closed. */
  input: string;
}

export type { Termination } from "./turn.js";
/** The exec transport's result: the one turn result shape. */
export type ExecResult = TurnResult;

/** `codex exec --json` on pipes, as a Transport: one process per turn. */
export function execJsonlTransport(inv: Pick<ExecInvocation, "command" | "args" | "env" | "cwd" | "input">): Transport {
  const stdoutNoise: string[] = [];
  let child: GroupChild | undefined;
  let drained: Promise<ChildExit> | undefined;
  const transport: Transport = {
    async start() {
      child = spawnGroup(inv.command, inv.args, { cwd: inv.cwd, env: inv.env, input: inv.input, dieWithParent: true });
      const running = child;
      const stdoutDone = readLines(running.stdout, (line) => {
        const event = parseEventLine(line);
        if (event) transport.onevent?.(event);
        else if (line.trim()) stdoutNoise.push(line);
      });
      const stderrDone = readLines(running.stderr, (line) => transport.onstderr?.(line));
      drained = running.exited.then(async (exit) => {
        // Tools Codex started may still be alive after Codex itself exited.
        await running.terminate();
        await settleStreams(running);
        await Promise.all([stdoutDone, stderrDone]);
        return exit;
      });
      void drained.then(() => transport.onclose?.());
    },
    async close() {
      await child?.terminate();
      await drained;
    },
    async finish() {
      const exit = (await drained) ?? { code: null, signal: null };
      return { exit, stdoutNoise, ...(child?.pid ? { pid: child.pid } : {}) };
    },
  };
  return transport;
}

export function runExec(inv: ExecInvocation): Promise<ExecResult> {
  return boundedTurn(execJsonlTransport(inv), inv);
}
