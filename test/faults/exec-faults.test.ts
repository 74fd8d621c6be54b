// Faults around the exec transport: the parent interrupted, Codex killed under us, a home Codex cannot
// write, many runs at once. Each: the specified outcome and exit code, bounded time, no process left,
// temporary homes removed, the record still written.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runRecordSchema, type RunRecord } from "../../src/run/record.js";
import { expectAllClassified, runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { CLI } from "../helpers/paths.js";
import { processesMentioning } from "../helpers/processes.js";

const readRecord = (dir: string): RunRecord => {
  const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));
  expectAllClassified(record);
  return record;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

/** Starts a slow run and resolves once Codex is running (its argv carries the fixture's cwd). */
async function startSlowRun(f: FixtureHome, recordDir: string) {
  const child = spawn(process.execPath, [CLI, "run", "--provider", "mock", "--scenario", "slow", "--scenario-option", "delayMs=400", "--record", recordDir, "talk slowly"], {
    cwd: f.cwd,
    env: f.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const running = await waitFor(() => processesMentioning(`--cd ${f.cwd}`).length > 0, 15_000);
  expect(running, "Codex never started").toBe(true);
  await sleep(800); // well inside the streamed answer
  return { child, exited, stderr: () => stderr };
}

function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]).status === 0;
}

describe("exec transport faults", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("the parent interrupted with %s: exit 130, record written, nothing left behind", async (signal) => {
    const f = fixtureHome("interrupt");
    const recordDir = path.join(f.cwd, "rec");
    const run = await startSlowRun(f, recordDir);
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit.code).toBe(130);
    const record = readRecord(recordDir);
    expect(record.outcome).toBe("interrupted");
    expect(run.stderr()).toMatch(/interrupted/);
    expect(await waitFor(() => processesMentioning(`--cd ${f.cwd}`).length === 0, 3000)).toBe(true);
    expect(existsSync(record.home.path)).toBe(false);
  });

  it("Codex killed by a signal: exit 1, the signal named, record written", async () => {
    const f = fixtureHome("killed");
    const recordDir = path.join(f.cwd, "rec");
    const run = await startSlowRun(f, recordDir);
    for (const pid of processesMentioning(`--cd ${f.cwd}`)) process.kill(pid, "SIGKILL");
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    const record = readRecord(recordDir);
    expect(record.outcome).toBe("codex-failed");
    expect(record.signal).toBe("SIGKILL");
    expect(record.failure?.message).toContain("SIGKILL");
    expect(existsSync(record.home.path)).toBe(false);
  });

  it.each([
    ["full", "size=32k", /No space left on device/],
    ["read-only", "size=1m,ro", /Read-only file system/],
  ])("a %s home: exit 1 classified as storage, one error line, no backtrace on the terminal", async (_name, options, message) => {
    const f = fixtureHome("storage");
    const mountPoint = path.join(f.cwd, "home-mount");
    if (!mountTmpfs(mountPoint, options)) {
      // Mounting needs root and a kernel that allows it; say so rather than pass silently.
      console.warn(`skipped: cannot mount a tmpfs at ${mountPoint} on this machine`);
      return;
    }
    try {
      const recordDir = path.join(f.cwd, "rec");
      const result = await runCli(["run", "--provider", "mock", "--home", mountPoint, "--timeout", "30", "--record", recordDir, "hi"], { ...f, env: { ...f.env, RUST_BACKTRACE: "1" } });
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
    const f = fixtureHome("concurrent");
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const recordDir = path.join(f.cwd, `rec-${i}`);
        return runCli(["run", "--provider", "mock", "--scenario", "multi-turn", "--record", recordDir, `run number ${i}`], { ...f, deadlineMs: 90_000 }).then((result) => ({ result, recordDir, i }));
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
