// Every command of the CLI, in the order help lists them, loaded only when used: start-up time is
// part of every headless run's cost (see BENCHMARKS.md). One line per command module.
import type { Command } from "commander";

/** Command name to a loader of its module's command. */
export type Commands = Record<string, () => Promise<Command>>;

export const COMMANDS: Commands = {
  lab: async () => (await import("./lab.js")).labCommand(),
  run: async () => (await import("./run.js")).runCommand(),
  mock: async () => (await import("./mock.js")).mockCommand(),
  home: async () => (await import("./home.js")).homeCommand(),
  inventory: async () => (await import("./inventory.js")).inventoryCommand(),
  mcp: async () => (await import("./mcp.js")).mcpCommand(),
  collab: async () => (await import("./collab.js")).collabCommand(),
  doctor: async () => (await import("./doctor.js")).doctorCommand(),
  bench: async () => (await import("./bench.js")).benchCommand(),
};
