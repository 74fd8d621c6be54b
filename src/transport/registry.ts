// The transports this build drives Codex over. The runner asks here which one a run takes (the spec's
// --transport and the launch plan's stdio) and how it lives. Each implements turn.ts's Transport and
// runs through its one boundedTurn, so adding one means: its module in this folder, an entry below,
// and its name in codex/vocabulary.ts's TRANSPORTS when users choose it by name.
import type { TransportName } from "../codex/vocabulary.js";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { runExec, type ExecInvocation } from "./exec-jsonl.js";
import { runExecPty } from "./exec-pty.js";
import type { TurnResult } from "./turn.js";

export type TransportKind = "exec-jsonl" | "exec-pty" | "app-server";

interface EntryBase {
  kind: TransportKind;
  /** The --transport name it serves. */
  name: TransportName;
  /** What the launch plan must give Codex: pipes, or a pseudo-terminal. */
  stdio: "pipe" | "pty";
  /** One sentence: what it is. */
  describe: string;
}

/** A transport that starts Codex for one turn and is done with it when the turn is. */
export interface PerTurnTransport extends EntryBase {
  lifetime: "turn";
  run(invocation: ExecInvocation): Promise<TurnResult>;
}

/** A transport whose server outlives turns (app-server): the caller keeps the session
 *  (transport/app-server.ts's AppServerSession), each turn a Transport of its own. */
export interface SessionTransport extends EntryBase {
  lifetime: "session";
}

export type TransportEntry = PerTurnTransport | SessionTransport;

const TRANSPORT_ENTRIES: readonly TransportEntry[] = [
  { kind: "exec-jsonl", name: "exec", stdio: "pipe", lifetime: "turn", describe: "`codex exec --json` on pipes, one process per turn", run: runExec },
  { kind: "exec-pty", name: "exec", stdio: "pty", lifetime: "turn", describe: "`codex exec --json` on a pseudo-terminal, one process per turn", run: runExecPty },
  { kind: "app-server", name: "app-server", stdio: "pipe", lifetime: "session", describe: "`codex app-server`, JSON-RPC over pipes, one server for a thread's turns" },
];

/** Every transport this build has, in a stable order. */
export function transportEntries(): readonly TransportEntry[] {
  return TRANSPORT_ENTRIES;
}

/** The transport for a run. Error: usage, when no transport speaks `name` over `stdio`. */
export function transportFor(name: TransportName, stdio: "pipe" | "pty" = "pipe"): TransportEntry {
  const entry = TRANSPORT_ENTRIES.find((candidate) => candidate.name === name && candidate.stdio === stdio);
  if (!entry) throw new CodexHeadlessError("usage", `${optionName("transport", name)} does not run on a ${stdio === "pty" ? "pseudo-terminal" : "pipe"}; use another context or transport`);
  return entry;
}
