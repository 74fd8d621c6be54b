// Brings another Codex version into a cache of our own (the npm registry's platform package, unpacked),
// so its inventory can be compared with the installed one. Nothing is installed globally.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { cacheDir } from "../core/paths.js";
import { readFileNoFollow, writeFileReplacing } from "../core/safe-fs.js";
import { runCommand } from "../process/spawn.js";

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

export async function fetchCodexVersion(version: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(version)) throw new CodexHeadlessError("usage", `--diff: ${JSON.stringify(version)} is not a version like 0.166.0`);
  const platform = PLATFORM[`${process.platform}-${process.arch}`];
  if (!platform) throw new CodexHeadlessError("environment", `--diff: no Codex build for ${process.platform}-${process.arch}`);
  const cache = path.join(cacheDir(env), "codex-versions");
  const dir = path.join(cache, version);
  const binary = path.join(dir, "package", "vendor", platform.triple, "bin", "codex");
  if (await verifiedCached(dir, binary).catch(() => false)) return binary;
  // Absent, half-unpacked, or not what we unpacked: fetched again from the registry.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const spec = `@openai/codex@${version}-${platform.suffix}`;
  const pack = await runCommand("npm", ["pack", spec, "--pack-destination", dir], { cwd: dir, env, timeoutMs: 300_000 });
  if (pack.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const said = `${pack.stderr}\n${pack.stdout}`;
    const reason = /E404|No matching version|ETARGET|notarget/i.test(said)
      ? "no such version on the npm registry"
      : /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|network/i.test(said)
        ? "the npm registry is not reachable"
        : `npm pack failed (exit ${String(pack.code)})`;
    throw new CodexHeadlessError("usage", `--diff ${version}: ${reason} (${spec})`);
  }
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new CodexHeadlessError("environment", `--diff ${version}: npm pack wrote no tarball`);
  const untar = await runCommand("tar", ["-xzf", tarball], { cwd: dir, env, timeoutMs: 300_000 });
  rmSync(path.join(dir, tarball), { force: true });
  if (untar.code !== 0 || !existsSync(binary)) throw new CodexHeadlessError("environment", `--diff ${version}: could not unpack ${spec}`);
  writeFileReplacing(path.join(dir, MANIFEST), `${await sha256File(binary)}\n`);
  return binary;
}
