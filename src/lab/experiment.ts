// An experiment answers questions of one research direction by running Codex and comparing what it
// observed. Adding a question to the lab = adding one module experiments/<direction>/<question>.ts
// and its line in experiments/index.ts. An experiment reaches Codex, the mock provider and the host
// only through its LabContext: the context owns every process and server it starts.
import type { CodexBinary } from "../codex/locate.js";
import type { Provider, SandboxMode } from "../codex/vocabulary.js";
import type { MockProvider, MockProviderOptions } from "../mock/server.js";
import type { TokenEndpoint } from "../mock/token-endpoint.js";
import type { CommandResult } from "../process/spawn.js";
import type { RunRecord } from "../run/record.js";
import type { RunHooks } from "../run/runner.js";
import type { RunSpecInput } from "../run/spec.js";
import type { SandboxProbe } from "../safety/sandbox-probe.js";
import type { AppServerRequest, AppServerRequestsResult } from "../transport/app-server-requests.js";
import type { Fixture } from "./fixture.js";
import type { DirectionId, Evidence, Finding } from "./findings.js";
import type { Missing } from "./prerequisites.js";

/** A fixture of the lab's (fixture.ts): HOME, working directory and environment of its own. */
export type LabFixture = Fixture;

export interface LabFixtureOptions {
  /** GIT_CEILING_DIRECTORIES at the fixture's root: the lab's scratch space may lie inside a
   *  repository, and the fixture's folders must not count as part of it. */
  gitCeiling?: boolean;
}

export interface BareOptions {
  /** Milliseconds before the command is stopped (its group, in stages); `timedOut` then says so. */
  timeoutMs: number;
  /** CODEX_HOME of the command; default `codex-home` in the fixture's HOME, made (mode 0700) if absent. */
  codexHome?: string;
  /** Default: the fixture's working directory. */
  cwd?: string;
  /** Written to stdin, then stdin is closed; without it stdin is closed at once. */
  input?: string;
  /** Leave stdin an open pipe nobody writes or closes (what a careless caller does). */
  keepStdin?: boolean;
  /** Variables set over the fixture's environment. */
  env?: NodeJS.ProcessEnv;
}

/** A command run outside the runner: its exit, output and time, and the argv it was given. */
export interface BareRun extends CommandResult {
  argv: string[];
  codexHome: string;
}

export interface CliOptions {
  timeoutMs: number;
  keepStdin?: boolean;
  /** A command line our CLI runs under (e.g. a private network namespace and a tracer): spawned as
   *  `wrap[0] ...wrap[1..] node <cli> ...args`. */
  wrap?: string[];
}

export interface LabContext {
  provider: Provider;
  /** The lab's Codex binary, located once before the first experiment. */
  codex: CodexBinary;
  /** The report folder; evidence paths are relative to it. */
  outDir: string;
  /** A fresh fixture under the report's work folder; never the user's own HOME. */
  fixture(name: string, options?: LabFixtureOptions): LabFixture;
  /** Runs Codex through the same runner as `run`, in the fixture's environment, and keeps the record as
   *  evidence. Returns the record and the evidence entry pointing at it. */
  run(name: string, spec: RunSpecInput, fixture: LabFixture, hooks?: RunHooks): Promise<{ record: RunRecord; evidence: Evidence }>;
  /** A mock provider of the experiment's own, for runs that share one (`run`'s hooks.mock) or for a
   *  bare run; closed when the experiment ends (closing it earlier is fine). */
  mock(options: MockProviderOptions): Promise<MockProvider>;
  /** A mock ChatGPT token endpoint (mock/token-endpoint.ts); closed when the experiment ends. */
  tokenEndpoint(): Promise<TokenEndpoint>;
  /** A bare run: the lab's Codex spawned directly with `args`, not through our runner (for what the
   *  runner cannot show: other subcommands, the form other tools use). */
  bare(fixture: LabFixture, args: string[], options: BareOptions): Promise<BareRun>;
  /** A bare `codex exec --json` turn against `mock`, the prompt given as an argument (the form most
   *  tools use) instead of on stdin as our runner gives it; `sandbox` adds `--sandbox MODE` (else
   *  Codex's default for exec, read-only). */
  bareExec(fixture: LabFixture, mock: MockProvider, prompt: string, options: BareOptions & { sandbox?: SandboxMode }): Promise<BareRun>;
  /** A bare `codex app-server` in the fixture (CODEX_HOME `codexHome`, default as for `bare`) for
   *  requests that are not turns (transport/app-server-requests.ts): `use` gets a request function;
   *  the server is initialized first and stopped after. Never throws: the result says what happened. */
  appServer<T>(fixture: LabFixture, use: (request: AppServerRequest) => Promise<T>, options: { codexHome?: string; timeoutMs: number }): Promise<AppServerRequestsResult<T>>;
  /** Our own built CLI (`node dist/cli/main.cjs ARGS`), as users run it, in the fixture; undefined
   *  before a build. */
  cli: ((fixture: LabFixture, args: string[], options: CliOptions) => Promise<CommandResult>) | undefined;
  /** `codex sandbox` probed in the fixture's environment (safety/sandbox-probe.ts), never cached. */
  probeSandbox(fixture: LabFixture, options?: { homeRoot?: string }): Promise<SandboxProbe>;
  /** The safety gate's verdict on `spec` in the fixture, nothing spawned: undefined when it allows
   *  the run, else the refusal's message. */
  gate(spec: RunSpecInput, fixture: LabFixture, probe?: SandboxProbe): Promise<string | undefined>;
  /** Writes an evidence file (JSON for objects, text for strings) and returns its entry. */
  evidence(name: string, kind: string, summary: string, content: unknown): Evidence;
  progress(message: string): void;
  /** Records a variant not run because the host lacks `why.missing`; the report lists it with its
   *  install command. */
  skip(variant: string, why: Missing): void;
}

export interface Experiment {
  /** Unique, kebab-case; also the evidence folder name. */
  id: string;
  direction: DirectionId;
  title: string;
  /** Rough seconds it takes on an idle 2-core machine, when it is long: the lab starts the longest
   *  first, so that none of them starts last and sets the lab's wall time alone. */
  seconds?: number;
  run(ctx: LabContext): Promise<Finding[]>;
}
