// `codex-headless collab`: two or more Codex agents, each with its own home, exchanging turns.
import { Command, Option } from "commander";
import { runCollab } from "../collab/run-collab.js";
import type { CollabScriptInput } from "../collab/script.js";
import { CodexHeadlessError } from "../core/errors.js";
import { SCENARIO_NAMES } from "../mock/scenarios.js";
import { abortOnInterrupt, collect, ExitRequest, notice, parseSeconds } from "./io.js";
import { PROVIDERS, type Provider } from "../codex/vocabulary.js";

function parseAgent(value: string): { name: string; scenario?: string; role?: string } {
  // NAME[:SCENARIO][=ROLE]
  const [head, ...roleParts] = value.split("=");
  const [name, scenario, ...more] = (head ?? "").split(":");
  // A second scenario was dropped without a word.
  if (more.length) throw new CodexHeadlessError("usage", `--agent ${value}: expected NAME[:SCENARIO][=ROLE], one scenario at most`);
  return { name: name ?? "", ...(scenario ? { scenario } : {}), ...(roleParts.length ? { role: roleParts.join("=") } : {}) };
}

export function collabCommand(): Command {
  return new Command("collab")
    .description("two or more Codex agents, each with its own home, exchanging turns under a script")
    .argument("<opening>", "the first message, given to the first agent")
    .option("--agent <name[:scenario][=role]>", "an agent, in speaking order (repeatable; default: author, reviewer)", collect, [])
    .option("--rounds <n>", "how many rounds", "3")
    .option("--out <dir>", "where the transcript and records go: a new or empty folder, or one an earlier collab wrote (what it wrote is removed first; a folder holding anything else is refused)", "collab-run")
    .addOption(new Option("--provider <kind>", "model provider").choices([...PROVIDERS]).default("mock"))
    .addOption(new Option("--scenario <name>", "default mock scenario for agents").choices([...SCENARIO_NAMES]).default("multi-turn"))
    .option("--timeout <seconds>", "time limit per turn")
    .option("--keep-homes", "keep the agents' homes and print their paths")
    .action(async (opening: string, flags: { agent: string[]; rounds: string; out: string; provider: Provider; scenario: string; timeout?: string; keepHomes?: boolean }, command: Command) => {
      const rounds = Number(flags.rounds);
      if (!/^\d+$/.test(flags.rounds) || rounds < 1) throw new CodexHeadlessError("usage", `--rounds: expected a whole number of at least 1, got ${JSON.stringify(flags.rounds)}`);
      // The --out folder is made only once the script is read (runCollab): refused input leaves none.
      const timeoutMs = flags.timeout ? parseSeconds("--timeout", flags.timeout) : undefined;
      const agents = (flags.agent.length ? flags.agent : ["author", "reviewer"]).map(parseAgent).map((a) => ({ ...(command.getOptionValueSource("scenario") === "cli" ? { scenario: flags.scenario } : {}), ...a }));
      const controller = new AbortController();
      const stopListening = abortOnInterrupt(controller);
      try {
        const result = await runCollab(
          { opening, rounds, provider: flags.provider, agents: agents as CollabScriptInput["agents"], ...(timeoutMs !== undefined ? { timeoutMs } : {}) },
          {
            outDir: flags.out,
            cwd: process.cwd(),
            signal: controller.signal,
            keepHomes: Boolean(flags.keepHomes),
            onTurn: (turn) => notice(`round ${turn.round} ${turn.agent}: ${turn.outcome}`),
          },
        );
        if (flags.keepHomes) for (const agent of result.agents) notice(`kept home of ${agent.name}: ${agent.home}`);
        notice(`transcript: ${flags.out}/transcript.json`);
        process.stdout.write(`${result.turns.at(-1)?.output ?? ""}\n`);
        if (!result.ok) throw new ExitRequest(1);
      } finally {
        stopListening();
      }
    });
}
