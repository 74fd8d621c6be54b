// Brings another Codex version into a cache of our own (the npm registry's platform package, unpacked),
// so its inventory can be compared with the installed one. Nothing is installed globally.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { cacheDir } from "../core/paths.js";
import { readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";
import { runCommand } from "../process/spawn.js";
import { locateCodex } from "./locate.js";

const MANIFEST = "binary.sha256";

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A cached binary is used only if it still hashes to what we recorded when we unpacked it: a
 *  binary changed in the cache would otherwise run, unsandboxed, on every later run. */
export async function verifiedCached(dir: string, binary: string): Promise<boolean> {
  if (!existsSync(binary)) return false;
  const recorded = readFileNoFollow(path.join(dir, MANIFEST))?.toString("utf8").trim();
  return recorded !== undefined && recorded === (await sha256File(binary));
}

const PLATFORM: Record<string, { suffix: string; triple: string }> = {
  "linux-x64": { suffix: "linux-x64", triple: "x86_64-unknown-linux-musl" },
  "linux-arm64": { suffix: "linux-arm64", triple: "aarch64-unknown-linux-musl" },
  "darwin-x64": { suffix: "darwin-x64", triple: "x86_64-apple-darwin" },
  "darwin-arm64": { suffix: "darwin-arm64", triple: "aarch64-apple-darwin" },
};

/**
 * The codex binary of `version` (e.g. "0.169.0"), fetched from the npm registry into our cache once
 * and verified on every later use. `flag` names the option in error messages ("--diff", "--codex").
 * Errors: usage (exit 2) for a malformed or unknown version or an unreachable registry.
 * Concurrent callers are safe: each unpacks into a folder of its own, renamed into place.
 */
export async function fetchCodexVersion(version: string, env: NodeJS.ProcessEnv = process.env, flag = "--diff"): Promise<string> {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(version)) throw new CodexHeadlessError("usage", `${flag}: ${JSON.stringify(version)} is not a version like 0.166.0`);
  const platform = PLATFORM[`${process.platform}-${process.arch}`];
  if (!platform) throw new CodexHeadlessError("environment", `${flag}: no Codex build for ${process.platform}-${process.arch}`);
  const cache = path.join(cacheDir(env), "codex-versions");
  const dir = path.join(cache, version);
  const inside = (root: string) => path.join(root, "package", "vendor", platform.triple, "bin", "codex");
  const binary = inside(dir);
  if (await verifiedCached(dir, binary).catch(() => false)) return binary;
  // Absent, half-unpacked, or not what we unpacked: fetched again from the registry, into a folder
  // of this process's own (two test files or two users' commands may fetch the same version at once).
  const work = path.join(cache, `.${version}.partial-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    const spec = `@openai/codex@${version}-${platform.suffix}`;
    const pack = await runCommand("npm", ["pack", spec, "--pack-destination", work], { cwd: work, env, timeoutMs: 300_000 });
    if (pack.code !== 0) {
      const said = `${pack.stderr}\n${pack.stdout}`;
      const reason = /E404|No matching version|ETARGET|notarget/i.test(said)
        ? "no such version on the npm registry"
        : /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|network/i.test(said)
          ? "the npm registry is not reachable"
          : `npm pack failed (exit ${String(pack.code)})`;
      throw new CodexHeadlessError("usage", `${flag} ${version}: ${reason} (${spec})`);
    }
    const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
    if (!tarball) throw new CodexHeadlessError("environment", `${flag} ${version}: npm pack wrote no tarball`);
    const untar = await runCommand("tar", ["-xzf", tarball], { cwd: work, env, timeoutMs: 300_000 });
    rmSync(path.join(work, tarball), { force: true });
    if (untar.code !== 0 || !existsSync(inside(work))) throw new CodexHeadlessError("environment", `${flag} ${version}: could not unpack ${spec}`);
    writeFileReplacing(path.join(work, MANIFEST), `${await sha256File(inside(work))}\n`);
    // Another process may have finished first: its copy is as good as ours once it verifies.
    if (await verifiedCached(dir, binary).catch(() => false)) return binary;
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(work, dir);
    } catch (error) {
      if (!(await verifiedCached(dir, binary).catch(() => false))) throw error;
    }
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/;

/** Whether `--codex` names a release (0.169.0) rather than pinned, system or a file. */
export const isCodexVersion = (which: string): boolean => VERSION.test(which) && !existsSync(which);

/** `--codex` as the CLI takes it: pinned, system, a path, or a version such as 0.169.0 (fetched into
 *  our cache as `inventory --diff` fetches one), answered as the binary to run. Whatever it names must
 *  answer `--version` as Codex does. Errors: usage (one line naming `flag`: no such version, the
 *  registry unreachable, not a Codex binary). */
export async function codexFromChoice(which: string, flag: string): Promise<string> {
  const binary = isCodexVersion(which) ? await fetchCodexVersion(which, process.env, flag) : which;
  try {
    await locateCodex(binary);
  } catch (error) {
    if (error instanceof CodexHeadlessError && error.code !== "internal") {
      const line = error.message.split("\n")[0]!;
      throw new CodexHeadlessError("usage", line.startsWith(flag) ? line : `${flag} ${which}: ${line}`);
    }
    throw error;
  }
  return binary;
}
