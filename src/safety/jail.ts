// The outer jail (`--jail`): Codex itself runs inside a bubblewrap sandbox we build, so that even a
// danger-full-access run cannot touch the host beyond what is bound in. What the jail holds:
// read-only system and toolchain paths, the workspace and the run's Codex home (read-write), the
// Codex binary, the policy's declared paths; a tmpfs over HOME and /tmp (the rest of HOME, ~/.ssh,
// cloud credentials are not there); a private network namespace whose only way out is the forwarder
// of jail-forward.ts (the provider's host alone); resource limits through prlimit; an environment
// reduced to an allowlist. This module only decides (viability, argv); the runner spawns.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { findOnPath, readNumber } from "../core/fs-lookup.js";
import { ambientCodexHome, resolvedPath, stateDir, userHome } from "../core/paths.js";
import type { SandboxReach } from "./sandbox-reach.js";
import type { Policy } from "./policy.js";

/** One thing a jail needs that this host lacks: what, and what provides it. */
export interface JailNeed {
  missing: string;
  install: string;
}

/** Whether a jail can be built here, judged without spawning anything (the gate's rule: a refused
 *  run spawns nothing). `missing` names each thing lacking with what provides it, for one line;
 *  `needs` holds the same apart (the lab's "Not measured" list). */
export interface JailViability {
  ok: boolean;
  missing: string[];
  needs: JailNeed[];
  bwrap?: string;
  prlimit?: string;
}

/** bubblewrap and prlimit on the run's PATH, and user namespaces enabled (bwrap --unshare-user needs
 *  them; `user.max_user_namespaces` 0 or Debian's `kernel.unprivileged_userns_clone` 0 for a user who
 *  is not root turn them off). */
export function jailViability(env: NodeJS.ProcessEnv): JailViability {
  const needs: JailNeed[] = [];
  const bwrap = findOnPath("bwrap", env.PATH ?? "");
  const prlimit = findOnPath("prlimit", env.PATH ?? "");
  if (process.platform !== "linux") needs.push({ missing: "Linux (bubblewrap and namespaces)", install: "a Linux host" });
  if (!bwrap) needs.push({ missing: "bubblewrap (bwrap) on PATH", install: "apt-get install bubblewrap" });
  if (!prlimit) needs.push({ missing: "prlimit on PATH", install: "apt-get install util-linux" });
  if (process.platform === "linux") {
    if (readNumber("/proc/sys/user/max_user_namespaces") === 0) needs.push({ missing: "user namespaces, user.max_user_namespaces being 0", install: "sysctl -w user.max_user_namespaces=10000" });
    const root = process.getuid?.() === 0;
    if (!root && readNumber("/proc/sys/kernel/unprivileged_userns_clone") === 0) needs.push({ missing: "unprivileged user namespaces, kernel.unprivileged_userns_clone being 0", install: "sysctl -w kernel.unprivileged_userns_clone=1" });
  }
  const missing = needs.map((need) => `${need.missing} (${need.install})`);
  return { ok: needs.length === 0, missing, needs, ...(bwrap ? { bwrap } : {}), ...(prlimit ? { prlimit } : {}) };
}

/** Where the jail's private files appear inside it (the init script, the forwarder's sockets). */
export const JAIL_RUN_DIR = "/run/codex-headless";

// System paths bound read-only when present: the toolchain (/usr, and the merged-/usr links), and the
// few /etc files programs need (TLS roots, name lookup order, users for `id`, alternatives links).
const SYSTEM_READ = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt"];
const ETC_READ = ["/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/localtime", "/etc/bash.bashrc", "/etc/profile", "/etc/inputrc", "/etc/gitconfig"];

/** Variables let into the jail whatever the policy says; anything else needs `jail.env`. */
const ENV_ALWAYS = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "NO_COLOR", "COLORTERM", "CODEX_HOME", "RUST_LOG", "RUST_BACKTRACE"];

export interface JailRequest {
  policy: Policy;
  cwd: string;
  codexHome: string;
  codexPath: string;
  /** The environment Codex would have got unjailed. */
  env: NodeJS.ProcessEnv;
  /** Variables that must get in (the provider's key variable). */
  keepEnv: string[];
  /** Private files outside, bound read-only at JAIL_RUN_DIR. */
  runDir: string;
  /** A hosts file for the jail (provider names mapped to loopback addresses). */
  hostsFile: string;
  /** Whether the in-jail forwarder needs a port under 1024 (a provider on 443). */
  lowPorts: boolean;
  /** The run's time limit, for RLIMIT_CPU. */
  timeoutMs: number;
  /** Host processes of this user now: RLIMIT_NPROC counts them too. */
  userProcesses: number;
}

/** The environment inside: the allowlist, the provider key, TMPDIR on the jail's own /tmp. */
export function jailEnv(request: Pick<JailRequest, "env" | "keepEnv" | "policy">): NodeJS.ProcessEnv {
  const keep = new Set([...ENV_ALWAYS, ...request.keepEnv, ...request.policy.jail.env]);
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(request.env)) if (value !== undefined && (keep.has(name) || name.startsWith("LC_"))) out[name] = value;
  out.TMPDIR = "/tmp";
  return out;
}

/** Whether binding `dir` would show the jail a folder it must hide: HOME, the ambient Codex home or our
 *  state directory, or a folder holding one of them (`~/bin/codex` made the jail bind all of HOME over
 *  its empty one — red team, issue 27). */
function exposesPrivate(dir: string, env: NodeJS.ProcessEnv): boolean {
  const hidden = [userHome(env), ambientCodexHome(env), stateDir(env)].filter((p): p is string => Boolean(p)).map((p) => resolvedPath(p));
  return hidden.some((p) => p === dir || p.startsWith(`${dir}/`));
}

/** The narrowest of `candidates` (widest first) that exposes nothing private, else the file alone. */
function bindRootFor(file: string, candidates: string[], env: NodeJS.ProcessEnv): string {
  return candidates.find((dir) => !exposesPrivate(dir, env)) ?? file;
}

/** The folder to bind for the Codex binary: its package's vendor folder (the binary's helpers, rg,
 *  sit beside it), or the binary's own folder, or the binary alone where a folder would expose HOME. */
function codexRoot(codexPath: string, env: NodeJS.ProcessEnv): string {
  const real = realpathSync(codexPath);
  const bin = path.dirname(real);
  return bindRootFor(real, path.basename(bin) === "bin" ? [path.dirname(bin), bin] : [bin], env);
}

/** The folder holding the Node that runs the jail's init, when it is not already under /usr (the same
 *  care: never a folder holding HOME). */
function nodeRoot(env: NodeJS.ProcessEnv): string | undefined {
  const real = realpathSync(process.execPath);
  if (SYSTEM_READ.some((dir) => real.startsWith(`${dir}/`))) return undefined;
  return bindRootFor(real, [path.dirname(path.dirname(real)), path.dirname(real)], env);
}

/** Counts this user's tasks on the host (RLIMIT_NPROC is checked against that count, threads included). */
export function countUserProcesses(): number {
  const uid = process.getuid?.();
  let count = 0;
  for (const entry of readdirSafe("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (statSync(`/proc/${entry}`).uid !== uid) continue;
      // The limit counts threads (tasks), not processes.
      count += Number(/^Threads:\s*(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 1);
    } catch {
      // gone meanwhile
    }
  }
  return count;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** RLIMIT_CPU for a run of `timeoutMs`: the watchdog stops it first; this catches what outlives it. */
export const jailCpuSeconds = (timeoutMs: number): number => Math.max(60, Math.ceil(timeoutMs / 1000));

/** The argv that builds the jail and runs `inner` in it: prlimit (limits), bwrap (namespaces,
 *  mounts). Paths keep their host names inside, so Codex's argv, cwd and CODEX_HOME need no
 *  rewriting. Returns the program and its arguments. */
export function jailArgv(request: JailRequest, tools: { bwrap: string; prlimit: string }, inner: string[]): { command: string; args: string[] } {
  const { policy } = request;
  const home = userHome(request.env);
  const bind: string[] = [];
  const ro = (p: string) => existsSync(p) && bind.push("--ro-bind", p, p);
  SYSTEM_READ.forEach(ro);
  ETC_READ.forEach(ro);
  const node = nodeRoot(request.env);
  if (node) ro(node);
  // HOME and /tmp are empty: what the workspace and the home need is bound over them afterwards.
  bind.push("--tmpfs", "/tmp", "--tmpfs", "/var/tmp");
  if (home && home !== "/") bind.push("--tmpfs", home);
  bind.push("--ro-bind", request.hostsFile, "/etc/hosts", "--ro-bind", path.join(path.dirname(request.hostsFile), "resolv.conf"), "/etc/resolv.conf");
  ro(codexRoot(request.codexPath, request.env));
  for (const p of policy.jail.read_paths) ro(p);
  for (const p of [request.cwd, request.codexHome, ...policy.jail.write_paths]) bind.push("--bind", p, p);
  bind.push("--ro-bind", request.runDir, JAIL_RUN_DIR);
  const uid = process.getuid?.() ?? 1000;
  const bwrapArgs = [
    "--die-with-parent",
    "--new-session",
    "--unshare-all", // user (when possible), ipc, pid, net, uts, cgroup
    "--unshare-user",
    // Not root inside, even for a root caller: the jail's processes have no capability on the host.
    "--uid", String(uid === 0 ? 1000 : uid),
    "--gid", String(uid === 0 ? 1000 : (process.getgid?.() ?? 1000)),
    "--hostname", "codex-jail",
    "--proc", "/proc",
    "--dev", "/dev",
    ...bind,
    ...(request.lowPorts ? ["--cap-add", "CAP_NET_BIND_SERVICE"] : []),
    "--chdir", request.cwd,
    "--",
    ...inner,
  ];
  const cpuSeconds = jailCpuSeconds(request.timeoutMs);
  const prlimitArgs = [
    `--nproc=${request.userProcesses + policy.jail.processes}`,
    `--as=${policy.jail.memory_mb * 1024 * 1024}`,
    `--cpu=${cpuSeconds}`,
    "--core=0",
    "--",
    tools.bwrap,
    ...bwrapArgs,
  ];
  return { command: tools.prlimit, args: prlimitArgs };
}

/** What a jailed run can write on the host: the workspace and the policy's write paths (its home
 *  too, which the runner judges apart); the jail's /tmp and HOME are its own. */
export function jailReach(cwd: string, policy: Policy, modeReach: SandboxReach): SandboxReach {
  if (!modeReach.unbounded) return modeReach; // Codex's own sandbox inside is narrower still
  const roots = [...new Set([cwd, ...policy.jail.write_paths].flatMap((dir) => [path.resolve(dir), resolvedPath(dir)]))];
  return { sandbox: modeReach.sandbox, unbounded: false, roots, readOnly: [] };
}
