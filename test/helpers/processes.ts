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
