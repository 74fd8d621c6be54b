// Codex starts tool processes in sessions of their own, so killing Codex's process group does not
// reach them. We walk /proc for every descendant before killing, so nothing is orphaned.
import { readdirSync, readFileSync } from "node:fs";

/** Fields 3 onwards of /proc/PID/stat, or undefined where there is no such process (or no /proc). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses; fields resume after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isFinite(ppid) ? ppid : undefined;
}

/** When PID started, in clock ticks since boot (/proc/PID/stat field 22): with the pid, it names one
 *  process, even after the pid is reused. "0" where /proc is absent (then only the pid is known). */
export function startTimeOf(pid: number): string {
  return statFields(pid)?.[19] ?? "0";
}

/** All live descendants of `root` (not including it), deepest last. Empty where /proc is absent. */
export function descendantsOf(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const child of children.get(next) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Signals the process group led by `pid`, then every descendant found (they may have left the
 *  group), and their own groups. */
export function signalTree(pid: number, signal: NodeJS.Signals, known: number[] = descendantsOf(pid)): void {
  trySignal(-pid, signal);
  for (const child of known) {
    trySignal(-child, signal);
    trySignal(child, signal);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
