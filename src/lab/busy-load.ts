// CPU load for the runs of a claim that something does not happen: one busy loop per core, only while
// those runs last. Each loop is a child of its own (spawn.ts: own process group, stdin closed, killed
// with its tree) with a watchdog, so a lab that dies or forgets cannot leave it spinning.
import os from "node:os";
import { spawnGroup } from "../process/spawn.js";

/** Never longer than this, whatever happens to the runs. */
const MAX_LOAD_MS = 120_000;

/** `off` runs the loaded runs without the loops. For a test of something else (the lab without zsh):
 *  on a 2-core machine the loops stall every test beside it. The report lists the load as not
 *  measured, and the claim's conditions say the loops were off. */
export const LAB_LOAD_VAR = "CODEX_HEADLESS_LAB_LOAD";

/** Whether this lab process may load the CPU (the variable is not `off`). */
export function busyLoadOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[LAB_LOAD_VAR] !== "off";
}

/** Runs `task` while every core is kept busy (unless busyLoadOn() is false); the loops stop when it settles. */
export async function withBusyLoad<T>(task: () => Promise<T>, loops = busyLoadOn() ? os.availableParallelism() : 0): Promise<T> {
  if (loops === 0) return task();
  const children = Array.from({ length: loops }, () =>
    spawnGroup(process.execPath, ["-e", "for(;;){}"], { env: { PATH: process.env.PATH ?? "" }, dieWithParent: true }),
  );
  const watchdog = setTimeout(() => void Promise.all(children.map((child) => child.terminate())), MAX_LOAD_MS);
  watchdog.unref();
  try {
    return await task();
  } finally {
    clearTimeout(watchdog);
    await Promise.all(children.map((child) => child.terminate()));
  }
}
