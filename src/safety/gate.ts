// The safety gate: every run is checked here before anything is spawned. A refused run throws a
// "refused" error (exit 4) naming the rule and the policy file. An accepted run gets the Codex `-c`
// overrides the policy implies, the sandbox mode to pass, and execpolicy rules for its home.
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { gitConfigFiles, gitPlumbingEnv } from "../core/git.js";
import { gitTopLevel } from "../core/fs-lookup.js";
import { ambientCodexHome, isUnderTempDir, resolvedPath, stateDir } from "../core/paths.js";
import { reachingStatePlace } from "./state-places.js";
import { APPROVAL_POLICIES, type ApprovalPolicy, type Provider, type SandboxMode, type TransportName } from "../codex/vocabulary.js";
import { plannedHomePath } from "../home/prepare.js";
import { auditEntry, type AuditEntry } from "./audit.js";
import { execRulesFor } from "./exec-rules.js";
import { asArgs, parseOverride } from "../codex/config-overrides.js";
import { loadPolicy, POLICY_RELATIVE_PATH, type LoadedPolicy } from "./policy-file.js";
import { codexConfigs, reachingCodexConfigProgram, reachingCodexConfigWrite } from "./codex-config-programs.js";
import { reachingCodexPluginProgram } from "./codex-plugin-programs.js";
import { checkProjectConfig } from "./project-config.js";
import { earlierWritableRoots } from "./reach-history.js";
import { startupSources } from "./startup-sources.js";
import { shellStartupFiles } from "../launch/shell-startup.js";
import { environmentGitStores, gitConfigEntries, gitConfigReason, hostProgramReason, reachingFile, reachingGitConfig, reachingGitConfigProgram, reachingGitConfigWrite, reachingHostProgram, reachingHostWrite, reachingShellStartup, reachingTrustAnchor, reachingRepository, repositoryConfigFiles, repositoryJudge, reachingRoot, reachReason, sandboxReach, withEarlierRoots, type SandboxReach } from "./sandbox-reach.js";
import { resolveCodexPath } from "../codex/locate.js";
import { defaultPolicy, stricterPolicy, type Policy } from "./policy.js";
import { cachedSandboxProbe, detectContainer, type SandboxProbe } from "./sandbox-probe.js";
import { policyOverrides } from "./overrides.js";
import { jailReach, jailViability } from "./jail.js";
import { configSandbox } from "./user-config.js";
import { ProbeMemo } from "../core/probe-memo.js";

/** What the gate judges of a run: a RunSpec has all of it. */
export interface GateRequest {
  cwd: string;
  policy?: string | undefined;
  provider: Provider;
  /** The run's home mode or path, its default already resolved (run/spec.ts). */
  home: string;
  sandbox?: SandboxMode | undefined;
  approval?: ApprovalPolicy | undefined;
  transport: TransportName;
  /** The run's own `-c key=value` overrides. */
  config: readonly string[];
  /** `--profile NAME` (exec): Codex reads `<home>/NAME.config.toml` over config.toml. */
  profile?: string | undefined;
  /** --codex: pinned, system or a path (the binary is judged before anything runs it). */
  codex?: string | undefined;
  /** --jail: Codex runs inside the outer jail of safety/jail.ts. */
  jail?: boolean | undefined;
  /** --seed-config: the isolated home starts from the ambient home's configuration. */
  seedConfig?: boolean | undefined;
}

export interface GateFacts {
  /** The binary whose sandbox is probed; or `locate`, called only once the policy checks passed, so a
   *  refused run spawns nothing at all. */
  codexPath?: string;
  locate?: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  /** Injected by tests and the lab; otherwise measured (and cached) here. */
  probe?: SandboxProbe;
  inContainer?: boolean;
  /** Another policy that governs the run as well (the MCP server's repository's): the stricter of
   *  it and the run's own applies. */
  alsoPolicy?: LoadedPolicy;
  /** The run's own policy, when the caller has just loaded it for this spec (loadRunPolicy). */
  ownPolicy?: LoadedPolicy;
}

export interface GateResult {
  policy: Policy;
  source: string;
  sandbox: SandboxMode;
  /** The approval policy to pass, when the gate decides it (a command list on app-server: untrusted). */
  approval?: ApprovalPolicy;
  /** `-c key=value` pairs, already split as ["-c", "k=v", ...]. */
  overrides: string[];
  /** execpolicy rules text for a prepared home, if the policy denies commands. */
  execRules?: string;
  audit: AuditEntry[];
  /** The policy as read before the run: the one in force for all of it. */
  loaded: LoadedPolicy;
  /** What the run's sandbox can write (nothing we trust may lie there). */
  reach: SandboxReach;
  /** What any sandboxed run could have written: workspace-write here with these settings, whatever
   *  this run's mode, plus every earlier workspace-write run's roots (safety/reach-history.ts). Files
   *  we *read* (the policy, homes, images, project `.codex` folders) may have been planted by an
   *  earlier run, so they are judged against this. */
  workspaceReach: SandboxReach;
  /** Things to tell the caller on stderr (and keep in the record). */
  notices: string[];
  /** This run's reach as seen from the environment Codex really got (a shell context's rc files may
   *  have moved $TMPDIR, which Codex makes writable). */
  reachFor(env: NodeJS.ProcessEnv): SandboxReach;
  /** Judges the environment a launch context really hands Codex (a shell's, measured after its
   *  start-up files ran; the tool context's reduced one) as the caller's was judged, against what any
   *  sandboxed run could write with it (its $TMPDIR too); `what` names it in refusals. Throws
   *  "refused" (exit 4). Red team 18. */
  judgeLaunchEnv(env: NodeJS.ProcessEnv, what: string): Promise<string[]>;
}

const CALLER_KEYS = /^(shell_environment_policy|sandbox_workspace_write)(\.|$)/;

/** The value Codex will take from the run's own `-c` overrides (keys trimmed, as Codex does). */
function configValue(spec: GateRequest, key: string): string | undefined {
  const found = spec.config.map(parseOverride).filter((o) => o?.key === key).at(-1);
  return found === undefined ? undefined : String(found.value);
}

/** The CODEX_HOME a run will use, when it is known before the home is prepared. */
function codexHomeFor(mode: string, env: NodeJS.ProcessEnv): string | undefined {
  if (mode === "ambient") return ambientCodexHome(env);
  if (mode === "isolated" || mode === "repo") return undefined;
  return path.resolve(mode);
}

/** Where plannedHomePath puts the run's home, or undefined for a home value it refuses (preparing the
 *  home reports that, as a usage error, once the gate is passed). */
function codexHomeFolder(mode: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return plannedHomePath(mode, { cwd, env });
  } catch {
    return undefined;
  }
}

/** Whether the run is jailed, refusing a jail this host cannot build (one line naming what is
 *  missing), a jail around a home that is not ours (ambient), and an unjailed run the policy requires
 *  jailed. Judged from files and PATH only: nothing is spawned. */
function checkJail(spec: GateRequest, policy: Policy, source: string, homeMode: string, env: NodeJS.ProcessEnv): boolean {
  if (!spec.jail) {
    if (policy.jail.require) refuse("jail.require", source, `every run must be jailed (${optionName("jail")})`);
    return false;
  }
  const viable = jailViability(env);
  if (!viable.ok) refuse("jail", source, `${optionName("jail")} cannot be built here: missing ${viable.missing.join("; ")}`);
  // Inside the jail the home is writable, and Codex runs what a home names (notify, MCP servers) on the
  // host at the next run: a home that outlives the run (repo, a path — even one spelling the ambient
  // home or our state directory) would carry a jailed run's plant out of the jail (red team, issue 27).
  if (homeMode !== "isolated") refuse("jail", source, `${optionName("jail")} needs ${optionName("home", "isolated")}: a home that outlives the run (${homeMode}) is writable inside the jail, and what a jailed run writes there (notify, MCP servers, sandbox_mode) would run on the host at the next run`);
  return true;
}

/** Why the policy does not allow a sandbox mode for this run (rule and detail), or undefined. */
function sandboxRefusal(sandbox: SandboxMode, policy: Policy, spec: GateRequest, homeMode: string, facts: GateFacts, jailed: boolean): { rule: string; detail: string } | undefined {
  if (!policy.sandbox.modes.includes(sandbox)) return { rule: "sandbox.modes", detail: `sandbox ${sandbox} is not allowed (allowed: ${policy.sandbox.modes.join(", ")})` };
  if (sandbox === "danger-full-access") {
    const { danger } = policy;
    if (!danger.allow) return { rule: "danger.allow", detail: "danger-full-access is never allowed" };
    // A jail we built and checked (safety/jail.ts) is the external sandbox these rules ask for.
    if (danger.require_externally_sandboxed && !danger.externally_sandboxed && !jailed) return { rule: "danger.externally_sandboxed", detail: `danger-full-access needs externally_sandboxed = true, or ${optionName("jail")}` };
    if (danger.require_container && !jailed && !(facts.inContainer ?? detectContainer(facts.env).inContainer)) {
      return { rule: "danger.require_container", detail: "danger-full-access needs a container, and none was detected" };
    }
  }
  if (!policy.home.allow_trust_write && spec.transport === "app-server" && sandbox !== "read-only" && homeMode !== "isolated") {
    return { rule: "home.allow_trust_write", detail: `an app-server run with ${sandbox} records the repository as trusted in the config.toml of a home that outlives the run (${homeMode}); use ${optionName("home", "isolated")} or read-only` };
  }
  return undefined;
}

function refuse(rule: string, source: string, detail: string): never {
  throw new CodexHeadlessError("refused", `refused by policy: ${rule} — ${detail} (${source})`, { data: { rule, source } });
}

/** The policy for a run, read the one safe way: before git reads a repository's configuration, its
 *  `.git` must be out of every sandbox's reach (the policy's own writable roots are not known yet;
 *  gateRun checks again with them). Errors: refused (exit 4), usage (exit 2). */
export async function loadRunPolicy(spec: Pick<GateRequest, "cwd" | "policy" | "config">, env: NodeJS.ProcessEnv, earlier = earlierWritableRoots(env), memo?: ProbeMemo): Promise<LoadedPolicy> {
  // The gate's evaluation's memo, or one of this call's own (core/probe-memo.ts).
  const probes = memo ?? new ProbeMemo();
  try {
    const baseReach = probes.during(() => withEarlierRoots(sandboxReach({ sandbox: "workspace-write", cwd: spec.cwd, env, policy: defaultPolicy(), config: spec.config }), earlier));
    // What HEAD holds is kept in the state directory for the next process (core/commit-store.ts),
    // unless a sandboxed run could write there (such a run is refused before Codex starts; with
    // danger-full-access it is not, and nothing is kept or read there).
    const commitStore = probes.during(() => reachingStatePlace(baseReach, env)) ? undefined : path.join(stateDir(env), "committed");
    return await loadPolicy(spec.cwd, spec.policy, {
      ...(commitStore ? { commitStore } : {}),
      beforeGit: (top) =>
        probes.during(() => {
          const reached = reachingRepository(baseReach, top);
          if (reached) refuse(reached.rule, path.join(top, POLICY_RELATIVE_PATH), `${reached.why}, and with it the committed policy`);
        }),
    });
  } finally {
    if (!memo) probes.end();
  }
}

export async function gateRun(spec: GateRequest, facts: GateFacts): Promise<GateResult> {
  // This evaluation's answers to the probes it repeats, given only while its own code runs
  // synchronously inside `probed` and never after it ends (core/probe-memo.ts).
  const memo = new ProbeMemo();
  try {
    return await evaluateGate(spec, facts, memo);
  } finally {
    memo.end();
  }
}

async function evaluateGate(spec: GateRequest, facts: GateFacts, memo: ProbeMemo): Promise<GateResult> {
  const probed = <T>(fn: () => T): T => memo.during(fn);
  const homeMode = spec.home;
  const earlier = earlierWritableRoots(facts.env);
  const own = facts.ownPolicy ?? (await loadRunPolicy(spec, facts.env, earlier, memo));
  // A caller's policy that also governs the run (the MCP server's repository): the stricter of both.
  const also = facts.alsoPolicy && facts.alsoPolicy.source !== own.source ? facts.alsoPolicy : undefined;
  const loaded: LoadedPolicy = also ? { ...own, policy: stricterPolicy(own.policy, also.policy), source: `${own.source} and ${also.source} (the stricter of both)`, notices: [...own.notices, ...also.notices] } : own;
  const { policy, source } = loaded;
  // Codex applies the policy's overrides first, the run's own after them (later ones win). What any
  // sandboxed run could write does not depend on this run's mode: workspace-write here with these
  // settings, widened by every earlier workspace-write run's roots (a run in a parent folder could
  // have planted a repository, a policy, a `.codex` folder or a home's config in this one).
  const reachInput = (sandbox: SandboxMode) => ({ cwd: spec.cwd, env: facts.env, policy, config: [...policyOverrides(policy, sandbox), ...spec.config] });
  const workspaceReach = probed(() => withEarlierRoots(sandboxReach({ sandbox: "workspace-write", ...reachInput("workspace-write") }), earlier));
  const notices: string[] = [];
  const approval = spec.approval ?? configValue(spec, "approval_policy");
  // The outer jail (safety/jail.ts): one that cannot be built here is refused before anything runs;
  // one that can is the external sandbox danger-full-access asks for.
  const jailed = checkJail(spec, policy, source, homeMode, facts.env);
  const asked = (spec.sandbox ?? configValue(spec, "sandbox_mode")) as SandboxMode | undefined;
  let sandbox: SandboxMode;
  if (asked) {
    const why = sandboxRefusal(asked, policy, spec, homeMode, facts, jailed);
    if (why) refuse(why.rule, source, why.detail);
    sandbox = asked;
  } else {
    // The run names none: the user's own config may (safety/user-config.ts), else the policy's default.
    const home = homeMode === "repo" ? plannedHomePath(homeMode, { cwd: spec.cwd, env: facts.env }) : codexHomeFor(homeMode, facts.env);
    const fromConfig = configSandbox({ homeMode, home, profile: spec.profile, reach: workspaceReach });
    if (fromConfig.ignored) notices.push(fromConfig.ignored);
    const why = fromConfig.ask && sandboxRefusal(fromConfig.ask.mode, policy, spec, homeMode, facts, jailed);
    if (fromConfig.ask && why) {
      notices.push(`${fromConfig.ask.file} asks sandbox_mode = "${fromConfig.ask.mode}", which the policy does not allow (${why.rule}: ${why.detail}; ${source}): running ${policy.sandbox.default}`);
    }
    sandbox = fromConfig.ask && !why ? fromConfig.ask.mode : policy.sandbox.default;
    const fallback = !fromConfig.ask || why ? sandboxRefusal(sandbox, policy, spec, homeMode, facts, jailed) : undefined;
    if (fallback) refuse(fallback.rule, source, fallback.detail);
  }
  const lists = policy.commands.deny.length > 0 || policy.commands.allow.length > 0;
  const listRule = policy.commands.deny.length > 0 ? "commands.deny" : "commands.allow";
  // On app-server a command list is enforced by judging every command Codex asks to run, and only
  // `untrusted` makes Codex ask for every command (but those it knows to be harmless): a run naming
  // none gets it, a run naming another is refused.
  if (lists && spec.transport === "app-server" && approval !== undefined && approval !== "untrusted") {
    refuse(listRule, source, `a command list is enforced on app-server by answering Codex's approval requests, which needs approval policy untrusted; the run asks for ${approval}`);
  }
  // What Codex will apply when the run names nothing: exec runs never ask (codex exec's default), an
  // app-server thread takes the home's configuration, whose default is on-request.
  const effectiveApproval: ApprovalPolicy = (approval as ApprovalPolicy | undefined) ?? (lists && spec.transport === "app-server" ? "untrusted" : spec.transport === "exec" ? "never" : "on-request");
  if (!(policy.approval.policies as string[]).includes(effectiveApproval)) {
    refuse("approval.policies", source, `approval ${effectiveApproval}${approval === undefined ? " (what Codex applies when a run names none)" : ""} is not allowed (allowed: ${policy.approval.policies.join(", ")})`);
  }
  const callerKey = spec.config.map(parseOverride).find((o) => o && CALLER_KEYS.test(o.key));
  if (callerKey && !policy.env.caller_may_override) refuse("env.caller_may_override", source, `the run overrides ${callerKey.key}`);

  const overrides = asArgs(policyOverrides(policy, sandbox));
  const plainReach = probed(() => sandboxReach({ sandbox, ...reachInput(sandbox) }));
  const reach = jailed ? jailReach(spec.cwd, policy, plainReach) : plainReach;
  // The policy governs the next run too, and may have been written by an earlier one: a file any
  // sandboxed run here can write is refused, whatever this run's mode (a planted policy could make
  // danger-full-access the default of the next run).
  const judgeRepository = repositoryJudge(workspaceReach);
  for (const read of also ? [own, also] : [own]) {
    if (read.file && read.origin !== "committed") {
      const root = probed(() => reachingRoot(workspaceReach, read.file!));
      if (root) refuse("policy location", source, `the policy file lies where a sandboxed run can write (${reachReason(workspaceReach, root)}); keep it outside the workspace, or commit it (in a git repository the committed policy is used)`);
    }
    if (read.gitDir) {
      const gitDir = read.gitDir;
      const reached = probed(() => judgeRepository.reaching(path.dirname(gitDir)));
      if (reached) refuse(reached.rule, source, `${reached.why}, and with it the committed policy`);
    }
  }
  // The binary we run outside the sandbox (even `codex --version`): one a sandboxed run could have
  // replaced (codex-headless installed in the project's node_modules, or --codex naming a file in the
  // workspace) would run the replacement unsandboxed.
  const binary = facts.codexPath ?? resolveCodexPath(spec.codex).path;
  const binaryRoot = probed(() => reachingFile(workspaceReach, binary));
  if (binaryRoot) refuse("codex location", source, `the Codex binary ${binary} lies where a sandboxed run can write (${reachReason(workspaceReach, binaryRoot)}), and would run outside the sandbox; install codex-headless outside the workspace, or name a binary outside it with ${optionName("codex")}`);
  // The programs Codex and we run outside the sandbox by name (its sandbox, bwrap, among them): the
  // ones the PATH Codex gets finds, and ours (red team 12).
  // And what the environment makes git run (GIT_EXEC_PATH, GIT_ASKPASS, a filter in GIT_CONFIG_*; red
  // team 16): ours runs with gitPlumbingEnv's.
  // Codex runs git in the working directory (a filter or hook from the repository's top) and in its
  // home (0.171.0's `git ls-remote`, measured with trace2; an isolated home is one folder under
  // plannedHomePath's): what the environment names relative to a folder is taken from each (red team
  // 16: a GIT_CONFIG_GLOBAL of `../../…/work/gc`, out of reach from the working directory, led from
  // the home back into the workspace). We run git in the repository.
  // git finds the repository from the folder the kernel is in, its links resolved: a working directory
  // named through a link into a repository's subfolder lies in that repository, whatever its text says
  // (red team 21: a link to a subfolder of a clone under $TMPDIR; the gate found no repository, and
  // Codex's host-side `git status` ran a filter planted in the clone's configuration). Both are judged.
  const cwdTops = [...new Set([gitTopLevel(spec.cwd, facts.env), gitTopLevel(probed(() => resolvedPath(spec.cwd)), facts.env)])].filter((top): top is string => top !== undefined);
  const planned = codexHomeFolder(homeMode, spec.cwd, facts.env);
  const codexGitCwds = [spec.cwd, ...cwdTops, ...(planned ? [homeMode === "isolated" ? path.join(planned, "home-") : planned] : [])];
  const repositoryConfigs = probed(() => cwdTops.flatMap((top) => repositoryConfigFiles(judgeRepository.stores(top))));
  /** What the environment Codex gets makes the programs it starts on the host run or read (red teams
   *  12-18), judged against `reach`; `where` opens each refusal's detail when the environment is not
   *  the caller's (a launch context's, after its shell's start-up files: red team 18). */
  const judgeEnvironment = async (env: NodeJS.ProcessEnv, reach: SandboxReach, where: string, memo: ProbeMemo): Promise<string[]> => {
    // Everything but the start-up files' reading (async) is judged with the evaluation's memo.
    const startupFiles = memo.during(() => judgeEnvironmentSync(env, reach, where));
    const sourced = await startupSources(startupFiles, env, [spec.cwd], memo);
    return memo.during(() => judgeShellEnvironments(reach, where, startupFiles, sourced));
  };
  /** judgeEnvironment's checks before the shells' start-up files are read; returns those files. */
  const judgeEnvironmentSync = (env: NodeJS.ProcessEnv, reach: SandboxReach, where: string): ReturnType<typeof shellStartupFiles> => {
    // Codex's programs, then our git's (gitPlumbingEnv's environment, in the repository).
    for (const [programEnv, from, alsoFrom] of [[env, spec.cwd, codexGitCwds], [gitPlumbingEnv(process.env), process.cwd(), []]] as const) {
      const planted = reachingHostProgram(reach, programEnv, from, alsoFrom);
      if (planted) refuse("program location", source, `${programEnv === env ? where : ""}${hostProgramReason(reach, planted)}; ${planted.via ? "unset it, or point it outside the workspace and the temp dirs" : planted.folder ? "take that folder off PATH" : "take that folder off PATH or remove the file"}`);
    }
    // What the environment makes those programs write to on the host (git's traces, a TLS key log):
    // a link planted there would carry their writes out of the sandbox (red team 19).
    for (const [writeEnv, cwds] of [[env, codexGitCwds], [gitPlumbingEnv(process.env), [process.cwd()]]] as const) {
      const written = reachingHostWrite(reach, writeEnv, cwds);
      if (written) refuse("host write location", source, `${writeEnv === env ? where : ""}${written.via} names ${written.file}, which programs started outside the sandbox (git, its https helper, Codex's rollout traces and Codex's state databases) write to, and which lies where a sandboxed run can write (${reachReason(reach, written.root)}): a link planted there would have them write anywhere; unset it, or point it outside the workspace and the temp dirs`);
    }
    // The certificate authorities Codex trusts for its provider (and git's https helper for remotes):
    // a run that wrote them would choose whom the next run's provider connection trusts.
    const anchor = reachingTrustAnchor(reach, env, codexGitCwds);
    if (anchor) refuse("trust anchor location", source, `${where}${anchor.via} names ${anchor.file}, the certificate authorities Codex trusts for its provider connection (and git's https helper for remotes), which lies where a sandboxed run can write (${reachReason(reach, anchor.root)}): a run could make the next one trust an authority of its own; point it outside the workspace and the temp dirs`);
    // The configuration Codex's host-side git reads (it runs `git ls-remote`, `status`, `rev-parse` on
    // the host) and ours: commands named there run outside the sandbox (red team 13).
    // The repository the environment Codex gets names instead (GIT_DIR, GIT_COMMON_DIR; red team 14):
    // its folders are judged like a store, and its configuration files with the repository's.
    const envStores = environmentGitStores(env, codexGitCwds);
    for (const dir of envStores) {
      const root = reachingFile(reach, dir);
      if (root) refuse("git config location", source, `${where}the repository ${dir}, which GIT_DIR or GIT_COMMON_DIR in the environment names, lies where a sandboxed run can write (${reachReason(reach, root)}), and git outside the sandbox (Codex's) would run the commands its configuration names; unset them, or point them outside the workspace and the temp dirs`);
    }
    const configs = [...repositoryConfigs, ...repositoryConfigFiles(envStores)];
    for (const gitEnv of [env, gitPlumbingEnv(process.env)]) {
      // A relative HOME, XDG_CONFIG_HOME or GIT_CONFIG_GLOBAL: from every folder a git of Codex's or ours runs in.
      const gitCwds = [...codexGitCwds, process.cwd()];
      const listed = gitConfigFiles(gitEnv, configs, gitCwds);
      const config = reachingGitConfig(reach, gitEnv, configs, gitCwds, listed);
      if (config) refuse("git config location", source, `${gitEnv === env ? where : ""}git's configuration ${gitConfigReason(reach, config)}, and git outside the sandbox (Codex's, ours) would run the commands it names; point HOME, XDG_CONFIG_HOME or GIT_CONFIG_GLOBAL, and its includes, outside the workspace and the temp dirs`);
      // And the programs those files name, out of reach as they are (red team 21: a clean filter `sh
      // tools/strip.sh` in the repository's .git/config ran a workspace script in Codex's host-side `git status`).
      const entries = gitConfigEntries(listed.files);
      const named = reachingGitConfigProgram(reach, gitEnv, entries, gitCwds);
      if (named) refuse("program location", source, `${gitEnv === env ? where : ""}${named.via} names ${named.file}, which lies where a sandboxed run can write (${reachReason(reach, named.root)}), and git outside the sandbox (Codex's \`git status\`, \`diff\`, \`ls-remote\`) would run it; name a program outside the workspace and the temp dirs there`);
      // Where those files have git write its traces (red team 21, as GIT_TRACE2* in red team 19).
      const written = reachingGitConfigWrite(reach, entries);
      if (written) refuse("host write location", source, `${gitEnv === env ? where : ""}${written.via} names ${written.file}, which git outside the sandbox (Codex's, ours) writes its trace to, and which lies where a sandboxed run can write (${reachReason(reach, written.root)}): a link planted there would have it write anywhere; point it outside the workspace and the temp dirs`);
    }
    // The files the shells started on the host read first: Codex's shell snapshot (`bash -lc`, which
    // sources ~/.bashrc) and a launch context's login shell run them outside the sandbox (red team 16).
    // And what those source, as far as their text tells (red team 19: `. "$PWD/.envrc"` in a ~/.bashrc
    // out of reach ran a workspace's .envrc on the host); what it does not tell is said, not judged.
    return shellStartupFiles(env, [spec.cwd]);
  };
  /** judgeEnvironment's checks of what the start-up files source and set. */
  const judgeShellEnvironments = (reach: SandboxReach, where: string, startupFiles: ReturnType<typeof shellStartupFiles>, sourced: Awaited<ReturnType<typeof startupSources>>): string[] => {
    // And the environment those files leave the shell with (red team 21: a `PATH="$PWD/.tools:$PATH"`
    // in a ~/.bashrc out of reach; Codex's snapshot script then ran `sed`, `awk`, `wc`, `tr` by name on
    // the host, planted there by a workspace-write run): judged as the caller's is.
    for (const shellEnv of sourced.environments) {
      const planted = reachingHostProgram(reach, shellEnv, spec.cwd);
      if (planted) refuse("program location", source, `${where}a shell start-up file sets ${planted.via ?? "PATH"} for the shells started on the host (Codex's shell snapshot runs bash -lc there), and with it: ${hostProgramReason(reach, planted)}; keep what the start-up files add to PATH and the loader's variables outside the workspace and the temp dirs`);
    }
    const startup = reachingShellStartup(reach, startupFiles, sourced.files);
    if (startup) {
      const which = startup.by ? `${startup.file}, which ${startup.by} sources or runs, so that a shell started outside the sandbox runs it at start-up` : `${startup.file}, which a shell started outside the sandbox reads first`;
      refuse("shell startup location", source, `${where}${which} (Codex's shell snapshot runs bash -lc on the host), lies where a sandboxed run can write (${reachReason(reach, startup.root)}); keep HOME's rc files, what they source (and what BASH_ENV, ENV or ZDOTDIR name) outside the workspace and the temp dirs`);
    }
    // Each said once a run (a launch context's shell reads the same files as the caller's, mostly).
    const unsaid = sourced.unresolved.filter((line) => !saidUnresolved.has(line));
    unsaid.forEach((line) => saidUnresolved.add(line));
    const more = unsaid.length > 2 ? ` (and ${unsaid.length - 2} more)` : "";
    return unsaid.length > 0 ? [`${where}not judged (advisory): what a shell start-up file sources when its name is decided as the shell runs, and PATH or a loader variable it sets so — ${unsaid.slice(0, 2).join("; ")}${more}; keep what it sources and puts on PATH out of the workspace and the temp dirs`] : [];
  };
  const saidUnresolved = new Set<string>();
  notices.push(...(await judgeEnvironment(facts.env, workspaceReach, "", memo)));
  await probed(() => checkProjectConfig(spec.cwd, workspaceReach, judgeRepository));
  // And the programs Codex's own configuration names, which it runs on the host (red team 29: a
  // notify script and an MCP server in the workspace, named by a home out of reach).
  const configHomes = [...(homeMode !== "isolated" && planned ? [planned] : []), ...(spec.seedConfig ? [ambientCodexHome(facts.env)] : [])];
  const configInput = { cwd: spec.cwd, homes: configHomes, profile: spec.profile, config: [...policyOverrides(policy, sandbox), ...spec.config], env: facts.env };
  const codexConfigFiles = codexConfigs(configInput);
  // And those the plugins it enables declare, which it runs the same way (red team 33).
  const configProgram = probed(() => reachingCodexConfigProgram(workspaceReach, configInput, codexConfigFiles) ?? reachingCodexPluginProgram(workspaceReach, configInput, codexConfigFiles));
  if (configProgram) {
    // A word known only when it runs (red team 32) has no root: it may lie anywhere.
    const { via, file, root, why } = configProgram;
    const named = `${via} names ${file}${why ? ` (${why.replace(/,$/, "")})` : ""}`;
    refuse(
      "program location",
      source,
      root === undefined
        ? `${named}, which may lie where a sandboxed run can write, and Codex runs it outside the sandbox; spell the path out in full, outside the workspace and the temp dirs`
        : `${named}, which lies where a sandboxed run can write (${reachReason(workspaceReach, root)}), and Codex runs it outside the sandbox; keep the program outside the workspace and the temp dirs${why ? ", or give it a `cwd` there" : ""}`,
    );
  }
  const configWrite = probed(() => reachingCodexConfigWrite(workspaceReach, configInput, codexConfigFiles));
  if (configWrite) refuse("host write location", source, `${configWrite.via} names ${configWrite.file}, where Codex writes outside the sandbox (its state databases, its logs), and which lies where a sandboxed run can write (${reachReason(workspaceReach, configWrite.root)}): a link planted there would have it write anywhere; point it outside the workspace and the temp dirs`);

  const execRules = execRulesFor(policy, source);
  if (spec.transport === "exec") {
    if (policy.commands.allow.length > 0) refuse("commands.allow", source, "an allow list cannot be enforced on the exec transport (use app-server)");
    if (execRules && homeMode === "ambient") {
      refuse("commands.deny", source, "the deny list is enforced through rules in a home codex-headless prepares, not the ambient home");
    }
  }
  // Jailed too: Codex's sandbox inside the jail is bubblewrap inside bubblewrap, which works where the
  // host's does (measured: lab finding safety-jail-codex-sandbox, test/safety/jail-corpus.test.ts),
  // and cannot where the host's cannot.
  if (sandbox !== "danger-full-access" && policy.sandbox.require_working) {
    // Measured on codex 0.169.0: with CODEX_HOME under the temp dir Codex will not create its sandbox
    // helper, and every sandboxed command fails ("bwrap: execvp codex-linux-sandbox").
    const home = codexHomeFor(homeMode, facts.env);
    if (home && isUnderTempDir(home, facts.env)) refuse("sandbox.require_working", source, `${sandbox} needs Codex's sandbox helper, which Codex refuses to create with CODEX_HOME under the temp dir (${home})`);
    const codexPath = facts.codexPath ?? (await facts.locate?.());
    if (!codexPath && !facts.probe) throw new CodexHeadlessError("internal", "gate: no Codex binary to probe the sandbox with");
    const probe = facts.probe ?? (await cachedSandboxProbe(codexPath!, facts.env));
    if (!probe.works) refuse("sandbox.require_working", source, `${sandbox} depends on Codex's sandbox, which does not work here: ${probe.summary}`);
  }
  return {
    policy,
    source,
    sandbox,
    // Named explicitly when the policy depends on it, so that Codex applies what was judged (a home's
    // config.toml could otherwise set another).
    ...(approval === undefined && (lists || policy.approval.policies.length < APPROVAL_POLICIES.length) ? { approval: effectiveApproval } : {}),
    overrides,
    ...(execRules ? { execRules } : {}),
    loaded,
    reach,
    workspaceReach,
    reachFor: (env) => (jailed ? reach : sandboxReach({ sandbox, ...reachInput(sandbox), env })),
    judgeLaunchEnv: async (env, what) => {
      // An evaluation of its own, later: its own memo, not the gate's (ended by now).
      const own = new ProbeMemo();
      try {
        const measured = own.during(() => withEarlierRoots(sandboxReach({ sandbox: "workspace-write", ...reachInput("workspace-write"), env }), earlier));
        const both: SandboxReach = workspaceReach.unbounded ? workspaceReach : { ...workspaceReach, roots: [...new Set([...workspaceReach.roots, ...measured.roots])] };
        return await judgeEnvironment(env, both, `in ${what}, `, own);
      } finally {
        own.end();
      }
    },
    notices: [...loaded.notices, ...notices, ...(jailed ? [`jail: Codex runs in an outer sandbox; it can write only ${reach.roots.length > 0 ? `${reach.roots.join(", ")} (and its home)` : "its home"}, and reach only the model provider`] : []), ...(reach.unbounded ? ["danger-full-access: commands can write anywhere, so nothing codex-headless reads or writes is out of their reach; the external sandbox is the boundary"] : [])],
    audit: [auditEntry({ kind: "gate", decision: "allowed", by: "policy", rule: source, detail: { sandbox, approval: effectiveApproval } })],
  };
}
