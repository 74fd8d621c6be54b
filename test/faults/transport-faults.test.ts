// Faults around both transports: the parent interrupted or killed, Codex killed under us, a home Codex
// cannot write, many runs at once. Each: the specified outcome and exit code, bounded time, no process left,
// temporary homes removed, the record still written.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runRecordSchema, type RunRecord } from "../../src/run/record.js";
import { expectAllClassified, expectUsageError, runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { CLI } from "../helpers/paths.js";
import { processesWithEnv, waitFor } from "../helpers/processes.js";

const MARK = "CODEX_HEADLESS_TEST_RUN";
// Fixtures start with the suite's version and sandbox-probe verdicts (helpers/seeded-state.ts), so
// eight concurrent first runs do not each probe; the preflight test keeps a plain fixture: it
// interrupts the probe itself.
const SEEDED = { seededState: true } as const;

const readRecord = (dir: string): RunRecord => {
  const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));
  expectAllClassified(record);
  return record;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


type Transport = "exec" | "app-server";

/** Starts a slow run and resolves once Codex is running. Everything the run starts inherits a marker
 *  in its environment; `codex()` lists those processes, the CLI itself excepted. */
async function startSlowRun(f: FixtureHome, recordDir: string, transport: Transport) {
  const mark = randomUUID();
  const child = spawn(process.execPath, [CLI, "run", "--transport", transport, "--provider", "mock", "--scenario", "slow", "--scenario-option", "delayMs=400", "--record", recordDir, "talk slowly"], {
    cwd: f.cwd,
    env: { ...f.env, [MARK]: mark },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const codex = () => processesWithEnv(MARK, mark, child.pid ? [child.pid] : []);
  // The run's own Codex, not the preflight's `codex sandbox` probe, which also carries the marker.
  const runCodex = () => codex().filter(isRunCodex);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const running = await waitFor(() => runCodex().length > 0, 15_000);
  expect(running, "Codex never started").toBe(true);
  await sleep(800); // well inside the streamed answer
  return { child, exited, stderr: () => stderr, codex, runCodex };
}

function readCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** `codex exec …` or `codex app-server …`: the run itself, not a probe or a helper it started. */
function isRunCodex(pid: number): boolean {
  const [command = "", sub = ""] = readCmdline(pid);
  return /(^|\/)codex$/.test(command) && (sub === "exec" || sub === "app-server");
}

function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]).status === 0;
}

describe.each(["exec", "app-server"] as const)("%s transport faults", (transport) => {
  // SIGHUP: the terminal or SSH session closed; it used to end us with no message, no record, a leaked home.
  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)("the parent interrupted with %s: exit 130, one message, record written, nothing left behind", async (signal) => {
    const f = fixtureHome("interrupt", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const run = await startSlowRun(f, recordDir, transport);
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit.code, run.stderr()).toBe(130);
    const record = readRecord(recordDir);
    expect(record.outcome).toBe("interrupted");
    const said = run.stderr().split("\n").filter((line) => /: interrupted\b/.test(line));
    expect(said.length, said.join(" | ")).toBe(1);
    expect(await waitFor(() => run.codex().length === 0, 3000)).toBe(true);
    expect(existsSync(record.home.path)).toBe(false);
  });

  it("interrupted during the preflight's sandbox probe: exit 130, not a refusal blaming the sandbox", async () => {
    const f = fixtureHome("interrupt-preflight");
    const mark = randomUUID();
    const child = spawn(process.execPath, [CLI, "run", "--transport", transport, "--provider", "mock", "hi"], { cwd: f.cwd, env: { ...f.env, [MARK]: mark }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const probe = () => processesWithEnv(MARK, mark, child.pid ? [child.pid] : []).some((pid) => readCmdline(pid)[1] === "sandbox");
    const caught = await waitFor(probe, 10_000);
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).not.toMatch(/refused by policy/);
    if (caught) expect(stderr).toMatch(/interrupted before Codex started/);
    expect(await waitFor(() => processesWithEnv(MARK, mark).length === 0, 3000)).toBe(true);
  });

  it("the parent killed outright (SIGKILL, no handler runs): Codex dies with it", async () => {
    const f = fixtureHome("parent-killed", SEEDED);
    const run = await startSlowRun(f, path.join(f.cwd, "rec"), transport);
    run.child.kill("SIGKILL");
    await run.exited;
    // The kernel's parent-death signal, not our cleanup code, is what stops Codex here.
    expect(await waitFor(() => run.codex().length === 0, 3000), `left behind: ${run.codex().join(", ")}`).toBe(true);
  });

  it("Codex killed by a signal: exit 1, the signal named, record written", async () => {
    const f = fixtureHome("killed", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const run = await startSlowRun(f, recordDir, transport);
    // Read the list until it is non-empty: a scan of /proc can miss a process mid-exec under load.
    let pids: number[] = [];
    await waitFor(() => (pids = run.runCodex()).length > 0, 5000);
    expect(pids.length, "no Codex process to kill").toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, "SIGKILL");
    const exit = await run.exited;
    expect(exit.code, run.stderr()).toBe(1);
    const record = readRecord(recordDir);
    expect(record.outcome).toBe("codex-failed");
    expect(record.signal).toBe("SIGKILL");
    expect(record.failure?.message).toContain("SIGKILL");
    expect(existsSync(record.home.path)).toBe(false);
  });

  it("a read-only home is refused before Codex starts: one line naming it, exit 2", async () => {
    const f = fixtureHome("storage-ro", SEEDED);
    const mountPoint = path.join(path.dirname(f.cwd), "home-mount");
    if (!mountTmpfs(mountPoint, "size=1m,ro")) {
      console.warn(`skipped: cannot mount a tmpfs at ${mountPoint} on this machine`);
      return;
    }
    try {
      const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--home", mountPoint, "--timeout", "30", "hi"], f);
      expectUsageError(result, /^codex-headless: --home: .* is not writable \(EROFS\); Codex keeps its state there$/);
      expect(stderrLines(result)[0]).toContain(mountPoint);
    } finally {
      spawnSync("umount", [mountPoint]);
    }
  });

  it.each([
    // exec passes on the os error; app-server only sqlite's words for it. (A read-only home never
    // gets this far: it is refused before the run.)
    ["full", "size=32k", /No space left on device|disk I\/O error/],
  ])("a %s home: exit 1 classified as storage, one error line, no backtrace on the terminal", async (_name, options, message) => {
    const f = fixtureHome("storage", SEEDED);
    const mountPoint = path.join(path.dirname(f.cwd), "home-mount");
    if (!mountTmpfs(mountPoint, options)) {
      // Mounting needs root and a kernel that allows it; say so rather than pass silently.
      console.warn(`skipped: cannot mount a tmpfs at ${mountPoint} on this machine`);
      return;
    }
    try {
      const recordDir = path.join(f.cwd, "rec");
      const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--home", mountPoint, "--timeout", "30", "--record", recordDir, "hi"], { ...f, env: { ...f.env, RUST_BACKTRACE: "1" } });
      expect(result.code).toBe(1);
      const record = readRecord(recordDir);
      expect(record.failure?.kind).toBe("storage");
      expect(record.failure?.message).toMatch(message);
      expect(stderrLines(result).filter((line) => /<unknown>|Stack backtrace/.test(line))).toEqual([]);
    } finally {
      spawnSync("umount", [mountPoint]);
    }
  });

  it("eight concurrent runs, each with its own isolated home, all succeed and clean up", async () => {
    const f = fixtureHome("concurrent", SEEDED);
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const recordDir = path.join(f.cwd, `rec-${i}`);
        return runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "multi-turn", "--record", recordDir, `run number ${i}`], { ...f, deadlineMs: 90_000 }).then((result) => ({ result, recordDir, i }));
      }),
    );
    const homes = new Set<string>();
    for (const { result, recordDir, i } of runs) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`run number ${i}`);
      const record = readRecord(recordDir);
      homes.add(record.home.path);
      expect(existsSync(record.home.path)).toBe(false);
    }
    expect(homes.size).toBe(8);
  });
});
