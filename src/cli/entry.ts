// The CLI's one body (cli/main.ts loads it through cli/main-all.ts or cli/main-run.ts): builds the
// command tree from the commands it is given and is the only place that exits.
import "./zod-jitless.js";
import { Command, CommanderError } from "commander";
import { CodexHeadlessError } from "../core/errors.js";
import type { Commands } from "./commands.js";
import { PROGRAM, reportError } from "./io.js";
import { guardOptions } from "./option-guards.js";
import { nameOptionsAsFlags } from "../core/option-names.js";

async function program(argv: string[], commands: Commands): Promise<Command> {
  const root = new Command(PROGRAM)
    .description("run the real Codex CLI headlessly, and measure what such a run depends on")
    .option("-V, --version", "print codex-headless's version and the Codex version in use")
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  // Load just the command asked for; help and unknown commands need them all.
  const asked = argv[2];
  const loaders = asked && Object.hasOwn(commands, asked) ? [commands[asked]!] : Object.values(commands);
  for (const sub of await Promise.all(loaders.map((load) => load()))) root.addCommand(sub);
  guardOptions(root);
  return root;
}

function fromCommander(error: CommanderError): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return 0;
  // Commander's messages start with "error: "; keep the rest, one line, with its suggestion for a
  // mistyped name ("(Did you mean --sandbox?)" on a line of its own) joined on.
  const [first = error.message, ...rest] = error.message.replace(/^error:\s*/, "").split("\n");
  const suggestion = rest.map((line) => /^\(Did you mean (.+)\?\)$/.exec(line.trim())?.[1]).find(Boolean);
  return reportError(new CodexHeadlessError("usage", suggestion ? `${first}; did you mean ${suggestion}?` : first));
}

async function main(argv: string[], commands: Commands, versionText?: () => Promise<string>): Promise<number> {
  // Asked alone, before any command module is loaded: the cheapest answer.
  if (versionText && argv.length === 3 && (argv[2] === "--version" || argv[2] === "-V")) {
    try {
      process.stdout.write(`${await versionText()}\n`);
      return 0;
    } catch (error) {
      return reportError(error);
    }
  }
  try {
    await (await program(argv, commands)).parseAsync(argv);
    return 0;
  } catch (error) {
    return error instanceof CommanderError ? fromCommander(error) : reportError(error);
  }
}

/** Runs the command line `process.argv` with `commands` (every command, or just the one it names);
 *  `versionText` answers a lone `--version` (cli/version.ts), for a command line that can be one. */
export async function runCli(commands: Commands, versionText?: () => Promise<string>): Promise<void> {
  // A reader that stops early (`| head`) closes our stdout: that ends our output, not in a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  // Errors and notices name a run's options as this command line gives them, as flags; the MCP
  // server's callers give them as the tools' argument names, the library's keys (core/option-names.ts).
  if (process.argv[2] !== "mcp") nameOptionsAsFlags();
  process.exitCode = await main(process.argv, commands, versionText);
}
