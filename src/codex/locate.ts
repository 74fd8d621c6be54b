// Finds the Codex binary a run will use and its version. "pinned" is the exact version installed
// from package.json; "system" is whatever the user's shell finds on PATH; anything else is a path.
import { accessSync, constants, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CodexHeadlessError, usageError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { ownPackageJson } from "../core/package-root.js";
import { findOnPath } from "../core/fs-lookup.js";
import { stateDir } from "../core/paths.js";
import { readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";
import { z } from "zod";
import { binaryIdentity } from "./binary-identity.js";
import { runCommand } from "../process/spawn.js";

const require = createRequire(import.meta.url);

export type CodexChoice = "pinned" | "system" | (string & {});

export interface CodexBinary {
  /** How it was chosen: pinned, system, or path. */
  source: "pinned" | "system" | "path";
  /** Absolute path of the executable we spawn. */
  path: string;
  /** Version reported by `codex --version`, e.g. "0.169.0". */
  version: string;
}

const TARGETS: Record<string, string> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

export function pinnedCodexVersion(): string {
  const own = ownPackageJson();
  const version = own.dependencies?.["@openai/codex"];
  if (!version) throw new CodexHeadlessError("internal", "package.json does not pin @openai/codex");
  return version;
}

/** The version of the @openai/codex package installed beside us (read from its package.json: asking
 *  the binary would write helper links into a Codex home), or undefined when it is not installed. */
export function installedPinnedVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(require.resolve("@openai/codex/package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The native binary inside the pinned npm package. We skip the package's node launcher: one process
 *  less, and signals reach Codex itself rather than a wrapper. */
export function pinnedCodexPath(): string {
  const key = `${process.platform}-${process.arch}`;
  const triple = TARGETS[key];
  if (!triple) throw new CodexHeadlessError("environment", `no pinned Codex build for platform ${key}`);
  let vendorRoot: string;
  try {
    vendorRoot = path.join(path.dirname(require.resolve(`@openai/codex-${key}/package.json`)), "vendor");
  } catch (cause) {
    throw new CodexHeadlessError("environment", `the pinned Codex (@openai/codex-${key}) is not installed; run npm ci`, { cause });
  }
  return path.join(vendorRoot, triple, "bin", "codex");
}

/** Where `choice` names a binary: `system` is searched on `env`'s PATH (doctor passes the PATH it
 *  kept, without folders a sandboxed run could have written). Errors: usage (a path that is no
 *  executable file), environment (no pinned install, no `codex` on PATH). */
export function resolveCodexPath(choice: CodexChoice = process.env.CODEX_HEADLESS_CODEX ?? "pinned", env: NodeJS.ProcessEnv = process.env): {
  source: CodexBinary["source"];
  path: string;
} {
  if (choice === "pinned") return { source: "pinned", path: pinnedCodexPath() };
  if (choice === "system") {
    const found = findOnPath("codex", env.PATH ?? "");
    if (!found) throw new CodexHeadlessError("environment", `${optionName("codex", "system")}: no \`codex\` on PATH`);
    return { source: "system", path: found };
  }
  const absolute = path.resolve(choice);
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    throw usageError(`${optionName("codex")}: no such file ${absolute}`, { path: absolute });
  }
  if (!isFile) throw usageError(`${optionName("codex")}: ${absolute} is not a file`, { path: absolute });
  try {
    accessSync(absolute, constants.X_OK);
  } catch {
    throw usageError(`${optionName("codex")}: ${absolute} is not executable`, { path: absolute });
  }
  return { source: "path", path: absolute };
}

const versionCache = new Map<string, Promise<string>>();

// `codex --version` costs a process start on every run (~20 ms idle, far more on a loaded machine);
// the answer is kept per binary identity (path, inode, size, mtime, ctime: see binary-identity.ts) in
// our state directory, which no sandboxed run can write, so a replaced binary is asked again.
const VERSIONS_FILE = "codex-versions.json";
const versionsSchema = z.record(z.string(), z.string());

/** Every version kept so far, by binary identity; {} when the file is missing, torn or not ours. */
function persistedVersions(): Record<string, string> {
  try {
    const text = readFileNoFollow(path.join(stateDir(), VERSIONS_FILE))?.toString("utf8");
    return text === undefined ? {} : versionsSchema.parse(JSON.parse(text));
  } catch {
    return {}; // unreadable or not ours: ask the binary, and replace the file
  }
}

function persistVersion(known: Record<string, string>, identity: string, version: string): void {
  try {
    // A handful of binaries at most (the pin, a system one, versions fetched for --diff); bounded anyway.
    const kept = Object.entries(known).filter(([key]) => key !== identity).slice(-31);
    writeFileReplacing(path.join(stateDir(), VERSIONS_FILE), JSON.stringify(Object.fromEntries([...kept, [identity, version]])), { mode: 0o600 });
  } catch {
    // an unwritable state dir only costs the next run another `--version`
  }
}

export function parseCodexVersion(output: string): string | undefined {
  return /codex(?:-cli)?\s+v?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)/i.exec(output)?.[1];
}

/** The binary's version: `codex --version` once per binary (kept by identity across processes);
 *  stdin closed and a short deadline, like every child. Errors: environment (not a working Codex). */
export function codexVersion(binaryPath: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let cached = versionCache.get(binaryPath);
  if (!cached) {
    let identity: string | undefined;
    try {
      identity = binaryIdentity(binaryPath);
    } catch {
      identity = undefined; // missing: the spawn below says so
    }
    const versions = identity ? persistedVersions() : {};
    const known = identity ? versions[identity] : undefined;
    if (known) {
      cached = Promise.resolve(known);
      versionCache.set(binaryPath, cached);
      return cached;
    }
    // Even `codex --version` writes into $CODEX_HOME (tmp/arg0-linux helper links), creating ~/.codex if
    // it is missing: asking the version must not touch the user's home, so it gets one of ours.
    const probeHome = path.join(stateDir(), "version-probe-home");
    mkdirSync(probeHome, { recursive: true, mode: 0o700 });
    cached = runCommand(binaryPath, ["--version"], { env: { ...env, CODEX_HOME: probeHome }, timeoutMs: 15_000 })
      .then(({ stdout, spawnError }) => {
        if (spawnError) throw spawnError;
        const version = parseCodexVersion(stdout);
        if (!version) throw new CodexHeadlessError("environment", `${binaryPath} --version printed no Codex version: ${stdout.trim().slice(0, 80)}`);
        if (identity) persistVersion(versions, identity, version);
        return version;
      })
      .catch((cause: unknown) => {
        versionCache.delete(binaryPath);
        if (cause instanceof CodexHeadlessError) throw cause;
        throw new CodexHeadlessError("environment", `${binaryPath} is not a working Codex binary (--version failed)`, { cause });
      });
    versionCache.set(binaryPath, cached);
  }
  return cached;
}

export async function locateCodex(choice?: CodexChoice, env: NodeJS.ProcessEnv = process.env): Promise<CodexBinary> {
  const resolved = resolveCodexPath(choice, env);
  return { ...resolved, version: await codexVersion(resolved.path, env) };
}
