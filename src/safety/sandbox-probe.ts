// Can Codex's own sandbox work on this host? Probed with `codex sandbox` (the command Codex uses to
// run a command under its Linux sandbox): a harmless `/bin/sh -c 'exit 0'` (absolute: the caller's PATH may be anything) must succeed, and under workspace-write a
// write inside the workspace must land while a write outside it must be denied. A sandbox that exits
// 0 but lets the outside write through would fail silently; we report it as not working.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import { findOnPath } from "../core/fs-lookup.js";
import path from "node:path";
import { stateDir } from "../core/paths.js";
import { binaryIdentity } from "../codex/binary-identity.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { runCommand } from "../process/spawn.js";
import { overrideArgs } from "../codex/config-overrides.js";

export interface SandboxProbe {
  /** True only when the harmless command ran and the outside write was denied. */
  works: boolean;
  harmless: { exitCode: number | null; stderr: string };
  insideWrite: boolean;
  outsideWriteDenied: boolean;
  /** One line: why it does not work (or "ok"). */
  summary: string;
}

export interface ContainerFacts {
  inContainer: boolean;
  /** What gave it away: /.dockerenv, /run/.containerenv, $container, cgroup. */
  signs: string[];
}

export function detectContainer(env: NodeJS.ProcessEnv = process.env): ContainerFacts {
  const signs: string[] = [];
  if (existsSync("/.dockerenv")) signs.push("/.dockerenv");
  if (existsSync("/run/.containerenv")) signs.push("/run/.containerenv");
  if (env.container) signs.push(`$container=${env.container}`);
  try {
    if (/docker|kubepods|containerd|lxc|podman/.test(readFileSync("/proc/1/cgroup", "utf8"))) signs.push("/proc/1/cgroup");
  } catch {
    // not Linux, or not readable: no sign either way
  }
  return { inContainer: signs.length > 0, signs };
}

function tail(text: string): string {
  return text.trim().split("\n").slice(-2).join(" | ").slice(0, 300);
}

/** Runs the probe in scratch space under our state dir (never the temp dir, never the user's home). */
export async function probeSandbox(codexPath: string, env: NodeJS.ProcessEnv = process.env, options: { homeRoot?: string } = {}): Promise<SandboxProbe> {
  if (process.platform !== "linux") {
    return { works: false, harmless: { exitCode: null, stderr: "" }, insideWrite: false, outsideWriteDenied: false, summary: `probe implemented for Linux only (${process.platform})` };
  }
  const root = path.join(stateDir(env), "sandbox-probe", `${process.pid}-${Date.now()}`);
  // homeRoot lets the lab put the probe's CODEX_HOME somewhere else (e.g. under the temp dir).
  const home = options.homeRoot ? mkdtempSync(path.join(options.homeRoot, "codex-home-")) : path.join(root, "codex-home");
  const workspace = path.join(root, "workspace");
  const outside = path.join(root, "outside");
  for (const dir of [home, workspace, outside]) mkdirSync(dir, { recursive: true });
  const probeEnv: NodeJS.ProcessEnv = { ...env, CODEX_HOME: home };
  try {
    const harmless = await runCommand(codexPath, ["sandbox", ...overrideArgs({ sandbox_mode: "read-only" }), "--", "/bin/sh", "-c", "exit 0"], {
      env: probeEnv,
      cwd: workspace,
      timeoutMs: 20_000,
    });
    const outsideFile = path.join(outside, "must-not-exist");
    const insideFile = path.join(workspace, "inside");
    const script = `echo probe > ${JSON.stringify(insideFile)}; echo probe > ${JSON.stringify(outsideFile)}; exit 0`;
    await runCommand(codexPath, ["sandbox", ...overrideArgs({ sandbox_mode: "workspace-write" }), "--", "/bin/sh", "-c", script], {
      env: probeEnv,
      cwd: workspace,
      timeoutMs: 20_000,
    });
    const insideWrite = existsSync(insideFile);
    const outsideWriteDenied = !existsSync(outsideFile);
    const ranHarmless = harmless.code === 0;
    const works = ranHarmless && outsideWriteDenied && insideWrite;
    const summary = works
      ? "ok"
      : !ranHarmless
        ? `codex sandbox could not run \`true\` (exit ${String(harmless.code)}): ${tail(harmless.stderr) || "no output"}`
        : !outsideWriteDenied
          ? "a write outside the workspace was NOT denied: the sandbox would fail silently"
          : "a write inside the workspace failed under workspace-write";
    return { works, harmless: { exitCode: harmless.code, stderr: tail(harmless.stderr) }, insideWrite, outsideWriteDenied, summary };
  } finally {
    rmSync(root, { recursive: true, force: true });
    if (options.homeRoot) rmSync(home, { recursive: true, force: true });
  }
}

const cache = new Map<string, Promise<SandboxProbe>>();

/** A working sandbox stays trusted this long across processes; a failing one is probed again each time. */
export const PROBE_TTL_MS = 10 * 60_000;

// The probe costs two Codex spawns (~0.3 s): paid by every CLI run it would be most of our overhead.
// So a verdict is reused only while everything that decides it is unchanged: the Codex binary (its
// identity: real path, inode, size, times; hashing ~100 MB per run would cost more than the probe),
// the `bwrap` Codex would find on the run's PATH (issue #21: a broken one put first on PATH failed
// every sandboxed command while a cached "works" still let runs start), the kernel and its
// user-namespace switches, the container we run in, and the user. Reading these costs < 1 ms.
const USERNS_SYSCTLS = ["/proc/sys/kernel/unprivileged_userns_clone", "/proc/sys/user/max_user_namespaces", "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "/proc/sys/kernel/yama/ptrace_scope"];

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return fallback;
  }
}

/** What decides the sandbox verdict, as one key. */
export function probeKey(codexPath: string, env: NodeJS.ProcessEnv): string {
  const bwrap = findOnPath("bwrap", env.PATH ?? "");
  let bwrapId = "none";
  if (bwrap) {
    try {
      bwrapId = binaryIdentity(bwrap);
    } catch {
      bwrapId = `unreadable:${bwrap}`;
    }
  }
  const container = [...detectContainer(env).signs, os.hostname(), createHash("sha256").update(readOr("/proc/1/cgroup", "")).digest("hex").slice(0, 16)].join(",");
  const sysctls = USERNS_SYSCTLS.map((file) => readOr(file, "-")).join(",");
  const raw = [binaryIdentity(codexPath), bwrapId, os.release(), sysctls, container, process.getuid?.() ?? ""].join("|");
  return createHash("sha256").update(raw).digest("hex").slice(0, 32);
}

function readProbeCache(file: string): Record<string, { atMs: number; probe: SandboxProbe }> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, { atMs: number; probe: SandboxProbe }>;
  } catch {
    return {};
  }
}

async function persistedProbe(codexPath: string, env: NodeJS.ProcessEnv): Promise<SandboxProbe> {
  const file = path.join(stateDir(env), "sandbox-probe-cache.json");
  const key = probeKey(codexPath, env);
  const hit = readProbeCache(file)[key];
  if (hit && hit.probe.works && Date.now() - hit.atMs < PROBE_TTL_MS) return hit.probe;
  const probe = await probeSandbox(codexPath, env);
  if (probe.works) {
    try {
      writeFileReplacing(file, JSON.stringify({ ...readProbeCache(file), [key]: { atMs: Date.now(), probe } }), { mode: 0o600 });
    } catch {
      // an unwritable state dir only costs the next run another probe
    }
  }
  return probe;
}

/** One probe per key (probeKey) per process, and a working result shared across processes for PROBE_TTL_MS:
 *  the gate asks before every run. */
export function cachedSandboxProbe(codexPath: string, env: NodeJS.ProcessEnv = process.env): Promise<SandboxProbe> {
  const key = probeKey(codexPath, env);
  let probe = cache.get(key);
  if (!probe) {
    probe = persistedProbe(codexPath, env);
    cache.set(key, probe);
  }
  return probe;
}
