// What a caller hands a run besides its spec: callbacks, and the resources it keeps across runs
// (a thread's or a pool lane's home, provider and app-server session). Read by the runner's three
// stages (run/prepare.ts, run/drive.ts, run/build-record.ts).
import type { ApprovalCallback } from "../codex/approvals.js";
import type { PreparedHome } from "../home/prepare.js";
import type { MockProvider } from "../mock/server.js";
import type { LoadedPolicy } from "../safety/policy-file.js";
import type { JailForwarder } from "../safety/jail-forward.js";
import type { AppServerSession } from "../transport/app-server.js";
import type { NormalizedEvent, Usage } from "../transport/events.js";
import type { RunRecord } from "./record.js";

export interface RunHooks {
  onEvent?: (event: NormalizedEvent) => void;
  onStderrLine?: (line: string) => void;
  signal?: AbortSignal;
  /** A provider the caller keeps across runs (threads); otherwise one is started for this run. */
  mock?: MockProvider;
  /** With a kept mock: where this run's requests begin in its log (a pool lane's mock serves one task
   *  after another; the record keeps only its own, and redacting the others' would cost each run more). */
  mockRequestsFrom?: number;
  /** A home the caller keeps across runs (threads); otherwise one is prepared and released here. */
  home?: PreparedHome;
  /** Where a caller that outlives its runs (a thread) keeps the home and, on the mock, the provider
   *  that its first run prepares once every check and the gate passed. Filled by the prepare stage;
   *  later runs reuse what it holds; the caller releases them. A run refused before set-up leaves it
   *  empty, having created nothing. */
  keep?: KeptResources;
  /** Called as soon as a kept home's path is known. */
  onHomeKept?: (path: string) => void;
  /** The caller's environment; it replaces ours as the base of Codex's (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** An app-server session the caller keeps across turns (threads); otherwise one lives for this run. */
  appServer?: AppServerHolder;
  /** Answers approval requests (app-server); takes the place of spec.onApproval. */
  onApproval?: ApprovalCallback;
  /** Asks a person, for spec.onApproval "ask"; the CLI passes one only when there is a terminal. */
  askApproval?: ApprovalCallback;
  /** Paths the caller will write after the run (`--record DIR`, collab's `--out`): refused before
   *  anything starts when the run's sandbox can write them. */
  outputs?: Array<{ flag: string; path: string }>;
  /** Safety notices as they arise (also kept in the record's `safety.notices`). */
  onNotice?: (line: string) => void;
  /** Called once every check passed (policy, locations, home seal), before anything is spawned. */
  onChecked?: () => void;
  /** A policy that governs the run besides its own (the MCP server's repository's): the stricter applies. */
  alsoPolicy?: LoadedPolicy;
  /** The run's own policy, already loaded by the caller for this very spec (the CLI checks it before
   *  it says anything): not read a second time. */
  ownPolicy?: LoadedPolicy;
  /** Called with the Codex binary the run will use, before it is spawned (the CLI's --json header). */
  onCodex?: (codex: { version: string; path: string; source: string }) => void;
  /** App-server only: each token-usage update of the turn, the thread's running total (budgets). */
  onUsage?: (threadTotal: Usage) => void;
  /** Called once the turn's transport has settled (its Codex stopped, or a kept app-server's turn
   *  over), even while a consumer of runStreamed has not read the events that are left: a thread's
   *  close() waits for this, not for a reader that paused. */
  onTurnSettled?: () => void;
  /** App-server only: aborting it interrupts the turn (turn/interrupt); the server stays up. */
  interrupt?: AbortSignal;
  /** Mock runs only: leave \`model\` to the home's configuration instead of the mock's own model name,
   *  so what a home sets reaches the capture (the lab's home-carry experiment measures it). */
  modelFromHome?: boolean;
}

/** A thread's home and mock provider, made by its first run (RunHooks.keep). */
export interface KeptResources {
  home?: PreparedHome;
  mock?: MockProvider;
}

/** Where a thread keeps its app-server session between turns, with what the first turn learned. */
export interface AppServerHolder {
  session?: AppServerSession;
  /** The jail's forwarder of a jailed session: it lives as long as the session (closed with it). */
  jail?: JailForwarder;
  argv?: string[];
  launchEnv?: Record<string, string>;
  /** A holder that serves runs of different specs (a pool's lane): a live session launched with
   *  another command, argv or environment than this run's plan is closed and a new one started,
   *  so no run is served by a server configured for another (a cwd with another policy). */
  relaunchOnChange?: boolean;
  /** What the holder's session was launched with (relaunchOnChange). */
  launchKey?: string;
  /** Set when the session was launched by a run with an idle limit, which asked for a provider tap:
   *  `describe` says its bytes so far (absent when the provider could not be tapped). A
   *  relaunchOnChange holder's session launched without one is relaunched for a run with an idle limit. */
  tap?: { describe?: () => NonNullable<RunRecord["provider"]["tap"]> };
}
