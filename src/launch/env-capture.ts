// The environment a shell context really hands Codex is the one after the shell's rc files ran. The
// shell writes it (`env -0`) to a file of ours just before exec'ing Codex, so launchEnv is measured.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { stateDir } from "../core/paths.js";
import { readFileNoFollow } from "../core/safe-fs.js";

/** Name of the variable that tells the shell where to write; it is unset before Codex starts. */
export const CAPTURE_VAR = "CODEX_HEADLESS_ENV_CAPTURE";

/**
 * The script a shell runs with `-c`: save where to write, unset that name, dump the environment,
 * then exec Codex. Codex's path is $0 and its arguments "$@" — nothing is interpolated into the
 * script, so no prompt or argument is ever parsed by the shell.
 */
export const CAPTURE_THEN_EXEC = `__chl_f=$${CAPTURE_VAR}; unset ${CAPTURE_VAR}; env -0 > "$__chl_f"; unset __chl_f; exec "$0" "$@"`;

/** Plain exec, for when the caller does not want the capture (bench: cost of the capture itself). */
export const EXEC_ONLY = `unset ${CAPTURE_VAR}; exec "$0" "$@"`;

export interface CaptureFile {
  file: string;
  dir: string;
}

/** A private directory for one capture, in our state directory: never under $TMPDIR, which every
 *  workspace-write sandbox can write (a run rewrote its own record's launchEnv there, and a FIFO in
 *  place of the file would hang us after the run). */
export function newCaptureFile(env: NodeJS.ProcessEnv): CaptureFile {
  const parent = path.join(stateDir(env), "launch-captures");
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(path.join(parent, "launch-"));
  return { dir, file: path.join(dir, "env0") };
}

export function parseEnv0(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** Reads and removes a capture; undefined when the shell never got as far as writing it. */
export function readCapture(capture: CaptureFile): Record<string, string> | undefined {
  try {
    const text = readFileNoFollow(capture.file);
    return text ? parseEnv0(text.toString("utf8")) : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(capture.dir, { recursive: true, force: true });
  }
}
