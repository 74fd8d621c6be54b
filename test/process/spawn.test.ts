import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAlive } from "../../src/process/process-tree.js";
import { runExec } from "../../src/transport/exec-jsonl.js";
import { runCommand, spawnGroup } from "../../src/process/spawn.js";
import { REPO_ROOT } from "../helpers/paths.js";

const FOREVER = path.join(REPO_ROOT, "test", "fixtures", "forever.mjs");

/** Whether a process has exited and waits to be reaped (state Z in /proc/PID/stat). */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes("\n")) return text.split("\n")[0]!;
  }
  return text;
}

describe("spawnGroup", () => {
  it("kills a child that ignores SIGTERM and its detached grandchild", async () => {
    const handle = spawnGroup(process.execPath, [FOREVER], { env: process.env, keepStdin: true, killGraceMs: 300 });
    const pids = JSON.parse(await firstLine(handle.stdout)) as { child: number; grandchild: number };
    expect(isAlive(pids.grandchild)).toBe(true);
    const exit = await handle.terminate();
    expect(exit.signal).toBe("SIGKILL");
    // The grandchild, re-parented when the child died, is reaped by whoever adopted it (here the
    // machine's init); under load that took over 100 ms, and kill(pid, 0) still sees a zombie. A
    // killed process is dead: waited for up to 5 s, a zombie counting as gone.
    const gone = async (pid: number) => {
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
        if (!isAlive(pid) || zombie(pid)) return true;
      }
      return false;
    };
    expect(await gone(pids.child)).toBe(true);
    expect(await gone(pids.grandchild)).toBe(true);
  });

  it("reports a binary that cannot start instead of throwing", async () => {
    const result = await runCommand("/nonexistent/binary", [], { env: process.env, timeoutMs: 5000 });
    expect(result.spawnError?.message).toMatch(/ENOENT/);
  });

  it("survives a child that exits before reading its stdin (no EPIPE crash)", async () => {
    const result = await runCommand(process.execPath, ["-e", "process.exit(0)"], { env: process.env, timeoutMs: 5000, input: "x".repeat(4 * 1024 * 1024) });
    expect(result.code).toBe(0);
  });
});

describe("runExec watchdog", () => {
  it("ends a silent child at the overall timeout and says so", async () => {
    const started = Date.now();
    const result = await runExec({ command: process.execPath, args: [FOREVER], env: process.env, cwd: REPO_ROOT, input: "", limits: { totalMs: 800 } });
    expect(result.termination).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("ends a child that prints nothing at the first-event limit", async () => {
    const result = await runExec({
      command: process.execPath,
      args: ["-e", "setInterval(()=>{}, 1000)"],
      env: process.env,
      cwd: REPO_ROOT,
      input: "",
      limits: { totalMs: 10_000, firstEventMs: 300 },
    });
    expect(result.termination).toBe("first-event-timeout");
  });

  it("does not count reconnect notices as progress", async () => {
    const script = "setInterval(()=>console.log(JSON.stringify({type:'error',message:'Reconnecting... waiting for network'})), 100)";
    // The idle window is generous so that, even when Node starts slowly under load, several notices
    // arrive inside it: had they counted as progress, the run would have lasted until totalMs.
    const result = await runExec({ command: process.execPath, args: ["-e", script], env: process.env, cwd: REPO_ROOT, input: "", limits: { totalMs: 10_000, idleMs: 2000 } });
    expect(result.termination).toBe("idle-timeout");
    expect(result.events.length).toBeGreaterThanOrEqual(3);
  });

  it("keeps unknown events as drift and non-JSON stdout as noise", async () => {
    const script = "console.log(JSON.stringify({type:'brand.new',x:1})); console.log('not json'); console.log(JSON.stringify({type:'turn.started'}))";
    const result = await runExec({ command: process.execPath, args: ["-e", script], env: process.env, cwd: REPO_ROOT, input: "", limits: { totalMs: 10_000 } });
    expect(result.events.map((e) => e.type)).toEqual(["unknown", "turn.started"]);
    expect(result.stdoutNoise).toEqual(["not json"]);
  });
});

describe("staged stop", () => {
  it("gives a child that ignores SIGTERM one grace period, STOP_GRACE_MS, then SIGKILLs its family", async () => {
    const { STOP_GRACE_MS } = await import("../../src/process/spawn.js");
    const handle = spawnGroup(process.execPath, [FOREVER], { env: process.env, keepStdin: true });
    JSON.parse(await firstLine(handle.stdout));
    const started = Date.now();
    const exit = await handle.terminate();
    expect(exit.signal).toBe("SIGKILL");
    expect(Date.now() - started).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
  });
});
