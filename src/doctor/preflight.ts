// `doctor`: every check a headless run depends on, as a list of ok / warn / fail lines with the
// measured detail. A sandbox that would fail silently shows up here before any run relies on it.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TomlError } from "smol-toml";
import { checkConfigText } from "./config-file-check.js";
import { codexVersion, pinnedCodexVersion, resolveCodexPath, type CodexBinary } from "../codex/locate.js";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { ambientCodexHome, stateDir } from "../core/paths.js";
import { probeSandbox, detectContainer } from "../safety/sandbox-probe.js";
import { jailViability } from "../safety/jail.js";
import { runCommand } from "../process/spawn.js";
import { readSchemaSurface } from "../surface/protocol-surface.js";
import { protocolDrift } from "./protocol-drift.js";
import { binaryInReach, environmentOutOfReach } from "./program-location.js";
import { authFacts, bwrapFacts, loopbackReachable, tempPitfalls, userNamespaceFacts } from "./host-checks.js";
import { shellStartupFiles } from "../launch/shell-startup.js";
import { isSystemFile, startupSources } from "../safety/startup-sources.js";
import { optionName } from "../core/option-names.js";

export interface Check {
  id: string;
  status: "ok" | "warn" | "fail" | "not-checked";
  detail: string;
}

export interface PreflightReport {
  codex?: { path: string; version: string; source: string };
  checks: Check[];
}

export async function runPreflight(options: { codex?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PreflightReport> {
  // Every program doctor starts runs with this environment: without what a sandboxed run could have
  // planted for it (red team 29: a `.venv/bin/bwrap`), which the first check names.
  const judged = environmentOutOfReach(options.env ?? process.env, process.cwd());
  const env = judged.env;
  const located: Check =
    judged.removed.length > 0
      ? { id: "program-location", status: "fail", detail: `not used by doctor, as a sandboxed run can write there (a run would be refused, program location): ${judged.removed.join("; ")}` }
      : { id: "program-location", status: "ok", detail: "no PATH folder or variable naming programs lies where a sandboxed run can write" };
  const checks: Check[] = [located];
  // The binary, found on the PATH doctor kept and judged where it lies before anything runs it (a
  // planted `.venv/bin/codex`, found by `--codex system` on the caller's PATH, ran on the host).
  // Without one to run, the checks that start Codex say so, and the others still run.
  let codex: CodexBinary | undefined;
  try {
    const resolved = resolveCodexPath(options.codex, env);
    const inReach = binaryInReach(resolved.path, env, process.cwd());
    if (inReach) checks.push({ id: "codex-binary", status: "fail", detail: inReach });
    else codex = { ...resolved, version: await codexVersion(resolved.path, env) };
  } catch (error) {
    // A path that is no file is the caller's mistake (exit 2, as for run), not a failed check.
    if (error instanceof CodexHeadlessError && error.code === "usage") throw error;
    checks.push({ id: "codex-binary", status: "fail", detail: error instanceof Error ? error.message : String(error) });
  }
  // Everything codex-headless claims was measured on the pinned version; another one may differ.
  const pinned = pinnedCodexVersion();
  if (codex)
    checks.push(
      codex.version === pinned
        ? { id: "codex-binary", status: "ok", detail: `${codex.version} at ${codex.path} (${codex.source}), the pinned version` }
        : { id: "codex-binary", status: "warn", detail: `${codex.version} at ${codex.path} (${codex.source}), not the pinned ${pinned} that codex-headless is tested against (\`inventory --diff ${codex.version}\` shows what changed)` },
    );
  const notRun = (id: string): Check => ({ id, status: "not-checked", detail: "not checked: it runs Codex, and no Codex binary doctor may run was found (codex-binary)" });

  const auth = authFacts(ambientCodexHome(env));
  checks.push({
    id: "auth-ambient",
    status: auth.authJson === "missing" ? "warn" : auth.mode && /[1-7]/.test(auth.mode.slice(1)) ? "warn" : "ok",
    detail: auth.authJson === "missing" ? `no auth.json in ${auth.home}` : `auth.json present in ${auth.home}, mode ${auth.mode}${/[1-7]/.test((auth.mode ?? "").slice(1)) ? " (readable by others)" : ""}`,
  });
  checks.push({ id: "auth-env", status: env.OPENAI_API_KEY || env.CODEX_API_KEY ? "ok" : "warn", detail: env.OPENAI_API_KEY || env.CODEX_API_KEY ? "an API key variable is set (value not shown)" : "no OPENAI_API_KEY or CODEX_API_KEY" });

  const bwrap = bwrapFacts(codex?.path, env);
  checks.push({
    id: "bubblewrap",
    status: bwrap.system || bwrap.bundled ? "ok" : "warn",
    detail: `system: ${bwrap.system ?? "not found"}; bundled with codex: ${codex ? (bwrap.bundled ?? "not found") : "not looked for"}`,
  });
  const userns = userNamespaceFacts();
  checks.push({ id: "user-namespaces", status: userns.allowed ? "ok" : "fail", detail: userns.detail });
  const container = detectContainer(env);
  checks.push({ id: "container", status: "ok", detail: container.inContainer ? `yes (${container.signs.join(", ")})` : "no signs of a container" });

  const probe = codex ? await probeSandbox(codex.path, env) : undefined;
  checks.push(
    !probe
      ? notRun("sandbox")
      : {
          id: "sandbox",
          status: probe.works ? "ok" : "fail",
          detail: probe.works
            ? "codex sandbox ran `true`; under workspace-write a write inside the workspace landed and one outside was denied"
            : `${probe.summary}; the gate refuses read-only and workspace-write runs here`,
        },
  );

  checks.push(await jailCheck(env));

  const pitfalls = tempPitfalls(env);
  checks.push({
    id: "codex-home-tmp",
    status: pitfalls.codexHomeUnderTmp ? "warn" : "ok",
    detail: pitfalls.codexHomeUnderTmp ? `CODEX_HOME ${pitfalls.codexHome} is under the temp dir: Codex warns on every command and refuses helper binaries` : `CODEX_HOME ${pitfalls.codexHome} is outside the temp dir`,
  });
  checks.push({
    id: "state-dir-tmp",
    status: pitfalls.stateDirUnderTmp ? "fail" : "ok",
    detail: pitfalls.stateDirUnderTmp ? `state dir ${pitfalls.stateDir} is under the temp dir: isolated homes cannot be created there` : `state dir ${pitfalls.stateDir}`,
  });
  checks.push(codex ? await configKeysCheck(codex, env) : notRun("config-keys"));
  checks.push(await shellStartupCheck(env));
  checks.push(codex ? await protocolDriftCheck(codex, env) : notRun("protocol-drift"));
  checks.push({ id: "network-loopback", status: (await loopbackReachable()) ? "ok" : "fail", detail: "127.0.0.1 (the mock provider's address)" });
  checks.push({ id: "network-internet", status: "not-checked", detail: "not checked: doctor never contacts outside addresses" });
  return { ...(codex ? { codex: { path: codex.path, version: codex.version, source: codex.source } } : {}), checks };
}

/** Whether `--jail` can be built here: what the gate checks (bubblewrap, prlimit, user namespaces),
 *  then a real jail of the same kind (new user, pid and network namespaces) running `true`. */
async function jailCheck(env: NodeJS.ProcessEnv): Promise<Check> {
  const viable = jailViability(env);
  if (!viable.ok) return { id: "jail", status: "warn", detail: `${optionName("jail")} cannot be built here: missing ${viable.missing.join("; ")}` };
  const args = ["--die-with-parent", "--new-session", "--unshare-all", "--unshare-user", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--", "/usr/bin/true"];
  const result = await runCommand(viable.bwrap!, args, { env, timeoutMs: 15_000 });
  return result.code === 0
    ? { id: "jail", status: "ok", detail: `${optionName("jail")} can be built: ${viable.bwrap} made user, pid and network namespaces and ran true; limits through ${viable.prlimit}` }
    : { id: "jail", status: "warn", detail: `${optionName("jail")}: ${viable.bwrap} could not build a jail here (exit ${String(result.code)}${result.timedOut ? ", timed out" : ""}): ${result.stderr.trim().split("\n")[0] ?? ""}` };
}

/** What the shell start-up files source or run, followed from this folder as the gate follows them
 *  before every run (red team 19: Codex's shell snapshot runs them on the host): a name decided only
 *  when the shell runs is not judged, and said here once rather than only in each run's notices. */
async function shellStartupCheck(env: NodeJS.ProcessEnv): Promise<Check> {
  const cwd = process.cwd();
  const startup = shellStartupFiles(env, [cwd]);
  const present = startup.filter((file) => existsSync(file));
  // What files under /etc source is not followed (safety/startup-sources.ts): said apart.
  const system = present.filter(isSystemFile);
  const own = present.filter((file) => !system.includes(file));
  const { files, unresolved } = await startupSources(startup, env, [cwd]);
  const followed = `${own.length} shell start-up file(s) of yours here (${own.join(", ") || "none"}); what they source or run by path, ${files.length} file(s), is judged by the gate like them${system.length ? `; ${system.length} system file(s) under /etc, judged where they lie, what they source not followed` : ""}`;
  if (unresolved.length === 0) return { id: "shell-startup", status: "ok", detail: `${followed}; every name is in their text` };
  const more = unresolved.length > 3 ? `; and ${unresolved.length - 3} more` : "";
  return { id: "shell-startup", status: "warn", detail: `${followed}; not judged, decided only when the shell runs (keep what they name out of the workspace and the temp dirs): ${unresolved.slice(0, 3).join("; ")}${more}` };
}

/** Methods this Codex can send that the transports do not know: reported as drift (warn), never fatal. */
async function protocolDriftCheck(codex: { path: string; version: string }, env: NodeJS.ProcessEnv): Promise<Check> {
  // Codex writes into its home even to print a schema: a home of ours, never the user's.
  const work = path.join(stateDir(env), "doctor", "schema-home");
  mkdirSync(work, { recursive: true, mode: 0o700 });
  const { methods } = await readSchemaSurface(codex.path, { ...env, CODEX_HOME: work }, work).catch(() => ({ methods: [] }));
  if (methods.length === 0) return { id: "protocol-drift", status: "not-checked", detail: `Codex ${codex.version} generated no app-server schema to compare` };
  const drift = protocolDrift(methods);
  const count = drift.notifications.length + drift.requests.length;
  const names = [...drift.notifications.map((m) => `notification ${m}`), ...drift.requests.map((m) => `request ${m}`)];
  return count === 0
    ? { id: "protocol-drift", status: "ok", detail: `every notification and server request Codex ${codex.version} can send is one the transports know` }
    : { id: "protocol-drift", status: "warn", detail: `${count} method(s) Codex ${codex.version} can send that the transports do not know (kept as drift in a run's record, never fatal): ${names.join(", ")}` };
}

/** The ambient config.toml's keys, each put to this Codex's parser: a key it ignores has no effect. */
async function configKeysCheck(codex: { path: string; version: string }, env: NodeJS.ProcessEnv): Promise<Check> {
  const file = path.join(ambientCodexHome(env), "config.toml");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { id: "config-keys", status: "ok", detail: `no ${file} to check (${errnoCode(error)})` };
  }
  try {
    const { known, ignored, notChecked } = await checkConfigText(codex.path, text, env, path.join(stateDir(env), "doctor"));
    const skipped = notChecked.length ? `; not checked (quoted names): ${notChecked.join(", ")}` : "";
    return ignored.length
      ? { id: "config-keys", status: "warn", detail: `${file}: Codex ${codex.version} ignores ${ignored.join(", ")} (a misspelt or retired key has no effect, and Codex says nothing); ${known.length} other key(s) known${skipped}` }
      : { id: "config-keys", status: "ok", detail: `${file}: all ${known.length} key(s) known to Codex ${codex.version}'s config parser${skipped}` };
  } catch (error) {
    // Not TOML: Codex refuses to start with it, so every run would fail.
    if (error instanceof TomlError) return { id: "config-keys", status: "fail", detail: `${file}:${error.line}:${error.column}: ${error.message.split("\n")[0]!}; Codex will refuse this file` };
    return { id: "config-keys", status: "warn", detail: `${file}: not checked: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]!}` };
  }
}
