// Looks for processes still alive whose command line mentions a marker (e.g. the mock's port).
import { readdirSync, readFileSync } from "node:fs";

export function processesMentioning(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(marker)) found.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Processes whose environment holds NAME=VALUE: everything a run started inherits it, whatever its
 *  argv says (app-server's argv names no folder). */
export function processesWithEnv(name: string, value: string, except: number[] = []): number[] {
  const needle = `${name}=${value}\0`;
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid || except.includes(Number(entry))) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, "utf8")}\0`.includes(needle)) found.push(Number(entry));
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  return found;
}

/** Polls `check` every 50 ms for up to `ms`: true as soon as it holds, else what it says at the end
 *  (the last processes of a killed group are reaped a moment after the kill returns). */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
