// The exec transport: one `codex exec --json` process per turn. This module alone knows its argv;
// the prompt goes in through stdin, which is then closed (an open stdin hangs `codex exec`).
import { overrideArgs } from "../codex/config-overrides.js";
import type { ApprovalPolicy, SandboxMode } from "../codex/vocabulary.js";
import { readLines } from "./jsonl.js";
import { isReconnectNotice, parseEventLine, type NormalizedEvent } from "./events.js";
import { settleStreams, spawnGroup, type ChildExit } from "../process/spawn.js";
import { Watchdog, type WatchdogLimits, type WatchdogReason } from "./watchdog.js";


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

export type Termination = "exit" | WatchdogReason | "aborted";

export interface ExecInvocation {
  /** What to spawn: Codex itself, or a shell or wrapper that execs it (see launch/). */
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Fed to stdin, then stdin is closed. */
  input: string;
  limits: WatchdogLimits;
  signal?: AbortSignal;
  onEvent?: (event: NormalizedEvent) => void;
  onStderrLine?: (line: string) => void;
}

export interface ExecResult {
  events: NormalizedEvent[];
  /** stdout lines that were not JSON events. */
  stdoutNoise: string[];
  stderrLines: string[];
  exit: ChildExit;
  termination: Termination;
  timings: { startMs: number; firstEventMs?: number; endMs: number };
  pid?: number;
  /** app-server: the server outlived the turn and serves the thread's next one. */
  processAlive?: boolean;
}

export async function runExec(inv: ExecInvocation): Promise<ExecResult> {
  const startMs = Date.now();
  let firstEventMs: number | undefined;
  const events: NormalizedEvent[] = [];
  const stdoutNoise: string[] = [];
  const stderrLines: string[] = [];
  let termination: Termination = "exit";

  const child = spawnGroup(inv.command, inv.args, { cwd: inv.cwd, env: inv.env, input: inv.input, dieWithParent: true });
  const stop = (reason: Termination) => {
    if (termination === "exit") termination = reason;
    void child.terminate();
  };
  const watchdog = new Watchdog(inv.limits, stop);
  const onAbort = () => stop("aborted");
  if (inv.signal?.aborted) onAbort();
  inv.signal?.addEventListener("abort", onAbort, { once: true });
  watchdog.start();

  const stdoutDone = readLines(child.stdout, (line) => {
    const event = parseEventLine(line);
    if (!event) {
      if (line.trim()) stdoutNoise.push(line);
      return;
    }
    firstEventMs ??= Date.now();
    // A reconnect notice is Codex waiting, not working: it must not keep the idle bound alive.
    if (!isReconnectNotice(event)) watchdog.progress();
    events.push(event);
    inv.onEvent?.(event);
  });
  const stderrDone = readLines(child.stderr, (line) => {
    stderrLines.push(line);
    inv.onStderrLine?.(line);
  });

  const exit = await child.exited;
  watchdog.stop();
  inv.signal?.removeEventListener("abort", onAbort);
  // Tools Codex started may still be alive after Codex itself exited.
  await child.terminate();
  await settleStreams(child);
  await Promise.all([stdoutDone, stderrDone]);
  return { events, stdoutNoise, stderrLines, exit, termination, timings: { startMs, ...(firstEventMs ? { firstEventMs } : {}), endMs: Date.now() }, ...(child.pid ? { pid: child.pid } : {}) };
}
