// Runs our CLI as a user would, in a fixture home, with a deadline of the test's own.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { expect } from "vitest";
import { CLI } from "./paths.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** "closed" (default), a string to feed then close, or "open": a pipe never closed. */
  stdin?: "closed" | "open" | { feed: string | Buffer };
  deadlineMs?: number;
  /** Close our end of the CLI's stdout after this many bytes, like `| head -c N`. */
  closeStdoutAfterBytes?: number;
  /** Start the CLI in a session of its own: no controlling terminal, as under a CI runner or cron. */
  noTerminal?: boolean;
  /** Execute the built CLI file itself, as the `codex-headless` link does (its launcher finds `node`
   *  on the env's PATH), instead of running it with this Node. */
  asProgram?: boolean;
}

/** The environment the CLI's launcher starts Node with (scripts/bundle-cli.mjs): NODE_EXTRA_CA_CERTS
 *  handed over in CODEX_HEADLESS_EXTRA_CA_CERTS, which the CLI puts back before anything reads it. Node
 *  started with this Node directly gets the same, and does not parse the bundle at each start (~60 ms
 *  of CPU per CLI run on a machine that names one: src/cli/launcher-env.ts). */
function launcherEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.NODE_EXTRA_CA_CERTS === undefined) return env;
  const { NODE_EXTRA_CA_CERTS: value, ...rest } = env;
  return { ...rest, CODEX_HEADLESS_EXTRA_CA_CERTS: value };
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const started = Date.now();
  const [file, argv] = options.asProgram ? [CLI, args] : [process.execPath, [CLI, ...args]];
  const env = options.asProgram ? options.env : launcherEnv(options.env);
  const child = spawn(file, argv, { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: Boolean(options.noTerminal) });
  // The CLI may stop reading early (input past Codex's limit): a closed pipe is its answer, not an error here.
  child.stdin.on("error", () => {});
  const stdin = options.stdin ?? "closed";
  if (stdin === "closed") child.stdin.end();
  else if (typeof stdin === "object") child.stdin.end(stdin.feed);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (options.closeStdoutAfterBytes !== undefined && stdout.length >= options.closeStdoutAfterBytes) child.stdout.destroy();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`codex-headless ${args.join(" ")} did not finish within ${options.deadlineMs ?? 45_000} ms\nstderr: ${stderr}`));
    }, options.deadlineMs ?? 45_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export function stderrLines(result: CliResult): string[] {
  return result.stderr.split("\n").filter((line) => line.length > 0);
}

/** What every rejected input must look like: exit 2, one line naming the problem, no stack, no output. */
export function expectUsageError(result: CliResult, message: RegExp): void {
  expect(result.code).toBe(2);
  const lines = stderrLines(result);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe("");
}

/** Every stderr line a run produced has a class: new noise fails the test that met it, printing it. */
export function expectAllClassified(record: { stderr: Array<{ line: string; class: string }> }): void {
  expect(record.stderr.filter((line) => line.class === "unclassified").map((line) => line.line)).toEqual([]);
}

/** `run` of the mock's `shell` scenario, whose model asks for `command`: `options` before the scenario
 *  (transport, sandbox, context), `rest` after it; the prompt is "go". The red teams' planting and
 *  later runs. */
export const shellRunArgs = (command: string, options: readonly string[] = [], rest: readonly string[] = []): string[] => [
  "run",
  "--provider",
  "mock",
  ...options,
  "--scenario",
  "shell",
  "--scenario-option",
  `command=${command}`,
  ...rest,
  "go",
];

/** shellRunArgs run as a user would, in fixture `f` with `env`, within 100 s. */
export const runShell = (f: { cwd: string }, env: NodeJS.ProcessEnv, command: string, options: readonly string[] = []): Promise<CliResult> =>
  runCli(shellRunArgs(command, options), { ...f, env, deadlineMs: 100_000 });

/** A workspace-write run whose model asks for `command` (the planting), then a read-only one asking
 *  for `echo later`, both with `options` (a `--home` out of reach): the red teams' "next run, on the
 *  host". Their exit codes, and each one's stderr (its refusal, when it was refused). */
export async function plantThenRun(f: { cwd: string }, env: NodeJS.ProcessEnv, command: string, options: readonly string[] = []): Promise<{ runs: { plant: number | null; later: number | null }; refusal: string; plantStderr: string }> {
  const plant = await runShell(f, env, command, [...options, "--sandbox", "workspace-write"]);
  const later = await runShell(f, env, "echo later", [...options, "--sandbox", "read-only"]);
  return { runs: { plant: plant.code, later: later.code }, refusal: later.stderr, plantStderr: plant.stderr };
}

/** A shell command that plants, in `dir`, each program Codex's shell snapshot may run by name (and
 *  those Codex runs as it starts), each appending its name to `marker` when it runs. */
export const plantSnapshotTools = (dir: string, marker: string): string =>
  `mkdir -p ${dir} && for p in sed awk wc id tr cut getopt getconf lsb_release uname tput dircolors locale cat grep; do printf '#!/bin/sh\\necho "$0" >> ${marker}\\n' > ${dir}/$p; chmod +x ${dir}/$p; done`;

/** What was written to `marker` (a planted program's trace), "" when nothing was. */
export const markerText = (marker: string): string => (existsSync(marker) ? readFileSync(marker, "utf8") : "");
