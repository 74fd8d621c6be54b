// The runner's third stage: what the turn left, judged and written down — changes to the home's
// control files, the command lists against what ran, the launch environment, the verdict, the audit,
// the notices — redacted and checked against the record's schema.
import { describeChanges, configText, controlFiles, writeSeal } from "../home/seal.js";
import { policyChange } from "../safety/policy-file.js";
import { diffSnapshots, snapshotHome } from "../home/snapshot.js";
import { toolEnvsFromRequests } from "../launch/tool-env.js";
import { classifyLine } from "../observe/classify.js";
import type { NormalizedEvent } from "../transport/events.js";
import { auditRun, listMatches, matchEntries, ranEntries } from "./audit-run.js";
import { jailLimits } from "./jail-plan.js";
import { setIdNoticesAfterJail } from "../safety/set-id.js";
import { errnoCode } from "../core/errors.js";
import { judge } from "./outcome.js";
import { builtRecord, type RunRecord } from "./record.js";
import { runRequests } from "./run-requests.js";
import type { PreparedRun } from "./prepare.js";
import type { DrivenRun } from "./drive.js";

/**
 * Stage three of a run: the RunRecord of a driven run (DESIGN, "RunRecord"), redacted, parsed by its
 * schema. Says through the run's notices what changed that the caller must know (control files of a
 * lasting home, list matches, a moved policy, set-ID bits taken off). Throws only on a record that
 * does not match its schema (a bug of ours).
 */
export async function buildRecord(run: PreparedRun, driven: DrivenRun): Promise<RunRecord> {
  const { spec, hooks, gate, home, codex, mock, plan, jailed, broker, redactor, notify, baseEnv } = run;
  const { result, argv, codexApplied } = driven;
  // Nothing reads a run's own home once Codex is gone: it is released while the record is made (renamed
  // aside and removed in the background, home/prepare.ts), and the record waits for the release (the
  // controller's release awaits the same promise).
  const removal = run.ownsHome && !hooks.appServer && !spec.keepHome ? home.releaseAsync(false) : undefined;
  // A set-user-ID program a jailed command left where it could write would run as its owner
  // (safety/set-id.ts): first, before anything that reads what the run left (a home being removed
  // is not walked).
  if (spec.jail) for (const line of setIdNoticesAfterJail([spec.cwd, ...gate.policy.jail.write_paths, ...(removal ? [] : [home.path])], driven.driveStartedMs)) notify(line);
  if (run.controlBefore) {
    // A jailed run's link there may name a host folder the jail never showed: not walked (seal.ts).
    const after = controlFiles(home.path, { followLinkedFolders: !spec.jail });
    for (const line of describeChanges(run.controlBefore.files, after, { before: run.controlBefore.config, after: configText(home.path) })) notify(`Codex changed ${home.mode} home ${home.path} during the run: ${line}`);
    if (run.sealed) writeSeal(home.path, baseEnv, after);
    // Any file of it may be planted, not only the control files (red team 27: a `.env`): refused until accepted.
    else if (run.jailKept) writeSeal(home.path, baseEnv, run.controlBefore.files, { jailed: true });
  }
  // The command lists, checked against what Codex reported running: on exec nobody could answer an
  // approval, so the deny list is advisory there, and what got through is said, not hidden.
  const matches = await listMatches(gate.policy, result.events);
  for (const match of matches) notify(`${spec.transport === "exec" ? "advisory deny list" : "command list not enforced"}: \`${match.command}\` ran (${match.rule})`);
  const policyMoved = policyChange(gate.loaded);
  if (policyMoved) notify(`${policyMoved}; the policy read before the run governed it`);
  // A shell context's rc files changed the environment after we spawned it: record what Codex got.
  const captured = run.settleCapture();
  if (hooks.appServer && captured && !hooks.appServer.launchEnv) hooks.appServer.launchEnv = captured;
  const launchEnv = hooks.appServer?.launchEnv ?? (plan.capture ? (captured ?? {}) : plan.env);
  const verdict = judge(result, { timeoutMs: spec.timeoutMs, ...(spec.idleTimeoutMs ? { idleMs: spec.idleTimeoutMs } : {}), ...(spec.firstEventTimeoutMs ? { firstEventMs: spec.firstEventTimeoutMs } : {}) });
  const unknown = result.events.filter((event) => event.type === "unknown");
  const completed = result.events.filter((event) => event.type === "turn.completed").at(-1);
  const started = result.events.find((event) => event.type === "thread.started");
  const threadId = started?.type === "thread.started" ? started.thread_id : spec.resumeThreadId;
  // A mock the caller shares between runs holds theirs too: only this run's are its record's.
  const requests = mock ? runRequests(mock.requests, run.mockRequestsFrom, { shared: mock === hooks.mock, threadId, bearerSha256: run.mockBearerSha256 }) : [];
  const toolEnv = spec.scenario === "env" ? toolEnvsFromRequests(requests).at(-1) : undefined;

  const keep = spec.keepHome && run.ownsHome;
  const record: RunRecord = {
    recordVersion: 1,
    spec: { ...spec },
    codex: { version: codex.version, path: codex.path, source: codex.source },
    context: plan.context,
    transport: spec.transport,
    argv,
    cwd: spec.cwd,
    launchEnv: {},
    ...(toolEnv ? { toolEnv } : {}),
    ...(started?.type === "thread.started" ? { threadId: started.thread_id } : spec.resumeThreadId ? { threadId: spec.resumeThreadId } : {}),
    events: result.events,
    finalResponse: verdict.outcome === "ok" ? finalResponseOf(result.events) : "",
    ...(completed?.type === "turn.completed" ? { usage: completed.usage } : {}),
    stderr: result.stderrLines.filter((line) => line.length > 0).map(classifyLine),
    // On a pty the terminal's own noise (echo, escapes) is what was "beyond the answer" on stdout.
    stdoutNoise: "terminalNoise" in result ? (result.terminalNoise as string[]) : result.stdoutNoise,
    drift: { unknownEvents: unknown.length, samples: unknown.slice(0, 5) },
    ...(result.pid ? { pid: result.pid } : {}),
    exitCode: result.exit.code,
    signal: result.exit.signal,
    outcome: verdict.outcome,
    ...(verdict.failure ? { failure: verdict.failure } : {}),
    ...(verdict.reason ? { reason: verdict.reason } : {}),
    timings: result.timings,
    home: { path: home.path, mode: home.mode, kept: keep || !home.temporary, ...(home.seeded ? { seeded: home.seeded } : {}), ...(run.homeBefore ? { diff: diffSnapshots(run.homeBefore, snapshotHome(home.path)) } : {}) },
    provider: { kind: spec.provider, ...(mock ? { scenario: mock.scenario, baseUrl: run.providerUrl ?? mock.baseUrl } : {}), ...(run.describeTap ? { tap: run.describeTap() } : {}), requests },
    audit: broker ? [...gate.audit, ...broker.entries, ...ranEntries(result.events), ...matchEntries(matches)] : auditRun(gate, result.events, requests, matches),
    safety: {
      policy: { source: gate.source, origin: gate.loaded.origin, ...(gate.loaded.sha256 ? { sha256: gate.loaded.sha256 } : {}) },
      sandbox: { mode: gate.reach.sandbox, writableRoots: gate.reach.roots },
      ...(gate.approval ?? spec.approval ? { approval: spec.approval ?? gate.approval } : {}),
      ...(codexApplied ? { codexApplied: { approvalPolicy: asText(codexApplied.approvalPolicy), sandbox: asText(codexApplied.sandbox) } } : {}),
      ...(matches.length > 0 ? { listMatches: matches.map(({ command, rule, exitCode }) => ({ command, rule, exitCode })) } : {}),
      ...(jailed || (spec.jail && hooks.appServer?.jail) ? { jail: { ...(jailed?.limits ?? jailLimits(gate.policy, spec.timeoutMs)), endpoints: (jailed?.forwarder ?? hooks.appServer!.jail!).connections() } } : {}),
      notices: run.notices,
    },
  };
  // Redacted while the home is released: when it cannot be renamed aside it is removed where it is
  // (fs.promises.rm, on libuv's threads; tens of ms for a used home's ~40 folders), and the redaction,
  // most of it the request bodies (~42 KB, measured on Codex 0.171.0), need not wait for that.
  redactor.addSecretsFromEnv(launchEnv);
  record.launchEnv = redactor.redactEnv(launchEnv);
  if (record.toolEnv) record.toolEnv = redactor.redactEnv(record.toolEnv);
  const redacted = redactor.redactDeep({ ...record, launchEnv: {}, toolEnv: undefined });
  // A home that could not be removed is said, not a lost record; a later run's sweep removes it.
  await removal?.catch((error: unknown) => {
    run.homeRemoval.said = true;
    const line = `could not remove the isolated home ${home.path} (${errnoCode(error)}); a later run removes it`;
    notify(line);
    // The record's notices were copied by the redaction above; this one joins them there too.
    redacted.safety?.notices.push(redactor.redactString(line));
  });
  return builtRecord({ ...redacted, launchEnv: record.launchEnv, ...(record.toolEnv ? { toolEnv: record.toolEnv } : {}) });
}

/** The last agent message of the last turn ("" when it sent none). */
function finalResponseOf(events: NormalizedEvent[]): string {
  let text = "";
  for (const event of events) {
    if (event.type === "turn.started") text = "";
    if (event.type === "item.completed" && event.item.type === "agent_message") text = event.item.text;
  }
  return text;
}

const asText = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value) ?? "undefined");
