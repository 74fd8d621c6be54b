// `codex-headless mock`: the scripted provider alone, until interrupted.
import { Command, Option } from "commander";
import { MOCK_KEY_ENV, MOCK_TOKEN, providerTomlSnippet } from "../mock/provider-config.js";
import { SCENARIO_NAMES, scenarioOptionsHelp } from "../mock/scenarios.js";
import { startMockProvider } from "../mock/server.js";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { collect, notice, keyValues } from "./io.js";

export function mockCommand(): Command {
  return new Command("mock")
    .description("start the mock Responses provider and print how to point Codex at it")
    .addHelpText("after", scenarioOptionsHelp())
    .option("--port <n>", "port to listen on (default: any free port)")
    .addOption(new Option("--scenario <name>", "scenario to serve").choices([...SCENARIO_NAMES]).default("hello"))
    .option("--scenario-option <key=value>", "option for the scenario (repeatable; see below)", collect, [])
    .action(async (flags: { port?: string; scenario: string; scenarioOption: string[] }) => {
      const port = flags.port === undefined ? undefined : Number(flags.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        throw new CodexHeadlessError("usage", `--port: expected a port number from 0 to 65535, got ${JSON.stringify(flags.port)}`);
      }
      // fault-refuse is a free port nobody listens on: no server, so nothing to keep running, and no
      // port of the caller's to take (one in use would not refuse).
      const refuse = flags.scenario === "fault-refuse";
      if (refuse && port !== undefined) throw new CodexHeadlessError("usage", "--port: scenario fault-refuse serves nothing: it gives a free port nobody listens on, so Codex's connections are refused");
      const options = keyValues("--scenario-option", flags.scenarioOption);
      let mock: Awaited<ReturnType<typeof startMockProvider>>;
      try {
        mock = await startMockProvider({ scenario: flags.scenario as (typeof SCENARIO_NAMES)[number], options, ...(port !== undefined ? { port } : {}) });
      } catch (error) {
        const code = errnoCode(error);
        if (port !== undefined && (code === "EADDRINUSE" || code === "EACCES")) {
          throw new CodexHeadlessError("usage", `--port ${port}: 127.0.0.1:${port} is ${code === "EADDRINUSE" ? "in use" : "not ours to listen on"} (${code}); give another, or none for any free port`);
        }
        throw error;
      }
      process.stdout.write(`${mock.baseUrl}\n\n# config.toml\n${providerTomlSnippet({ baseUrl: mock.baseUrl, envKey: MOCK_KEY_ENV })}\n# environment\nexport ${MOCK_KEY_ENV}=${MOCK_TOKEN}\n`);
      if (refuse) {
        notice(`scenario fault-refuse: nothing listens on ${new URL(mock.baseUrl).host}, so Codex's connections there are refused; no server to keep running`);
        return;
      }
      notice(`mock provider serving scenario ${mock.scenario}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await mock.close();
      notice(`served ${mock.requests.length} request(s)`);
    });
}
