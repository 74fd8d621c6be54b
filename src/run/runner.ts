// The runner: RunSpec in, RunRecord out. It is the only place that puts the pieces together —
// binary, provider, home, launch context, transport — and it always cleans up after itself.
import { randomBytes } from "node:crypto";
import { accessSync, constants, rmSync, statSync } from "node:fs";
import path from "node:path";
import { locateCodex } from "../codex/locate.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { parseHomeMode, plannedHomePath, prepareHome, type PreparedHome } from "../home/prepare.js";
import { warmHome } from "../home/template.js";
import { ambientCodexHome, cacheDir, defaultStateDir, resolvedPath, stateDir } from "../core/paths.js";
import { seedConfiguration } from "../home/seed.js";
import { changesSinceSeal, configText, controlFilePaths, controlFiles, describeChanges, writeSeal } from "../home/seal.js";
import { policyChange, type LoadedPolicy } from "../safety/policy-file.js";
import { recordWritableRoots } from "../safety/reach-history.js";
import { plantedLinkRoot, reachingRoot, reachReason, type SandboxReach } from "../safety/sandbox-reach.js";
import { diffSnapshots, snapshotHome } from "../home/snapshot.js";
import { launchContext } from "../launch/registry.js";
import { readCapture } from "../launch/env-capture.js";
import { toolEnvsFromRequests } from "../launch/tool-env.js";
import { MOCK_KEY_ENV, MOCK_TOKEN, providerOverrides } from "../mock/provider-config.js";
import { startMockProvider, type MockProvider } from "../mock/server.js";
import { applyAuth, authTargetState, planAuth } from "../home/auth.js";
import { mockAuthCheck } from "./mock-auth.js";
import { classifyLine } from "../observe/classify.js";
import { Redactor } from "../observe/redact.js";
import { learnHomeSecrets } from "../observe/secrets-of-home.js";
import type { NormalizedEvent, Usage } from "../transport/events.js";
import { buildExecArgs, type ExecResult } from "../transport/exec-jsonl.js";
import { startProviderTap, type ProviderTap } from "../transport/provider-tap.js";
import { transportFor } from "../transport/registry.js";
import { AppServerSession, buildAppServerArgs } from "../transport/app-server.js";
import type { ApprovalCallback } from "../codex/approvals.js";
import { ApprovalBroker } from "../safety/approval-broker.js";
import { auditRun, listMatches, matchEntries, ranEntries } from "./audit-run.js";
import { installExecRules } from "../safety/exec-rules.js";
import { gateRun } from "../safety/gate.js";
import { enterJail, jailLimits } from "./jail-plan.js";
import { stripSetIdBits } from "../safety/set-id.js";
import type { JailForwarder } from "../safety/jail-forward.js";
import { judge } from "./outcome.js";
import { RunController } from "./controller.js";
import { builtRecord, type RunRecord } from "./record.js";
import { runOptionsSchema, runSpecSchema, type RunOptions, type RunOptionsInput, type RunSpec, type RunSpecInput } from "./spec.js";
import type { z } from "zod";
import { asArgs } from "../codex/config-overrides.js";

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
  /** App-server only: aborting it interrupts the turn (turn/interrupt); the server stays up. */
  interrupt?: AbortSignal;
  /** Mock runs only: leave \`model\` to the home's configuration instead of the mock's own model name,
   *  so what a home sets reaches the capture (the lab's home-carry experiment measures it). */
  modelFromHome?: boolean;
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
}

/** --seed-config copies the ambient home into a fresh one: it means nothing for a home that is not
 *  made for the run. Error: usage. */
export function checkSeedConfig(spec: RunSpec, homeMode: string): void {
  if (spec.seedConfig && homeMode !== "isolated") throw new CodexHeadlessError("usage", `--seed-config seeds a fresh isolated home; --home ${homeMode} is not one (use --home isolated)`);
}

/** Combinations that cannot work, refused before anything starts. */
export function checkTransport(spec: Pick<RunOptions, "jail" | "context" | "transport" | "onApproval" | "approval" | "profile">, hooks: Pick<RunHooks, "onApproval" | "askApproval">): void {
  if (spec.jail && spec.context !== "direct") throw new CodexHeadlessError("usage", `--jail runs Codex directly; --context ${spec.context} needs the user's shell and its files, which the jail hides`);
  if (spec.transport === "exec") {
    if (spec.onApproval || hooks.onApproval) throw new CodexHeadlessError("usage", "--on-approval needs --transport app-server: codex exec cannot ask for approvals");
    // Measured on 0.169.0: exec takes the policy only as configuration, where "untrusted" is refused
    // ("approval_policy = \"untrusted\" is no longer supported"), after Codex has started.
    if (spec.approval === "untrusted") throw new CodexHeadlessError("usage", "--approval untrusted needs --transport app-server: codex exec refuses it (\"no longer supported\")");
    return;
  }
  if (spec.profile) throw new CodexHeadlessError("usage", "--profile needs --transport exec: codex app-server has no profile flag (use -c overrides)");
  if (spec.context === "pty") throw new CodexHeadlessError("usage", "--transport app-server speaks JSON-RPC over pipes; the pty context puts Codex on a terminal. Use another context");
  if (spec.onApproval === "ask" && !hooks.onApproval && !hooks.askApproval) {
    throw new CodexHeadlessError("usage", "--on-approval ask needs a terminal to ask on, and there is none; use accept or decline");
  }
}

/** The run's working directory must be an existing folder: otherwise the spawn of Codex (or of the
 *  launch context's shell) fails with ENOENT, which used to read as a Codex failure. Error: usage. */
export function checkWorkingDirectory(spec: RunSpec): void {
  const stat = statSync(spec.cwd, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new CodexHeadlessError("usage", `cwd ${spec.cwd}: ${stat ? "not a folder" : "no such folder"}`, { data: { path: spec.cwd } });
}

/** The run's images as absolute paths (relative ones taken from the run's cwd, where Codex would take
 *  them), each a readable file; checked before anything is spawned. Error: usage, naming the path. */
export function readableImages(spec: RunSpec): string[] {
  return spec.images.map((image) => {
    const file = path.resolve(spec.cwd, image);
    let why: string | undefined;
    try {
      if (!statSync(file).isFile()) why = "not a file";
      else accessSync(file, constants.R_OK);
    } catch (error) {
      why = errnoCode(error) === "ENOENT" ? "no such file" : `not readable (${errnoCode(error)})`;
    }
    if (why) throw new CodexHeadlessError("usage", `image ${image}: ${why}`, { data: { path: file } });
    return file;
  });
}

/** Codex reads image files outside the sandbox and sends their bytes to the model provider. An image
 *  path in the run's writable roots that is (or passes through) a link may have been pointed at
 *  anything by an earlier sandboxed command (a key file, sent as an "image"): refused, one line. */
function guardImages(reach: SandboxReach, spec: RunSpec, files: string[]): void {
  files.forEach((file, i) => {
    const root = plantedLinkRoot(reach, file);
    if (root) throw new CodexHeadlessError("usage", `image ${spec.images[i]}: a link where a sandboxed run can write (${reachReason(reach, root)}); give the file itself`, { data: { path: file, root } });
  });
}

/** Writes the turn's output schema where only we write (our state directory, checked by
 *  guardLocations to be out of the sandbox's reach): `codex exec` takes the schema only as a file. */
function writeSchemaFile(schema: unknown, env: NodeJS.ProcessEnv): string {
  const file = path.join(stateDir(env), "output-schemas", `${process.pid}-${randomBytes(8).toString("hex")}.json`);
  writeFileReplacing(file, JSON.stringify(schema), { mode: 0o600 });
  return file;
}

/** Input -> a value of `schema`, or a usage error naming the first issue in one line. */
function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // A message that already starts with its field's name is not prefixed again ("prompt: prompt is empty").
  const field = issue.path.join(".");
  const where = issue.path.length && !issue.message.startsWith(field) ? `${field}: ` : "";
  throw new CodexHeadlessError("usage", `${where}${issue.message}`, { data: { issues: parsed.error.issues } });
}

/** A spec, validated and its defaults resolved (run/spec.ts). Error: usage, one line. */
export function parseRunSpec(input: RunSpecInput): RunSpec {
  return parseWith(runSpecSchema, input);
}

/** A run's options without a prompt (a thread's, before any turn). Error: usage, one line. */
export function parseRunOptions(input: RunOptionsInput): RunOptions {
  return parseWith(runOptionsSchema, input);
}

/** Nothing we read or write unsandboxed may lie where this run's sandbox can write (DESIGN, "Safety
 *  rule"). Checked before anything is created. Errors: usage (exit 2), one line naming the path. */
function guardLocations(gate: { reach: SandboxReach; workspaceReach: SandboxReach }, spec: RunSpec, homeMode: string, hooks: RunHooks, env: NodeJS.ProcessEnv): void {
  const { reach, workspaceReach } = gate;
  if (reach.unbounded) return; // danger-full-access: the external sandbox is the boundary (a gate notice says so)
  // What we write after this run: judged against this run's reach (a link planted earlier is
  // replaced, not followed, by our writes), and never through a folder link an earlier run could plant.
  for (const output of hooks.outputs ?? []) {
    const root = reachingRoot(reach, output.path);
    if (root) throw new CodexHeadlessError("usage", `${output.flag} ${output.path} is writable by this run (${reachReason(reach, root)}): a command could plant links there that our writes after the run would follow`, { data: { path: output.path, root } });
    const linkRoot = plantedLinkRoot(workspaceReach, output.path);
    if (linkRoot) throw new CodexHeadlessError("usage", `${output.flag} ${output.path} passes through a link where a sandboxed run can write (under ${linkRoot}); give the real folder`, { data: { path: output.path, root: linkRoot } });
  }
  // What we read before and between runs: judged against what any sandboxed run here could write.
  const home = homeMode === "isolated" && !hooks.home ? undefined : (hooks.home?.path ?? plannedHomePath(homeMode, { cwd: spec.cwd, env }));
  const places = [
    { what: `codex-headless's state directory ${stateDir(env)}`, path: stateDir(env), why: "it holds homes and probe verdicts later runs trust; set CODEX_HEADLESS_STATE_DIR outside it" },
    { what: `codex-headless's cache directory ${cacheDir(env)}`, path: cacheDir(env), why: "it holds Codex binaries and probe results later runs trust; set CODEX_HEADLESS_CACHE_DIR outside it" },
    // The default ones too, when this run uses another: a later run without the variables trusts them.
    ...[...new Set([defaultStateDir(env), defaultStateDir({ ...env, XDG_STATE_HOME: undefined })])].map((dir) => ({
      what: `codex-headless's default state directory ${dir}`,
      path: dir,
      why: "runs that do not set CODEX_HEADLESS_STATE_DIR trust what it holds (homes, seals, the history of writable roots); run in a folder that does not contain it",
    })),
    ...(home === undefined
      ? []
      : [{ what: `CODEX_HOME ${home}`, path: home, why: "a command could change the configuration (notify, MCP servers) a run executes outside the sandbox; use --home isolated, repo, or a path outside the workspace" }]),
    // What --seed-config copies is configuration the run executes outside the sandbox, as above.
    ...(spec.seedConfig ? [{ what: `the ambient CODEX_HOME ${ambientCodexHome(env)} that --seed-config copies`, path: ambientCodexHome(env), why: "a command could plant configuration (notify, MCP servers) the seeded run would execute outside the sandbox; drop --seed-config" }] : []),
  ];
  for (const place of places) {
    const root = reachingRoot(workspaceReach, place.path);
    if (root) throw new CodexHeadlessError("usage", `${place.what} lies where a sandboxed run can write (${reachReason(workspaceReach, root)}): ${place.why}`, { data: { path: place.path, root } });
  }
  // The home's own control files may be links (dotfiles): Codex reads them through the link, so one
  // whose target a sandboxed run can write is as planted as the home itself (red team, issue 27).
  if (home !== undefined) {
    for (const relative of controlFilePaths(home)) {
      const target = resolvedPath(path.join(home, relative));
      const root = reachingRoot(workspaceReach, target);
      if (root) throw new CodexHeadlessError("usage", `CODEX_HOME ${home}'s ${relative} is a link to ${target}, which lies where a sandboxed run can write (${reachReason(workspaceReach, root)}): Codex runs what it names (notify, MCP servers) outside the sandbox; keep the file out of the workspace, or use --home isolated`, { data: { path: target, root } });
    }
  }
  // The copy never follows a link inside the ambient home; nor may its path pass through one a run planted.
  const seedLink = spec.seedConfig ? plantedLinkRoot(workspaceReach, ambientCodexHome(env)) : undefined;
  if (seedLink) throw new CodexHeadlessError("usage", `the ambient CODEX_HOME ${ambientCodexHome(env)} that --seed-config copies passes through a link where a sandboxed run can write (under ${seedLink}); drop --seed-config`, { data: { path: ambientCodexHome(env), root: seedLink } });
}

function finalResponseOf(events: NormalizedEvent[]): string {
  let text = "";
  for (const event of events) {
    if (event.type === "turn.started") text = "";
    if (event.type === "item.completed" && event.item.type === "agent_message") text = event.item.text;
  }
  return text;
}

export async function runOnce(input: RunSpecInput, hooks: RunHooks = {}): Promise<RunRecord> {
  const startedAt = Date.now();
  const spec = parseRunSpec(input);
  const homeMode = spec.home;
  parseHomeMode(homeMode, spec.cwd, hooks.env ?? process.env); // bad --home: refused before the gate's probe spawns anything
  checkSeedConfig(spec, hooks.home?.mode ?? homeMode);
  checkTransport(spec, hooks);
  checkWorkingDirectory(spec);
  const images = readableImages(spec);
  const baseEnv = hooks.env ?? process.env;
  const context = launchContext(spec.context);
  context.preflight?.(baseEnv);
  // The policy is checked before anything is spawned, even `codex --version`.
  let located: Awaited<ReturnType<typeof locateCodex>> | undefined;
  let gate: Awaited<ReturnType<typeof gateRun>>;
  try {
    gate = await gateRun(spec, { env: baseEnv, ...(hooks.alsoPolicy ? { alsoPolicy: hooks.alsoPolicy } : {}), ...(hooks.ownPolicy ? { ownPolicy: hooks.ownPolicy } : {}), locate: async () => (located ??= await locateCodex(spec.codex)).path });
  } catch (error) {
    // An interrupt kills the sandbox probe too; its failure then says nothing about the sandbox.
    if (hooks.signal?.aborted) throw new CodexHeadlessError("interrupted", "interrupted before Codex started (during the preflight)", { cause: error });
    throw error;
  }
  if (hooks.signal?.aborted) throw new CodexHeadlessError("interrupted", "interrupted before Codex started");
  guardLocations(gate, spec, homeMode, hooks, baseEnv);
  guardImages(gate.workspaceReach, spec, images);
  const notices: string[] = [];
  const notify = (line: string) => {
    notices.push(line);
    hooks.onNotice?.(line);
  };
  gate.notices.forEach(notify);
  const codex = located ?? (await locateCodex(spec.codex));

  // Bad credentials fail here, before anything is created; the mock then checks the token by hash.
  const auth = spec.auth ? planAuth(spec.auth, baseEnv) : undefined;
  // A home that already exists must not hold an auth.json we would replace (checked again on apply).
  if (auth && (hooks.home || (homeMode !== "isolated" && homeMode !== "ambient"))) authTargetState(auth, hooks.home?.path ?? plannedHomePath(homeMode, { cwd: spec.cwd, env: baseEnv }));
  // Everything acquired from here on is released by one controller, latest first, on every path.
  const controller = new RunController(hooks.signal);
  let succeeded = false;
  try {
    let mock = hooks.mock;
    if (spec.provider === "mock" && !mock) {
      const started = await startMockProvider({ scenario: spec.scenario, options: spec.scenarioOptions, ...mockAuthCheck(auth) });
      controller.defer("the mock provider", () => started.close());
      mock = started;
    }
    if (spec.provider !== "mock") mock = undefined;
    let home: PreparedHome;
    if (hooks.home) home = hooks.home;
    else {
      const prepared = prepareHome(homeMode, { cwd: spec.cwd, env: baseEnv, keep: spec.keepHome });
      controller.defer("the home", async () => {
        const kept = await prepared.releaseAsync(spec.keepHome);
        if (kept) hooks.onHomeKept?.(kept);
      });
      prepared.notices?.forEach(notify);
      home = prepared;
    }
    // A fresh isolated home (a thread's first turn included) starts from the binary's home template.
    await warmHome(home, codex.path, baseEnv);
    // A home that outlives runs: its configuration must be what our last run left (see home/seal.ts).
    const sealed = home.mode === "repo" || home.mode === "path";
    if (sealed) {
      const changed = changesSinceSeal(home.path, baseEnv, { ours: home.mode === "repo" });
      if (changed.length > 0) {
        throw new CodexHeadlessError(
          "refused",
          `refused: CODEX_HOME ${home.path} changed since codex-headless last ran in it (${changed.join(", ")}), and not by a run of ours; look at it, then accept it with \`codex-headless home accept ${home.path}\``,
          { data: { rule: "home seal", source: home.path, changed } },
        );
      }
    }
    // Seeded once per home (a thread's later turns find it seeded), after every location was judged.
    if (spec.seedConfig && !home.seeded) {
      home.seeded = seedConfiguration(ambientCodexHome(baseEnv), home.path);
      for (const skipped of home.seeded.skipped) notify(`--seed-config: ${skipped.path} not copied: ${skipped.why}`);
    }
    hooks.onChecked?.();
    hooks.onCodex?.({ version: codex.version, path: codex.path, source: codex.source });
    // From here on Codex may run: later runs judge what they read against this run's roots too.
    // A jailed run writes its workspace whatever its mode: its roots join the history as well.
    // Codex shields the cwd's `.git` and `.codex` only inside its own workspace-write sandbox.
    if (gate.reach.sandbox === "workspace-write" || spec.jail) recordWritableRoots(gate.reach, spec.cwd, baseEnv, gate.sandbox === "workspace-write");
    if (home.mode !== "ambient") installExecRules(home.path, gate.execRules);
    // A jailed run's commands can write its home (danger-full-access inside the jail). Kept, that home
    // is a `--home PATH` no seal describes, and the next run, jailed or not, ran what the jailed
    // command planted there (notify, MCP servers; red team, issue 27): it is sealed as it was before
    // Codex started, so a later run with it is refused until `home accept`.
    const jailKept = spec.jail && spec.keepHome && home.mode === "isolated" && !hooks.home;
    const controlBefore = home.mode === "isolated" && !jailKept ? undefined : { files: controlFiles(home.path), config: configText(home.path) };
    const env: NodeJS.ProcessEnv = { ...(auth ? await applyAuth(auth, home, codex.path, baseEnv) : baseEnv), CODEX_HOME: home.path };
    if (mock && !auth) env[MOCK_KEY_ENV] = MOCK_TOKEN;
    let schemaFile: string | undefined;
    if (spec.outputSchema && spec.transport === "exec") {
      const written = writeSchemaFile(spec.outputSchema, baseEnv);
      controller.defer("the output schema file", () => rmSync(written, { force: true }));
      schemaFile = written;
    }
    // A thread's live app-server session is reused, with the argv (and the tap) its first turn gave it.
    const reusing = Boolean(hooks.appServer?.session?.alive);
    // With an idle limit, Codex talks to the provider through a tap whose bytes are the model's signs
    // of life (transport/provider-tap.ts): exec prints no event while an answer streams (issue 20).
    let tap: ProviderTap | undefined = mock && spec.idleTimeoutMs && !reusing ? await startProviderTap(mock.baseUrl) : undefined;
    // An app-server session that takes the tap over (its argv names it) closes it with the session.
    controller.defer("the provider tap", () => tap?.close());
    const providerUrl = tap?.url ?? mock?.baseUrl;
    const configOverrides = [...(mock && providerUrl ? providerOverrides({ baseUrl: providerUrl, envKey: MOCK_KEY_ENV, auth: auth ? "openai-auth" : "env-key", ...(hooks.modelFromHome ? { model: null } : {}) }) : []), ...gate.overrides, ...asArgs(spec.config)];
    const codexArgs =
      spec.transport === "app-server"
        ? buildAppServerArgs(configOverrides)
        : buildExecArgs({
            cwd: spec.cwd,
            ...(gate.sandbox ? { sandbox: gate.sandbox } : {}),
            ...((spec.approval ?? gate.approval) ? { approval: spec.approval ?? gate.approval } : {}),
            configOverrides,
            ...(spec.resumeThreadId ? { resumeThreadId: spec.resumeThreadId } : {}),
            ephemeral: spec.ephemeral,
            ...(spec.profile ? { profile: spec.profile } : {}),
            images,
            ...(schemaFile ? { outputSchemaFile: schemaFile } : {}),
          });
    const unjailed = await context.plan({ codexPath: codex.path, codexArgs, env, cwd: spec.cwd });
    const launchKey = hooks.appServer?.relaunchOnChange ? JSON.stringify([unjailed.command, unjailed.args, Object.entries(unjailed.env).sort(([a], [b]) => (a < b ? -1 : 1))]) : undefined;
    if (launchKey !== undefined && hooks.appServer?.session?.alive && hooks.appServer.launchKey !== launchKey) await hooks.appServer.session.close();
    // A thread's live jailed app-server session is reused with the jail it runs in.
    const jailed = spec.jail && !reusing ? await enterJail({ spec, policy: gate.policy, plan: unjailed, codexHome: home.path, codexPath: codex.path, env: baseEnv, ...(providerUrl ? { providerUrl } : {}) }) : undefined;
    const jail = jailed?.forwarder;
    // A thread's app-server session outlives this turn, and with it its jail (closed with the session).
    if (jail) {
      controller.defer("the jail", async () => {
        if (hooks.appServer?.session?.alive) return;
        await jail.close();
        if (hooks.appServer?.jail === jail) delete hooks.appServer.jail;
      });
    }
    if (jailed && hooks.appServer) {
      if (hooks.appServer.jail !== jailed.forwarder) await hooks.appServer.jail?.close(); // a dead session's
      hooks.appServer.jail = jailed.forwarder;
    }
    const plan = jailed?.plan ?? unjailed;
    /** Reads (and removes) a shell context's capture of what Codex got; the $TMPDIR in it, which
     *  Codex made writable, joins the history of writable roots (rc files can move it). */
    const settleCapture = (): Record<string, string> | undefined => {
      const got = plan.capture ? readCapture(plan.capture) : undefined;
      if (got && gate.reach.sandbox === "workspace-write") recordWritableRoots(gate.reachFor(got), spec.cwd, baseEnv);
      return got;
    };
    // A kept home is one the caller will look at: record what this run changed in it.
    const homeBefore = spec.keepHome ? snapshotHome(home.path) : undefined;
    // Known before Codex starts, so streamed events and stderr lines are redacted too, not only the record.
    const redactor = new Redactor();
    redactor.addSecretsFromEnv(plan.env);
    learnHomeSecrets(redactor, home.path);
    const onEvent = hooks.onEvent;
    const onStderrLine = hooks.onStderrLine;

    const limits = {
      // --timeout is the run's overall limit: the preflight (sandbox probe) and set-up already spent
      // part of it.
      totalMs: Math.max(1, spec.timeoutMs - (Date.now() - startedAt)),
      ...(spec.idleTimeoutMs ? { idleMs: spec.idleTimeoutMs } : {}),
      ...(spec.firstEventTimeoutMs ? { firstEventMs: spec.firstEventTimeoutMs } : {}),
    };
    const streaming = {
      signal: controller.signal,
      ...(onEvent ? { onEvent: (event: NormalizedEvent) => onEvent(redactor.redactDeep(event)) } : {}),
      ...(onStderrLine ? { onStderrLine: (line: string) => onStderrLine(redactor.redactString(line)) } : {}),
    };
    const broker = spec.transport === "app-server" ? new ApprovalBroker(gate.policy, hooks.onApproval ?? spec.onApproval, hooks.askApproval) : undefined;
    let argv = [plan.command, ...plan.args];
    const transport = transportFor(spec.transport, plan.stdio);
    const driveStartedMs = Date.now();
    let result: ExecResult;
    let codexApplied: { approvalPolicy: unknown; sandbox: unknown } | undefined;
    try {
      if (transport.lifetime === "session" && broker) {
        const holder = hooks.appServer ?? {};
        const reused = holder.session?.alive ? holder.session : undefined;
        const session = reused ?? new AppServerSession({ command: plan.command, args: plan.args, env: plan.env, cwd: spec.cwd }, tap);
        if (!reused) {
          // The session owns the tap its argv names: it is closed with the session.
          tap = undefined;
          holder.argv = argv;
          if (launchKey !== undefined) holder.launchKey = launchKey;
        }
        holder.session = session;
        argv = holder.argv ?? argv;
        const turn = await session.runTurn(
          {
            cwd: spec.cwd,
            ...(gate.sandbox ? { sandbox: gate.sandbox } : {}),
            ...((spec.approval ?? gate.approval) ? { approval: spec.approval ?? gate.approval } : {}),
            ephemeral: spec.ephemeral,
            ...(spec.resumeThreadId ? { resumeThreadId: spec.resumeThreadId } : {}),
          },
          { prompt: spec.prompt, images, ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}), limits, ...streaming, approve: (question) => broker.decide(question), onUnanswered: (method) => broker.recordUnanswered(method), ...(hooks.onUsage ? { onUsage: hooks.onUsage } : {}), ...(hooks.interrupt ? { interrupt: hooks.interrupt } : {}) },
        );
        codexApplied = session.applied;
        // A run of its own closes its server; a thread's stays for the next turn.
        result = hooks.appServer ? turn : { ...turn, exit: await session.close(), stderrLines: [...turn.stderrLines, ...session.takeStderr()], processAlive: false };
      } else if (transport.lifetime === "turn") {
        result = await transport.run({ command: plan.command, args: plan.args, env: plan.env, cwd: spec.cwd, input: spec.prompt, limits, ...streaming, ...(tap ? { signsOfLife: tap } : {}) });
      } else {
        throw new Error(`transport ${transport.kind} needs an approval broker`);
      }
    } catch (error) {
      settleCapture(); // removes the capture folder
      throw error;
    }
    // Nothing reads a run's own home once Codex is gone: it is removed while the record is made (the
    // release above awaits the same removal, so no record is returned before the home is gone).
    if (!hooks.home && !hooks.appServer && !spec.keepHome) home.releaseAsync(false).catch(() => {});
    if (controlBefore) {
      const after = controlFiles(home.path);
      for (const line of describeChanges(controlBefore.files, after, { before: controlBefore.config, after: configText(home.path) })) notify(`Codex changed ${home.mode} home ${home.path} during the run: ${line}`);
      if (sealed) writeSeal(home.path, baseEnv, after);
      else if (jailKept) writeSeal(home.path, baseEnv, controlBefore.files);
    }
    // A set-user-ID program a jailed command left in the workspace would run as its owner (safety/set-id.ts).
    if (spec.jail) for (const file of stripSetIdBits(spec.cwd, driveStartedMs)) notify(`--jail: took the set-user-ID/set-group-ID bit off ${file}, which a jailed command set`);
    // The command lists, checked against what Codex reported running: on exec nobody could answer an
    // approval, so the deny list is advisory there, and what got through is said, not hidden.
    const matches = await listMatches(gate.policy, result.events);
    for (const match of matches) notify(`${spec.transport === "exec" ? "advisory deny list" : "command list not enforced"}: \`${match.command}\` ran (${match.rule})`);
    const policyMoved = policyChange(gate.loaded);
    if (policyMoved) notify(`${policyMoved}; the policy read before the run governed it`);
    // A shell context's rc files changed the environment after we spawned it: record what Codex got.
    const captured = settleCapture();
    if (hooks.appServer && captured && !hooks.appServer.launchEnv) hooks.appServer.launchEnv = captured;
    const launchEnv = hooks.appServer?.launchEnv ?? (plan.capture ? (captured ?? {}) : plan.env);
    const verdict = judge(result, { timeoutMs: spec.timeoutMs });
    const requests = mock ? mock.requests.slice(hooks.mockRequestsFrom ?? 0) : [];
    const toolEnv = spec.scenario === "env" ? toolEnvsFromRequests(requests).at(-1) : undefined;
    const unknown = result.events.filter((event) => event.type === "unknown");
    const completed = result.events.filter((event) => event.type === "turn.completed").at(-1);
    const started = result.events.find((event) => event.type === "thread.started");

    const keep = spec.keepHome && !hooks.home;
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
      home: { path: home.path, mode: home.mode, kept: keep || !home.temporary, ...(home.seeded ? { seeded: home.seeded } : {}), ...(homeBefore ? { diff: diffSnapshots(homeBefore, snapshotHome(home.path)) } : {}) },
      provider: { kind: spec.provider, ...(mock ? { scenario: mock.scenario, baseUrl: providerUrl ?? mock.baseUrl } : {}), requests },
      audit: broker ? [...gate.audit, ...broker.entries, ...ranEntries(result.events), ...matchEntries(matches)] : auditRun(gate, result.events, requests, matches),
      safety: {
        policy: { source: gate.source, origin: gate.loaded.origin, ...(gate.loaded.sha256 ? { sha256: gate.loaded.sha256 } : {}) },
        sandbox: { mode: gate.reach.sandbox, writableRoots: gate.reach.roots },
        ...(gate.approval ?? spec.approval ? { approval: spec.approval ?? gate.approval } : {}),
        ...(codexApplied ? { codexApplied: { approvalPolicy: asText(codexApplied.approvalPolicy), sandbox: asText(codexApplied.sandbox) } } : {}),
        ...(matches.length > 0 ? { listMatches: matches.map(({ command, rule, exitCode }) => ({ command, rule, exitCode })) } : {}),
        ...(jailed || (spec.jail && hooks.appServer?.jail) ? { jail: { ...(jailed?.limits ?? jailLimits(gate.policy, spec.timeoutMs)), endpoints: (jailed?.forwarder ?? hooks.appServer!.jail!).connections() } } : {}),
        notices,
      },
    };
    redactor.addSecretsFromEnv(launchEnv);
    record.launchEnv = redactor.redactEnv(launchEnv);
    if (record.toolEnv) record.toolEnv = redactor.redactEnv(record.toolEnv);
    const redacted = redactor.redactDeep({ ...record, launchEnv: {}, toolEnv: undefined });
    const built = builtRecord({ ...redacted, launchEnv: record.launchEnv, ...(record.toolEnv ? { toolEnv: record.toolEnv } : {}) });
    succeeded = true;
    return built;
  } finally {
    const failures = await controller.release();
    // A failed release is said only when it is the run's one failure (the run's own error wins).
    if (succeeded && failures[0]) throw failures[0];
  }
}

const asText = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value) ?? "undefined");
