#!/usr/bin/env node
// Entry point: builds the command tree and is the only place that exits.
import { Command, CommanderError } from "commander";
import { CodexHeadlessError } from "../core/errors.js";
import { COMMANDS } from "./commands.js";
import { PROGRAM, reportError } from "./io.js";

async function program(argv: string[]): Promise<Command> {
  const root = new Command(PROGRAM)
    .description("run the real Codex CLI headlessly, and measure what such a run depends on")
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  // Load just the command asked for; help and unknown commands need them all.
  const asked = argv[2];
  const loaders = asked && Object.hasOwn(COMMANDS, asked) ? [COMMANDS[asked]!] : Object.values(COMMANDS);
  for (const sub of await Promise.all(loaders.map((load) => load()))) {
    sub.configureOutput({ outputError: () => {} }).exitOverride();
    root.addCommand(sub);
  }
  return root;
}

function fromCommander(error: CommanderError): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return 0;
  // Commander's messages start with "error: "; keep the rest, one line.
  return reportError(new CodexHeadlessError("usage", error.message.replace(/^error:\s*/, "").split("\n")[0] ?? error.message));
}

async function main(argv: string[]): Promise<number> {
  try {
    await (await program(argv)).parseAsync(argv);
    return 0;
  } catch (error) {
    return error instanceof CommanderError ? fromCommander(error) : reportError(error);
  }
}

// A reader that stops early (`| head`) closes our stdout: that ends our output, not in a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await main(process.argv);
process.exitCode = code;
