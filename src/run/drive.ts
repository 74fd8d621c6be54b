// The runner's second stage: the transport turn of a prepared run. Events and stderr lines reach
// the caller redacted, as they arrive; the turn's result is what build-record judges.
import { warmEventSchemas, type NormalizedEvent } from "../transport/events.js";
import type { ExecResult } from "../transport/exec-jsonl.js";
import { transportFor } from "../transport/registry.js";
import { DeltaRedactor, warmRedaction } from "../observe/redact.js";
import type { PreparedRun } from "./prepare.js";
import type { ApprovalBroker } from "../safety/approval-broker.js";
import type { ApprovalQuestion, BrokerDecision } from "../codex/approvals.js";

/** What the drive stage leaves for build-record. */
export interface DrivenRun {
  result: ExecResult;
  /** The argv the record names (a thread's reused session: the one its first turn launched). */
  argv: string[];
  /** Epoch ms just before the turn started (files changed since are the run's). */
  driveStartedMs: number;
  /** App-server: the approval policy and sandbox Codex said it applied. */
  codexApplied?: { approvalPolicy: unknown; sandbox: unknown };
}

/**
 * Stage two of a run: one turn on the spec's transport, within the spec's limits (--timeout counts
 * the set-up since `startedAt`), stopped by the run's controller. `onEvent` gets each event,
 * redacted, as it arrives. Never throws for Codex's failures (they are in the result); a transport
 * that cannot start rejects, having removed a shell context's capture.
 */
export async function driveRun(run: PreparedRun, onEvent: (event: NormalizedEvent) => void): Promise<DrivenRun> {
  const { spec, hooks, plan, redactor, broker, tap, images, gate } = run;
  const onStderrLine = hooks.onStderrLine;
  const limits = {
    // --timeout is the run's overall limit: the preflight (sandbox probe) and set-up already spent
    // part of it.
    totalMs: Math.max(1, spec.timeoutMs - (Date.now() - run.startedAt)),
    ...(spec.idleTimeoutMs ? { idleMs: spec.idleTimeoutMs } : {}),
    ...(spec.firstEventTimeoutMs ? { firstEventMs: spec.firstEventTimeoutMs } : {}),
  };
  // An agent message's deltas are redacted as the text they build (a secret streamed in pieces is in
  // no one piece); the rest of an item's text is passed on before its completed event.
  const deltas = new DeltaRedactor(redactor);
  const streaming = {
    signal: run.controller.signal,
    onEvent: (event: NormalizedEvent) => {
      if (event.type === "item.delta") {
        const delta = deltas.next(event.item_id, event.delta);
        if (delta) onEvent({ ...event, delta });
        return;
      }
      if (event.type === "item.completed") {
        const rest = deltas.finish(event.item.id);
        if (rest) onEvent({ type: "item.delta", item_id: event.item.id, delta: rest });
      }
      onEvent(redactor.redactDeep(event));
    },
    ...(onStderrLine ? { onStderrLine: (line: string) => onStderrLine(redactor.redactString(line)) } : {}),
  };
  // After this tick, by which the transport below has spawned Codex (its start() spawns before its
  // first await): the redaction rules compile and the event schemas are built while Codex starts,
  // not on its first event.
  setImmediate(() => {
    warmEventSchemas();
    warmRedaction();
  });
  let argv = [plan.command, ...plan.args];
  const transport = transportFor(spec.transport, plan.stdio);
  const driveStartedMs = Date.now();
  try {
    if (transport.lifetime === "session" && broker) {
      const holder = hooks.appServer ?? {};
      const reused = holder.session?.alive ? holder.session : undefined;
      // Loaded here, not with this module: an exec run never compiles the app-server transport.
      const session = reused ?? new (await import("../transport/app-server.js")).AppServerSession({ command: plan.command, args: plan.args, env: plan.env, cwd: spec.cwd }, tap.current);
      if (!reused) {
        // The session owns the tap its argv names: it is closed with the session.
        tap.current = undefined;
        holder.argv = argv;
        if (run.launchKey !== undefined) holder.launchKey = run.launchKey;
        // What later runs on this server need of its tap: that there is one (asked for by an idle
        // limit), and its byte count for their records.
        if (spec.idleTimeoutMs) holder.tap = run.describeTap ? { describe: run.describeTap } : {};
        else delete holder.tap;
      }
      holder.session = session;
      argv = holder.argv ?? argv;
      // However the turn ends (timeout, a dead server), a handler still deciding is told and its
      // request declined; an abort or a closed thread stops the broker sooner, through the run's signal.
      const turn = await session.runTurn(
        {
          cwd: spec.cwd,
          ...(gate.sandbox ? { sandbox: gate.sandbox } : {}),
          ...((spec.approval ?? gate.approval) ? { approval: spec.approval ?? gate.approval } : {}),
          ephemeral: spec.ephemeral,
          ...(spec.resumeThreadId ? { resumeThreadId: spec.resumeThreadId } : {}),
        },
        { prompt: spec.prompt, images, ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}), limits, ...streaming, approve: (question) => decideAndSay(broker, question, (line) => run.notify(redactor.redactString(line))), onUnanswered: (method) => broker.recordUnanswered(method), ...(hooks.onUsage ? { onUsage: hooks.onUsage } : {}), ...(hooks.interrupt ? { interrupt: hooks.interrupt } : {}) },
      ).finally(() => broker.stop(new Error("the turn ended")));
      const codexApplied = session.applied;
      // A run of its own closes its server; a thread's stays for the next turn.
      const result = hooks.appServer ? turn : { ...turn, exit: await session.close(), stderrLines: [...turn.stderrLines, ...session.takeStderr()], processAlive: false };
      return { result, argv, driveStartedMs, ...(codexApplied ? { codexApplied } : {}) };
    }
    if (transport.lifetime === "turn") {
      const result = await transport.run({ command: plan.command, args: plan.args, env: plan.env, cwd: spec.cwd, input: spec.prompt, limits, ...streaming, ...(tap.current ? { signsOfLife: tap.current } : {}) });
      return { result, argv, driveStartedMs };
    }
    throw new Error(`transport ${transport.kind} needs an approval broker`);
  } catch (error) {
    run.settleCapture(); // removes the capture folder
    throw error;
  }
}

/** The broker's decision, and on stderr (and in the record's notices) a line for a command the policy
 *  declined: Codex reports it as "rejected by user" after our "running:" line, which named no rule. */
async function decideAndSay(broker: ApprovalBroker, question: ApprovalQuestion, notify: (line: string) => void): Promise<BrokerDecision> {
  const verdict = await broker.decide(question);
  const display = question.command ?? question.argv?.join(" ");
  if (verdict.decision === "decline" && verdict.by === "policy") notify(`declined by policy (${verdict.rule}): \`${display ?? (question.paths ?? []).join(", ")}\``);
  return verdict;
}
