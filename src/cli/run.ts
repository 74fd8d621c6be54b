// `codex-headless run [prompt]`: one headless run. stdout carries only the final message (or JSONL
// events with --json); everything else goes to stderr.
import { Command, Option } from "commander";
import { CodexHeadlessError } from "../core/errors.js";
import { readInputFile } from "../core/safe-fs.js";
import { CODEX_INPUT_LIMIT_BYTES, CODEX_INPUT_LIMIT_CHARS } from "../codex/input-limit.js";
import { SCENARIO_NAMES, scenarioOptionsHelp, type ScenarioName } from "../mock/scenarios.js";
import { exitCodeFor } from "../run/outcome.js";
import { isBacktraceLine, isStdinNotice, terminalSafe } from "../observe/output-rules.js";
import { defaultProvider } from "../run/provider-default.js";
import { RECORD_FILE, writeRecord } from "../run/record.js";
import { guardFile } from "../run/guard-locations.js";
import { parseRunSpec, runOnce } from "../run/runner.js";
import { checkSpec } from "../run/check-spec.js";
import { resolveCodexPath } from "../codex/locate.js";
import { codexFromChoice, isCodexVersion } from "../codex/fetch-version.js";
import { CONTEXTS, type LaunchContextName } from "../launch/context.js";
import { APPROVAL_ANSWERS, APPROVAL_POLICIES, AUTH_MODES, PROVIDERS, SANDBOX_MODES, TRANSPORTS, type ApprovalAnswer, type ApprovalPolicy, type AuthMode, type Provider, type SandboxMode, type TransportName } from "../codex/vocabulary.js";
import { DEFAULT_TIMEOUT_MS, outputSchemaSchema, type RunSpecInput } from "../run/spec.js";
import { EVENT_SCHEMA_VERSION, type NormalizedEvent, type StreamEnd, type StreamHeader } from "../transport/events.js";
import { ownPackageJson } from "../core/package-root.js";
import { loadRunPolicy } from "../safety/gate.js";
import { AUDIT_FILE, refusalEntry, writeAuditLog } from "../safety/audit.js";
import { abortOnInterrupt, checkRecordDir, checkWritableDir, refuseSystemFolder, collect, decodeText, ExitRequest, notice, keyValues, parseSeconds, readAllStdin } from "./io.js";

// Commander has checked every value below against its choices, which come from the same lists.
interface RunFlags {
  provider?: Provider;
  scenario: ScenarioName;
  scenarioOption: string[];
  context: LaunchContextName;
  home?: string;
  keepHome?: boolean;
  seedConfig?: boolean;
  auth?: AuthMode;
  sandbox?: SandboxMode;
  approval?: ApprovalPolicy;
  onApproval?: ApprovalAnswer;
  transport: TransportName;
  timeout?: string;
  idleTimeout?: string;
  json?: boolean;
  record?: string;
  policy?: string;
  codex?: string;
  config: string[];
  ephemeral?: boolean;
  jail?: boolean;
  profile?: string;
  outputSchema?: string;
  image: string[];
}

// A schema for one answer is small; a larger "schema" is a wrong file (or a device that never ends).
const SCHEMA_MAX_BYTES = 1024 * 1024;

/** The JSON Schema in FILE, checked by the RunSpec's rule. Errors: usage, naming the flag and file. */
function schemaFrom(file: string): unknown {
  let text: string;
  text = decodeText(readInputFile(file, `--output-schema ${file}`, SCHEMA_MAX_BYTES), `--output-schema ${file}`);
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text around the error, newlines and all: one line here.
    throw new CodexHeadlessError("usage", `--output-schema ${file}: not JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ")})`);
  }
  const checked = outputSchemaSchema.safeParse(schema);
  if (!checked.success) throw new CodexHeadlessError("usage", `--output-schema ${file}: ${checked.error.issues[0]!.message.replace(/^outputSchema: /, "")}`);
  return checked.data;
}

function progressFor(event: NormalizedEvent): string | undefined {
  if (event.type === "item.started" && event.item.type === "command_execution") return `running: ${event.item.command}`;
  if (event.type === "unknown") return `unknown Codex event (${event.reason}); kept in the record as drift`;
  return undefined;
}

async function promptFrom(argument: string | undefined, timeoutMs: number | undefined): Promise<string> {
  if (argument !== undefined) return argument;
  if (process.stdin.isTTY) throw new CodexHeadlessError("usage", "no prompt: give it as an argument or on stdin");
  const deadline = { ms: timeoutMs ?? DEFAULT_TIMEOUT_MS, flag: timeoutMs === undefined ? "the default --timeout" : "--timeout" };
  const text = await readAllStdin("the prompt on stdin", CODEX_INPUT_LIMIT_BYTES, `, over the ${CODEX_INPUT_LIMIT_CHARS} characters Codex accepts in one input`, deadline);
  // What `codex exec "$(cat file)"` gives: the shell's command substitution drops trailing newlines
  // (only those). `codex exec -` would keep them; a file's last newline is not part of the question.
  return text.replace(/\n+$/, "");
}

export function runCommand(): Command {
  return new Command("run")
    .description("one headless Codex run; stdout carries only the final answer")
    .addHelpText("after", scenarioOptionsHelp())
    .argument("[prompt]", "the prompt (read from stdin when omitted, trailing newlines dropped as \"$(cat)\" drops them)")
    .addOption(new Option("--provider <kind>", "model provider").choices([...PROVIDERS]))
    .addOption(new Option("--scenario <name>", "mock provider script").choices([...SCENARIO_NAMES]).default("hello"))
    .option("--scenario-option <key=value>", "option for the mock scenario (repeatable; see below)", collect, [])
    .addOption(new Option("--context <name>", "launch context").choices([...CONTEXTS]).default("direct"))
    .option("--home <mode>", "CODEX_HOME: ambient, isolated, repo or a path")
    .option("--keep-home", "keep a temporary home and print its path")
    .option("--seed-config", "with --home isolated: copy the ambient home's configuration (config.toml, profiles, AGENTS.md, skills, rules) into it, none of its state")
    .addOption(new Option("--auth <mode>", "auth carried into a non-ambient home").choices([...AUTH_MODES]))
    .addOption(new Option("--sandbox <mode>", "Codex sandbox mode").choices([...SANDBOX_MODES]))
    .addOption(new Option("--approval <policy>", "Codex approval policy").choices([...APPROVAL_POLICIES]))
    .addOption(new Option("--on-approval <decision>", "answer to approval requests (app-server)").choices([...APPROVAL_ANSWERS]))
    .addOption(new Option("--transport <kind>", "how Codex is driven").choices([...TRANSPORTS]).default("exec"))
    .option("--timeout <seconds>", "overall time limit (default 600)")
    .option("--idle-timeout <seconds>", "limit on time without progress")
    .option("--json", "print the normalized event stream as JSONL on stdout")
    .option("--record <dir>", "write the RunRecord to DIR/record.json")
    .option("--policy <file>", "safety policy file")
    .option("--codex <which>", "pinned, system, a path to a codex binary, or a version such as 0.169.0 (fetched from the npm registry into a cache)")
    .option("-c, --config <key=value>", "Codex config override, passed through (repeatable)", collect, [])
    .option("--ephemeral", "ask Codex not to persist the session")
    .option("--jail", "run Codex inside an outer bubblewrap jail: workspace and its home only, network to the provider only")
    .option("--profile <name>", "Codex config profile (codex exec --profile; exec transport)")
    .option("--output-schema <file>", "JSON Schema file the final answer must follow")
    .option("--image <file>", "image file attached to the prompt (repeatable)", collect, [])
    .action(async (promptArgument: string | undefined, flags: RunFlags, command: Command) => {
      const timeoutMs = flags.timeout === undefined ? undefined : parseSeconds("--timeout", flags.timeout);
      const idleTimeoutMs = flags.idleTimeout === undefined ? undefined : parseSeconds("--idle-timeout", flags.idleTimeout);
      const scenarioOptions = keyValues("--scenario-option", flags.scenarioOption);
      const provider = flags.provider ?? defaultProvider();
      if (flags.outputSchema !== undefined) guardFile("--output-schema", flags.outputSchema, process.cwd(), process.env);
      const outputSchema = flags.outputSchema === undefined ? undefined : schemaFrom(flags.outputSchema);
      const prompt = await promptFrom(promptArgument, timeoutMs);

      const spec: RunSpecInput = {
        prompt,
        provider,
        // The default ("hello") is the mock's; a scenario given with the real provider is refused.
        ...(command.getOptionValueSource("scenario") === "cli" ? { scenario: flags.scenario } : {}),
        scenarioOptions,
        context: flags.context,
        transport: flags.transport,
        keepHome: Boolean(flags.keepHome),
        seedConfig: Boolean(flags.seedConfig),
        ephemeral: Boolean(flags.ephemeral),
        ...(flags.jail ? { jail: true } : {}),
        ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
        config: flags.config,
        images: flags.image,
        ...(outputSchema !== undefined ? { outputSchema } : {}),
        ...(flags.home !== undefined ? { home: flags.home } : {}),
        ...(flags.auth ? { auth: flags.auth } : {}),
        ...(flags.sandbox ? { sandbox: flags.sandbox } : {}),
        ...(flags.approval ? { approval: flags.approval } : {}),
        ...(flags.onApproval ? { onApproval: flags.onApproval } : {}),
        ...(flags.policy ? { policy: flags.policy } : {}),
        ...(flags.codex ? { codex: flags.codex } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(idleTimeoutMs ? { idleTimeoutMs } : {}),
      };

      // Validate everything before saying anything else, so bad input gets exactly one line.
      // The terminal asker (and Node's readline) is loaded only by a run that asks.
      const askApproval = spec.onApproval === "ask" ? (await import("../safety/ask-terminal.js")).terminalAsker() : undefined;
      const parsed = parseRunSpec(spec);
      checkSpec(parsed, askApproval ? { askApproval } : {});
      if (spec.codex === undefined || !isCodexVersion(spec.codex)) resolveCodexPath(spec.codex);
      if (flags.record) {
        refuseSystemFolder("--record", flags.record);
        checkWritableDir("--record", flags.record, [RECORD_FILE, AUDIT_FILE]);
        checkRecordDir("--record", flags.record, { record: RECORD_FILE, others: [AUDIT_FILE] });
      }
      const ownPolicy = await loadRunPolicy({ cwd: parsed.cwd, policy: parsed.policy, config: parsed.config }, process.env);
      // A version (0.169.0) is fetched into our cache once every other check passed; the gate then
      // judges the cached binary's location like any other.
      if (spec.codex !== undefined && isCodexVersion(spec.codex)) spec.codex = await codexFromChoice(spec.codex, "--codex");
      // Said once the run passed every check, so a refused run still gets exactly one line.
      const defaults = [
        ...(!flags.provider && provider === "mock" ? ["no OpenAI credentials found; using the mock provider (--provider openai to insist)"] : []),
        ...(!flags.home ? [`home: ${parsed.home} (default for the ${provider} provider)`] : []),
      ];

      const controller = new AbortController();
      const stopListening = abortOnInterrupt(controller);
      const shown = new Set<string>();
      // Codex's lines before its first event are held: a configuration Codex refuses ends the run
      // there, and is then said once, as the one line of the verdict, not as Codex's several lines.
      let held: string[] | undefined = [];
      // --json: a stream that began (its header written) ends with a stream.end line.
      let headerWritten = false;
      const release = () => {
        held?.forEach((line) => notice(`codex: ${line}`));
        held = undefined;
      };
      try {
        const record = await runOnce(spec, {
          signal: controller.signal,
          ownPolicy,
          ...(askApproval ? { askApproval } : {}),
          onHomeKept: (path) => notice(`kept home: ${path}`),
          onNotice: notice,
          onChecked: () => defaults.forEach((line) => notice(line)),
          ...(flags.json
            ? {
                onCodex: (codex: { version: string; source: string }) => {
                  process.stdout.write(`${JSON.stringify(streamHeader(codex))}\n`);
                  headerWritten = true;
                },
              }
            : {}),
          ...(flags.record ? { outputs: [{ flag: "--record", path: flags.record }] } : {}),
          onEvent: (event) => {
            // A warning about the configuration is not yet a sign that Codex accepted it.
            if (event.type !== "error" && !(event.type === "item.completed" && event.item.type === "error")) release();
            if (flags.json) process.stdout.write(`${JSON.stringify(event)}\n`);
            const line = progressFor(event);
            if (line) notice(line);
          },
          onStderrLine: (line) => {
            shown.add(line.trim());
            // We close Codex's stdin ourselves; its notice about reading it is expected, not news.
            // A backtrace (RUST_BACKTRACE in the environment) has no symbols in release builds; the
            // record keeps it, the terminal gets the error line only.
            if (!line.trim() || isStdinNotice(line) || isBacktraceLine(line)) return;
            if (held) held.push(line);
            else notice(`codex: ${line}`);
          },
        });
        if (record.failure?.kind === "config") {
          held = undefined;
          shown.clear();
        }
        release();
        if (flags.record) notice(`record: ${writeRecord(flags.record, record)}`);
        if (flags.record) writeAuditLog(flags.record, record.audit ?? []);
        if (record.outcome === "ok") {
          // The plain answer carries what sandboxed commands printed: never a sequence that steers the
          // terminal (--json keeps the exact text, escaped).
          const answer = terminalSafe(record.finalResponse);
          if (!flags.json) process.stdout.write(answer.endsWith("\n") ? answer : `${answer}\n`);
        } else if (record.reason && !(record.failure && shown.has(record.failure.message.trim()))) {
          // Said once: a failure whose message Codex already printed (shown above as "codex: ...") is not repeated.
          notice(record.reason);
        }
        const exitCode = exitCodeFor(record);
        if (flags.json && headerWritten) {
          const end: StreamEnd = { type: "stream.end", outcome: record.outcome, exitCode, ...(record.outcome !== "ok" && record.reason ? { reason: record.reason } : {}) };
          process.stdout.write(`${JSON.stringify(end)}\n`);
        }
        throw new ExitRequest(exitCode);
      } catch (error) {
        if (flags.record && error instanceof CodexHeadlessError && error.code === "refused") writeAuditLog(flags.record, [refusalEntry(error)]);
        throw error;
      } finally {
        release();
        stopListening();
      }
    });
}

/** The first line of `--json`: our schema version and the Codex version in use. */
function streamHeader(codex: { version: string; source: string }): StreamHeader {
  return { type: "stream.header", schema: "codex-headless.events", schemaVersion: EVENT_SCHEMA_VERSION, codexHeadless: ownPackageJson().version, codex: { version: codex.version, source: codex.source } };
}
