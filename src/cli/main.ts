#!/usr/bin/env node
// Entry point: builds the command tree and is the only place that exits.
import "./launcher-env.js";
import "./zod-jitless.js";
import { Command, CommanderError } from "commander";
import { CodexHeadlessError } from "../core/errors.js";
import { COMMANDS } from "./commands.js";
import { PROGRAM, reportError } from "./io.js";
import { guardOptions } from "./option-guards.js";

async function program(argv: string[]): Promise<Command> {
  const root = new Command(PROGRAM)
    .description("run the real Codex CLI headlessly, and measure what such a run depends on")
    .option("-V, --version", "print codex-headless's version and the Codex version in use")
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  // Load just the command asked for; help and unknown commands need them all.
  const asked = argv[2];
  const loaders = asked && Object.hasOwn(COMMANDS, asked) ? [COMMANDS[asked]!] : Object.values(COMMANDS);
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

/** `--version`: ours and the Codex a run would use, without building anything or writing a file. */
async function versionText(): Promise<string> {
  const { ownPackageJson } = await import("../core/package-root.js");
  const { installedPinnedVersion, pinnedCodexVersion, resolveCodexPath, codexVersion } = await import("../codex/locate.js");
  const choice = process.env.CODEX_HEADLESS_CODEX ?? "pinned";
  let codex: string;
  if (choice === "pinned") {
    const installed = installedPinnedVersion();
    codex = installed ? `codex ${installed} (pinned)` : `codex ${pinnedCodexVersion()} (pinned, not installed: run npm ci)`;
  } else {
    const { path: binary } = resolveCodexPath(choice);
    codex = `codex ${await codexVersion(binary)} (${binary})`;
  }
  return `${PROGRAM} ${ownPackageJson().version}, ${codex}`;
}

async function main(argv: string[]): Promise<number> {
  // Asked alone, before any command module is loaded: the cheapest answer.
  if (argv.length === 3 && (argv[2] === "--version" || argv[2] === "-V")) {
    try {
      process.stdout.write(`${await versionText()}\n`);
      return 0;
    } catch (error) {
      return reportError(error);
    }
  }
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
