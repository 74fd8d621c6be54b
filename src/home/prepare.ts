// Turns a home mode into a directory Codex will use as CODEX_HOME for one run (or one thread).
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { gitTopLevel } from "../fs-lookup.js";
import path from "node:path";
import { CodexHeadlessError, errnoCode, usageError } from "../errors.js";
import { ambientCodexHome, isUnderTempDir, stateDir } from "./location.js";

export type HomeMode = "ambient" | "isolated" | "repo" | "path";

export interface PreparedHome {
  path: string;
  mode: HomeMode;
  /** True when the directory was created for this run and is ours to remove. */
  temporary: boolean;
  /** Removes a temporary home unless it is kept; returns the kept path, if any. */
  release(keep: boolean): string | undefined;
}

export function parseHomeMode(value: string): { mode: HomeMode; path?: string } {
  if (value === "ambient" || value === "isolated" || value === "repo") return { mode: value };
  if (!value.trim()) throw usageError("--home: empty value; expected ambient, isolated, repo or a path");
  return { mode: "path", path: path.resolve(value) };
}

function ensureDirectory(dir: string, label: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw usageError(`${label}: ${dir} exists and is not a directory`, { path: dir });
    // Codex writes its state database, sessions and helper links there on every run; without write
    // access it fails only after starting (measured: "unable to open database file").
    try {
      accessSync(dir, constants.W_OK);
    } catch (cause) {
      throw new CodexHeadlessError("usage", `${label}: ${dir} is not writable (${errnoCode(cause)}); Codex keeps its state there`, { cause, data: { path: dir } });
    }
    return;
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new CodexHeadlessError("usage", `${label}: cannot create ${dir} (${errnoCode(cause)})`, { cause, data: { path: dir } });
  }
}

/** `.codex-home/` in the repository, kept out of git. */
function repoHome(cwd: string): string {
  const top = gitTopLevel(cwd) ?? path.resolve(cwd);
  const home = path.join(top, ".codex-home");
  const gitignore = path.join(top, ".gitignore");
  const listed = existsSync(gitignore) && readFileSync(gitignore, "utf8").split(/\r?\n/).some((line) => /^\/?\.codex-home\/?$/.test(line.trim()));
  if (!listed) {
    const prefix = existsSync(gitignore) && !readFileSync(gitignore, "utf8").endsWith("\n") ? "\n" : "";
    appendFileSync(gitignore, `${prefix}.codex-home/\n`);
  }
  return home;
}

export function prepareHome(value: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): PreparedHome {
  const env = options.env ?? process.env;
  const parsed = parseHomeMode(value);
  const keepAlways = (dir: string, mode: HomeMode): PreparedHome => ({ path: dir, mode, temporary: false, release: () => undefined });
  switch (parsed.mode) {
    case "ambient":
      return keepAlways(ambientCodexHome(env), "ambient");
    case "repo": {
      const dir = repoHome(options.cwd);
      ensureDirectory(dir, "--home repo");
      return keepAlways(dir, "repo");
    }
    case "path": {
      const dir = parsed.path!;
      ensureDirectory(dir, "--home");
      return keepAlways(dir, "path");
    }
    case "isolated": {
      const root = path.join(stateDir(env), "homes");
      if (isUnderTempDir(root, env)) {
        throw new CodexHeadlessError("environment", `isolated homes would live under the temp dir (${root}); Codex refuses helper binaries there. Set CODEX_HEADLESS_STATE_DIR elsewhere.`);
      }
      ensureDirectory(root, "isolated home root");
      let dir: string;
      try {
        dir = mkdtempSync(path.join(root, "home-"));
      } catch (cause) {
        throw new CodexHeadlessError("environment", `cannot create an isolated home under ${root} (${errnoCode(cause)}); set CODEX_HEADLESS_STATE_DIR to a writable place`, { cause, data: { path: root } });
      }
      let released = false;
      return {
        path: dir,
        mode: "isolated",
        temporary: true,
        release(keep) {
          if (released) return keep ? dir : undefined;
          released = true;
          if (keep) return dir;
          rmSync(dir, { recursive: true, force: true });
          return undefined;
        },
      };
    }
  }
}
