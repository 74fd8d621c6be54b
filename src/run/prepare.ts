// The runner's first stage: a spec and the caller's hooks in, everything a turn needs out — checks,
// the gate, the binary, the provider (and its tap), the home, the launch context's plan, the jail —
// or a refusal before anything is created. What it acquires is handed to the run's one controller.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import path from "node:path";
import { unknownConfigKeyNotices } from "../codex/config-key-check.js";
import { locateCodex, type CodexBinary } from "../codex/locate.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { plannedHomePath, prepareHome, type PreparedHome } from "../home/prepare.js";
import { guardImages, guardLocations, guardStateDirs } from "./guard-locations.js";
import { defaultWorkspaceReach } from "../safety/sandbox-reach.js";
import { warmHome } from "../home/template.js";
import { ambientCodexHome, stateDir } from "../core/paths.js";
import { seedConfiguration } from "../home/seed.js";
import { changesSinceSeal, configText, controlFiles, type ControlFiles } from "../home/seal.js";
import { homeDotenvAdditions } from "../home/dotenv.js";
import { recordWritableRoots } from "../safety/reach-history.js";
import { snapshotHome, type HomeSnapshot } from "../home/snapshot.js";
import { launchContext } from "../launch/registry.js";
import type { LaunchPlan } from "../launch/context.js";
import { readCapture } from "../launch/env-capture.js";
import { measureLaunchEnv } from "../launch/measure.js";
import { launchMockToken, MOCK_KEY_ENV, providerOverrides } from "../mock/provider-config.js";
import { sha256Hex, startMockProvider, type MockProvider } from "../mock/server.js";
import { applyAuth, authTargetState, planAuth } from "../home/auth.js";
import { mockAuthCheck } from "./mock-auth.js";
import { Redactor } from "../observe/redact.js";
import { learnHomeSecrets, learnSetSecrets } from "../observe/secrets-of-home.js";
import { buildExecArgs } from "../transport/exec-jsonl.js";
import { startRunTap, type RunTap } from "./tap-plan.js";
import type { RunRecord } from "./record.js";

/** A run's signs of life from the provider: the tap's, or the jail forwarder's. */
type SignsOfLifeTap = RunTap["signs"];
import { ApprovalBroker } from "../safety/approval-broker.js";
import { installExecRules } from "../safety/exec-rules.js";
import { gateRun, type GateResult } from "../safety/gate.js";
import { enterJail, type JailedPlan } from "./jail-plan.js";
import { RunController } from "./controller.js";
import { checkSpec } from "./check-spec.js";
import type { RunHooks } from "./hooks.js";
import type { RunSpec } from "./spec.js";
import { asArgs } from "../codex/config-overrides.js";

/** A run set up and not yet started: what the drive and build-record stages read. */
export interface PreparedRun {
  spec: RunSpec;
  hooks: RunHooks;
  /** Epoch ms when the run was asked for: --timeout counts the set-up too. */
  startedAt: number;
  /** The caller's environment (else ours): the base of Codex's. */
  baseEnv: NodeJS.ProcessEnv;
  gate: GateResult;
  codex: CodexBinary;
  /** Releases everything acquired, on every path (the runner calls release). */
  controller: RunController;
  /** The record's `safety.notices`, in order; notify adds one and tells the caller. */
  notices: string[];
  notify: (line: string) => void;
  images: string[];
  mock?: MockProvider;
  /** Where this run's requests begin in the mock's log: the caller's `mockRequestsFrom`, else, on a
   *  mock the caller shares (`hooks.mock`) or a thread's kept one (`hooks.keep.mock`), its length
   *  when the run began, else 0. */
  mockRequestsFrom: number;
  /** The hash of the token this run's Codex sends the mock (mock/provider-config.ts launchMockToken),
   *  when the run carries no credentials of its own: only requests bearing it are the run's. */
  mockBearerSha256?: string;
  home: PreparedHome;
  /** The home is this run's own (not a thread's or a lane's). */
  ownsHome: boolean;
  /** Set when build-record said in the record that the home could not be removed. */
  homeRemoval: { said: boolean };
  /** A home that outlives runs, sealed (home/seal.ts). */
  sealed: boolean;
  /** A jailed run's kept isolated home, sealed as it was before Codex started. */
  jailKept: boolean;
  /** The home's control files before Codex started (homes whose changes are said). */
  controlBefore?: { files: ControlFiles; config: string };
  /** A kept home's snapshot before the run (the record's home diff). */
  homeBefore?: HomeSnapshot;
  /** The provider tap this run still owns (an app-server session that takes it over clears it). */
  tap: { current?: SignsOfLifeTap };
  /** What the record says about the tap (RunRecord provider.tap). */
  describeTap?: () => NonNullable<RunRecord["provider"]["tap"]>;
  /** The provider's URL Codex is given (the tap's, else the mock's). */
  providerUrl?: string;
  /** The launch plan (jailed, when jailed) and the argv the record names. */
  plan: LaunchPlan;
  jailed?: JailedPlan;
  /** A relaunchOnChange holder's key for this plan. */
  launchKey?: string;
  /** Known before Codex starts, so streamed events and stderr lines are redacted too. */
  redactor: Redactor;
  /** App-server: answers approvals by the policy, the caller's callback or a person. */
  broker?: ApprovalBroker;
  /** Reads (and removes) a shell context's capture of what Codex got (see prepareRun). */
  settleCapture: () => Record<string, string> | undefined;
}

/**
 * Stage one of a run: every check (checkSpec, the gate, the locations, the home's seal), then the
 * set-up in order — mock provider, home, seed, exec rules, auth, schema file, tap, launch plan, jail.
 * A refusal throws (usage, refused, interrupted) having created nothing the caller keeps; a failure
 * half-way releases what was acquired. On success the caller owns `controller` and must release it.
 */
export async function prepareRun(spec: RunSpec, hooks: RunHooks, startedAt: number): Promise<PreparedRun> {
  const homeMode = spec.home;
  // A home the caller keeps across runs: given, or made by a thread's first run and kept since.
  const givenHome = hooks.home ?? hooks.keep?.home;
  const baseEnv = hooks.env ?? process.env;
  const { images } = checkSpec(spec, { ...hooks, ...(givenHome ? { home: givenHome } : {}) });
  // Before the gate reads what our state directory holds (probe verdicts, parsed start-up files, the
  // history of writable roots): one a sandboxed run in this workspace could write is refused first.
  // danger-full-access skips the location checks (the external sandbox is the boundary).
  if (spec.sandbox !== "danger-full-access") guardStateDirs(defaultWorkspaceReach(spec.cwd, baseEnv), baseEnv);
  const context = launchContext(spec.context);
  context.preflight?.(baseEnv);
  // The policy is checked before anything is spawned, even `codex --version`.
  let located: CodexBinary | undefined;
  let gate: GateResult;
  try {
    gate = await gateRun(spec, { env: baseEnv, ...(hooks.alsoPolicy ? { alsoPolicy: hooks.alsoPolicy } : {}), ...(hooks.ownPolicy ? { ownPolicy: hooks.ownPolicy } : {}), locate: async () => (located ??= await locateCodex(spec.codex)).path });
  } catch (error) {
    // An interrupt kills the sandbox probe too; its failure then says nothing about the sandbox.
    if (hooks.signal?.aborted) throw new CodexHeadlessError("interrupted", "interrupted before Codex started (during the preflight)", { cause: error });
    throw error;
  }
  if (hooks.signal?.aborted) throw new CodexHeadlessError("interrupted", "interrupted before Codex started");
  guardLocations(gate, spec, homeMode, { ...(hooks.outputs ? { outputs: hooks.outputs } : {}), ...(givenHome ? { home: givenHome } : {}) }, baseEnv);
  guardImages(gate.workspaceReach, spec, images);
  const notices: string[] = [];
  const notify = (line: string) => {
    notices.push(line);
    hooks.onNotice?.(line);
  };
  gate.notices.forEach(notify);
  const codex = located ?? (await locateCodex(spec.codex));
  for (const line of await unknownConfigKeyNotices(codex.path, codex.version, spec.config, baseEnv)) notify(line);

  // Bad credentials fail here, before anything is created; the mock then checks the token by hash.
  const auth = spec.auth ? planAuth(spec.auth, baseEnv) : undefined;
  // A home that already exists must not hold an auth.json we would replace (checked again on apply).
  if (auth && (givenHome || (homeMode !== "isolated" && homeMode !== "ambient"))) authTargetState(auth, givenHome?.path ?? plannedHomePath(homeMode, { cwd: spec.cwd, env: baseEnv }));
  // Counted before anything is started: a request from here on may be this run's.
  // A thread's later turns run on the mock its first turn kept: their records start after its log.
  const mockRequestsFrom = hooks.mockRequestsFrom ?? (hooks.mock ?? hooks.keep?.mock)?.requests.length ?? 0;
  // Everything acquired from here on is released by one controller, latest first, on every path.
  const controller = new RunController(hooks.signal);
  try {
    let mock = hooks.mock ?? hooks.keep?.mock;
    if (spec.provider === "mock" && !mock) {
      // A mock kept for later turns (a library thread's) must not keep the caller's process alive.
      const started = await startMockProvider({ scenario: spec.scenario ?? "hello", options: spec.scenarioOptions, ...mockAuthCheck(auth), ...(hooks.keep ? { unref: true } : {}) });
      if (hooks.keep) hooks.keep.mock = started;
      else controller.defer("the mock provider", () => started.close());
      mock = started;
    }
    if (spec.provider !== "mock") mock = undefined;
    const homeRemoval = { said: false };
    let home: PreparedHome;
    if (givenHome) home = givenHome;
    else {
      const prepared = prepareHome(homeMode, { cwd: spec.cwd, env: baseEnv, keep: spec.keepHome });
      if (hooks.keep) hooks.keep.home = prepared;
      else {
        controller.defer("the home", async () => {
          // The same removal build-record may have started early (a failure it said in the record is
          // not said again).
          const kept = await prepared.releaseAsync(spec.keepHome).catch((error: unknown) => {
            if (!homeRemoval.said) throw error;
            return undefined;
          });
          if (kept) hooks.onHomeKept?.(kept);
        });
      }
      prepared.notices?.forEach(notify);
      home = prepared;
    }
    // A home the caller keeps (a thread's, a lane's) is the caller's to keep or remove.
    const ownsHome = !hooks.home && !hooks.keep;
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
    // Codex loads the home's `.env` into its own environment as it starts (variables not already set):
    // the programs it runs on the host see them, so they are judged as the caller's are (red team 27:
    // a BASH_ENV there naming a file in the workspace ran on the host at the next run).
    const dotenv = homeDotenvAdditions(home.path, baseEnv);
    // A TMPDIR there is a writable root of Codex's workspace-write sandbox that the gate, the locations
    // and the history of writable roots never saw (they take the caller's): refused, not guessed at.
    if (dotenv.TMPDIR !== undefined && gate.reach.sandbox === "workspace-write") {
      throw new CodexHeadlessError("refused", `refused by policy: launch environment — CODEX_HOME's .env (${path.join(home.path, ".env")}) sets TMPDIR=${dotenv.TMPDIR}, which Codex's workspace-write sandbox makes writable, and the gate judged the caller's; set TMPDIR in the environment instead (${gate.source})`, { data: { rule: "launch environment", source: gate.source } });
    }
    if (Object.keys(dotenv).length > 0) for (const line of await gate.judgeLaunchEnv({ ...baseEnv, ...dotenv }, `the variables CODEX_HOME's .env gives Codex (${path.join(home.path, ".env")})`)) notify(line);
    // Seeded once per home (a thread's later turns find it seeded), after every location was judged.
    if (spec.seedConfig && !home.seeded) {
      home.seeded = seedConfiguration(ambientCodexHome(baseEnv), home.path);
      for (const skipped of home.seeded.skipped) notify(`${optionName("seedConfig")}: ${skipped.path} not copied: ${skipped.why}`);
    }
    // `codex exec --profile NAME` layers NAME.config.toml of the home, and without one runs on the base
    // configuration without a word (a newcomer trial; the lab's home-carry finding measures it). Said,
    // not refused: what Codex does then is what the lab measures, and the older [profiles.NAME] table
    // of config.toml is Codex's to accept or refuse (local-state-config).
    if (spec.profile && !existsSync(path.join(home.path, `${spec.profile}.config.toml`)) && !hasProfileTable(home.path, spec.profile)) {
      const hint = home.mode === "isolated" && !spec.seedConfig ? `; a fresh isolated home has no profiles: ${optionName("seedConfig")} copies the ambient home's` : "";
      notify(`${optionName("profile", spec.profile)}: no ${spec.profile}.config.toml in CODEX_HOME ${home.path}, so codex exec runs on the base configuration${hint}`);
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
    const jailKept = spec.jail && spec.keepHome && home.mode === "isolated" && ownsHome;
    const controlBefore = home.mode === "isolated" && !jailKept ? undefined : { files: controlFiles(home.path), config: configText(home.path) };
    const env: NodeJS.ProcessEnv = { ...(auth ? await applyAuth(auth, home, codex.path, baseEnv) : baseEnv), CODEX_HOME: home.path };
    const mockToken = mock && !auth ? launchMockToken(mock.baseUrl, home.path) : undefined;
    if (mockToken) env[MOCK_KEY_ENV] = mockToken;
    let schemaFile: string | undefined;
    if (spec.outputSchema && spec.transport === "exec") {
      const written = writeSchemaFile(spec.outputSchema, baseEnv);
      controller.defer("the output schema file", () => rmSync(written, { force: true }));
      schemaFile = written;
    }
    // A relaunchOnChange holder (a pool lane) relaunches its session when this launch differs from the
    // one it runs; the tap is left out of the comparison: each launch has its own, and a key with it
    // relaunched every second task of a lane, then without a tap (it was started only for a new session).
    const launchKey = hooks.appServer?.relaunchOnChange ? JSON.stringify([spec.transport, spec.context, codex.path, mock?.baseUrl, Boolean(auth), gate.overrides, spec.config, hooks.modelFromHome ?? false, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))]) : undefined;
    // A server launched without a tap is relaunched for the first run with an idle limit, or that limit
    // would count Codex's events only (the tap is named in the server's argv and environment).
    if (launchKey !== undefined && hooks.appServer?.session?.alive && (hooks.appServer.launchKey !== launchKey || (spec.idleTimeoutMs && !hooks.appServer.tap))) await hooks.appServer.session.close();
    // A thread's live app-server session is reused, with the argv (and the tap) its first turn gave it.
    const reusing = Boolean(hooks.appServer?.session?.alive);
    // With an idle limit, Codex talks to the provider through a tap whose bytes are the model's signs
    // of life (transport/provider-tap.ts): exec prints no event while an answer streams (issue 20).
    // An https provider's tap is a proxy in Codex's environment, kept from its tools (run/tap-plan.ts).
    const tapped = reusing ? {} : await startRunTap({ spec, mock, env, policy: gate.policy });
    if (tapped.notice) notify(tapped.notice);
    const tap: { current?: SignsOfLifeTap } = tapped.tap ? { current: tapped.tap.signs } : {};
    // An app-server session that takes the tap over (its argv names it) closes it with the session.
    controller.defer("the provider tap", () => tap.current?.close());
    for (const [name, value] of Object.entries(tapped.tap?.codexEnv ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const providerUrl = tapped.tap?.baseUrl ?? mock?.baseUrl;
    const configOverrides = [...(mock && providerUrl ? providerOverrides({ baseUrl: providerUrl, envKey: MOCK_KEY_ENV, auth: auth ? "openai-auth" : "env-key", ...(hooks.modelFromHome ? { model: null } : {}) }) : []), ...gate.overrides, ...asArgs(spec.config), ...asArgs(tapped.tap?.toolOverrides ?? [])];
    // The app-server transport's module (its session, protocol mapping and their schemas) is loaded
    // only by a run that uses it: an exec run spawns sooner without compiling it.
    const codexArgs =
      spec.transport === "app-server"
        ? (await import("../transport/app-server.js")).buildAppServerArgs(configOverrides)
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
    // A shell context hands Codex the environment its start-up files made, and the tool context a
    // reduced one, which the gate has not seen: measured (a shell run once, exec'ing nothing) and
    // judged before Codex starts (red team 18).
    const measured = await measureLaunchEnv(context, { env, cwd: spec.cwd });
    if (measured && "failed" in measured) {
      throw new CodexHeadlessError("refused", `refused by policy: launch environment — what the ${spec.context} context hands Codex after its shell's start-up files could not be measured before Codex starts (${measured.failed}), so it cannot be judged (${gate.source})`, { data: { rule: "launch environment", source: gate.source } });
    }
    if (measured) for (const line of await gate.judgeLaunchEnv(measured.env, `the environment the ${spec.context} context hands Codex${measured.shell ? " (after its shell's start-up files)" : ""}`)) notify(line);
    const unjailed = await context.plan({ codexPath: codex.path, codexArgs, env, cwd: spec.cwd });
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
    // A jailed https run's tap is the jail's forwarder (run/tap-plan.ts).
    if (tapped.fromJail && jailed) tap.current = jailed.forwarder.providerBytes;
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
    const redactor = new Redactor();
    redactor.addSecretsFromEnv(plan.env);
    learnHomeSecrets(redactor, home.path, spec.profile);
    learnSetSecrets(redactor, [...gate.overrides, ...spec.config]);
    const broker = spec.transport === "app-server" ? new ApprovalBroker(gate.policy, hooks.onApproval ?? spec.onApproval, hooks.askApproval, controller.signal) : undefined;
    return {
      spec,
      hooks,
      startedAt,
      baseEnv,
      gate,
      codex,
      controller,
      notices,
      notify,
      images,
      ...(mock ? { mock } : {}),
      mockRequestsFrom,
      ...(mockToken ? { mockBearerSha256: sha256Hex(mockToken) } : {}),
      home,
      ownsHome,
      homeRemoval,
      sealed,
      jailKept,
      ...(controlBefore ? { controlBefore } : {}),
      ...(homeBefore ? { homeBefore } : {}),
      tap,
      ...(tapped.tap ? { describeTap: () => tapped.tap!.describe() } : reusing && hooks.appServer?.tap?.describe ? { describeTap: sinceNow(hooks.appServer.tap.describe) } : tapped.fromJail && jailed ? { describeTap: () => ({ kind: "jail" as const, bytesFromProvider: jailed.forwarder.providerBytes.bytes }) } : {}),
      ...(providerUrl ? { providerUrl } : {}),
      plan,
      ...(jailed ? { jailed } : {}),
      ...(launchKey !== undefined ? { launchKey } : {}),
      redactor,
      ...(broker ? { broker } : {}),
      settleCapture,
    };
  } catch (error) {
    // The run's own error wins over a failed release.
    await controller.release();
    throw error;
  }
}

/** A reused session's tap described for this run: only the bytes from here on are the run's. */
function sinceNow(describe: () => NonNullable<RunRecord["provider"]["tap"]>): () => NonNullable<RunRecord["provider"]["tap"]> {
  const before = describe().bytesFromProvider;
  return () => {
    const now = describe();
    return { ...now, bytesFromProvider: now.bytesFromProvider - before };
  };
}

/** Writes the turn's output schema where only we write (our state directory, checked by
 *  guardLocations to be out of the sandbox's reach): `codex exec` takes the schema only as a file. */
function writeSchemaFile(schema: unknown, env: NodeJS.ProcessEnv): string {
  const file = path.join(stateDir(env), "output-schemas", `${process.pid}-${randomBytes(8).toString("hex")}.json`);
  writeFileReplacing(file, JSON.stringify(schema), { mode: 0o600 });
  return file;
}

/** Whether the home's config.toml has a `[profiles.NAME]` table (read as TOML; unreadable: no). */
function hasProfileTable(home: string, name: string): boolean {
  try {
    const profiles = parseToml(readFileSync(path.join(home, "config.toml"), "utf8")).profiles;
    return typeof profiles === "object" && profiles !== null && Object.hasOwn(profiles, name);
  } catch {
    return false;
  }
}
