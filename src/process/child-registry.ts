// Every child we spawn is registered here until it is reaped, so that when our own process exits
// or is interrupted, no Codex process group outlives us.
import { descendantsOf, signalTree } from "./process-tree.js";

const live = new Set<number>();
let installed = false;

function killAllNow(): void {
  for (const pid of live) signalTree(pid, "SIGKILL", descendantsOf(pid));
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  // Let the default disposition run as if we had never listened, unless the host listens too.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
}

export function registerChild(pid: number): () => void {
  install();
  live.add(pid);
  return () => {
    live.delete(pid);
  };
}

export function liveChildren(): number[] {
  return [...live.keys()];
}
