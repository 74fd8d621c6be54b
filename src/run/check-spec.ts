// The pre-spawn usage checks of a run: one list, run by the CLI before it says anything and by the
// runner's prepare stage for every other caller (library, threads, MCP, pool), so a check cannot
// exist in one and not the other. Each is about the spec and the caller's hooks alone: nothing is
// spawned or created. Errors: usage (exit 2), one line.
import { accessSync, closeSync, constants, openSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { optionName as o } from "../core/option-names.js";
import { parseHomeMode } from "../home/prepare.js";
import { parseOverride } from "../codex/config-overrides.js";
import type { ApprovalCallback } from "../codex/approvals.js";
import type { PreparedHome } from "../home/prepare.js";
import type { RunOptions, RunSpec } from "./spec.js";

/** What of the caller's hooks the checks look at. */
export interface CheckHooks {
  /** The caller's environment (default: process.env): where `--home` paths are resolved. */
  env?: NodeJS.ProcessEnv;
  /** A home the caller keeps across runs: its mode is the run's. */
  home?: PreparedHome;
  onApproval?: ApprovalCallback;
  askApproval?: ApprovalCallback;
}

/**
 * Every usage check a run passes before anything is spawned, in this order: the home mode, the
 * seed configuration, --keep-home, the transport's combinations, the config overrides, the working
 * directory, the images. Returns the images as absolute paths (see readableImages). Error: usage,
 * naming the first thing wrong.
 */
export function checkSpec(spec: RunSpec, hooks: CheckHooks = {}): { images: string[] } {
  parseHomeMode(spec.home, spec.cwd, hooks.env ?? process.env); // bad --home: refused before the gate's probe spawns anything
  const homeMode = hooks.home?.mode ?? spec.home;
  checkSeedConfig(spec, homeMode);
  checkKeepHome(spec, homeMode);
  checkTransport(spec, hooks);
  checkConfigOverrides(spec);
  checkWorkingDirectory(spec);
  return { images: readableImages(spec) };
}

/** --keep-home keeps the temporary home a run made: with any other home it said nothing and did
 *  nothing (a newcomer trial: `--home ambient --keep-home` passed silently). Error: usage. */
export function checkKeepHome(spec: RunSpec, homeMode: string): void {
  if (spec.keepHome && homeMode !== "isolated") throw new CodexHeadlessError("usage", `${o("keepHome")} keeps a temporary home; ${o("home", homeMode)} is not one (it outlives the run anyway)`);
}

/** Each `-c` override is KEY=VALUE, as Codex requires: the library started Codex with `noequals` and
 *  reported Codex's failure (exit 1), where the CLI refused it (a newcomer trial). Error: usage. */
export function checkConfigOverrides(spec: Pick<RunSpec, "config">): void {
  // Read as Codex reads an override (parseOverride): no '=', or nothing before it, names no key.
  for (const pair of spec.config) if (!parseOverride(pair)?.key) throw new CodexHeadlessError("usage", `${o("config")}: expected KEY=VALUE, got ${JSON.stringify(pair)}`);
}

/** --seed-config copies the ambient home into a fresh one: it means nothing for a home that is not
 *  made for the run. Error: usage. */
export function checkSeedConfig(spec: RunSpec, homeMode: string): void {
  if (spec.seedConfig && homeMode !== "isolated") throw new CodexHeadlessError("usage", `${o("seedConfig")} seeds a fresh isolated home; ${o("home", homeMode)} is not one (use ${o("home", "isolated")})`);
}

/** Combinations that cannot work, refused before anything starts. Also checked on a thread's
 *  options alone (no prompt yet), when the thread is created. */
export function checkTransport(spec: Pick<RunOptions, "jail" | "context" | "transport" | "onApproval" | "approval" | "profile">, hooks: Pick<CheckHooks, "onApproval" | "askApproval">): void {
  if (spec.jail && spec.context !== "direct") throw new CodexHeadlessError("usage", `${o("jail")} runs Codex directly; ${o("context", spec.context)} needs the user's shell and its files, which the jail hides`);
  if (spec.transport === "exec") {
    if (spec.onApproval || hooks.onApproval) throw new CodexHeadlessError("usage", `${o("onApproval")} needs ${o("transport", "app-server")}: codex exec cannot ask for approvals`);
    // Measured on 0.169.0: exec takes the policy only as configuration, where "untrusted" is refused
    // ("approval_policy = \"untrusted\" is no longer supported"), after Codex has started.
    if (spec.approval === "untrusted") throw new CodexHeadlessError("usage", `${o("approval", "untrusted")} needs ${o("transport", "app-server")}: codex exec refuses it ("no longer supported")`);
    return;
  }
  if (spec.profile) throw new CodexHeadlessError("usage", `${o("profile")} needs ${o("transport", "exec")}: codex app-server has no profile flag (use ${o("config")} overrides)`);
  if (spec.context === "pty") throw new CodexHeadlessError("usage", `${o("transport", "app-server")} speaks JSON-RPC over pipes; the pty context puts Codex on a terminal. Use another context`);
  if (spec.onApproval === "ask" && !hooks.onApproval && !hooks.askApproval) {
    throw new CodexHeadlessError("usage", `${o("onApproval", "ask")} needs a terminal to ask on, and there is none; use accept or decline`);
  }
}

/** The run's working directory must be an existing folder: otherwise the spawn of Codex (or of the
 *  launch context's shell) fails with ENOENT, which used to read as a Codex failure. Error: usage. */
export function checkWorkingDirectory(spec: RunSpec): void {
  const stat = statSync(spec.cwd, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new CodexHeadlessError("usage", `cwd ${spec.cwd}: ${stat ? "not a folder" : "no such folder"}`, { data: { path: spec.cwd } });
}

/** The run's images as absolute paths (relative ones taken from the run's cwd, where Codex would take
 *  them), each a readable file; checked before anything is spawned. Error: usage, naming the path. */
export function readableImages(spec: RunSpec): string[] {
  return spec.images.map((image) => {
    const file = path.resolve(spec.cwd, image);
    let why: string | undefined;
    try {
      if (!statSync(file).isFile()) why = "not a file";
      else accessSync(file, constants.R_OK);
    } catch (error) {
      why = errnoCode(error) === "ENOENT" ? "no such file" : `not readable (${errnoCode(error)})`;
    }
    why ??= notAnImage(file);
    if (why) throw new CodexHeadlessError("usage", `image ${image}: ${why}`, { data: { path: file } });
    return file;
  });
}

// The signatures the image crate Codex decodes with guesses a format from (it guesses before it
// decodes, so a file with none of them is never decoded): PNG, JPEG, GIF, WebP, TIFF, BMP, ICO,
// Radiance HDR, OpenEXR, PNM, farbfeld, AVIF, QOI, DDS.
const IMAGE_SIGNATURES: ReadonlyArray<(head: Buffer) => boolean> = [
  (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  (h) => h.toString("latin1", 0, 4) === "GIF8",
  (h) => h.toString("latin1", 0, 4) === "RIFF" && h.toString("latin1", 8, 12) === "WEBP",
  (h) => ["II*\0", "MM\0*"].includes(h.toString("latin1", 0, 4)),
  (h) => h.toString("latin1", 0, 2) === "BM",
  (h) => h.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0])),
  (h) => h.toString("latin1", 0, 10) === "#?RADIANCE",
  (h) => h.subarray(0, 4).equals(Buffer.from([0x76, 0x2f, 0x31, 0x01])),
  (h) => /^P[1-7]$/.test(h.toString("latin1", 0, 2)),
  (h) => ["farbfeld", "qoif", "DDS "].some((magic) => h.toString("latin1", 0, magic.length) === magic),
  (h) => h.toString("latin1", 4, 12) === "ftypavif",
];

/** Why `file` is no image Codex could decode, or undefined. Codex sends "image content omitted
 *  because it could not be processed" in its place and the run goes on (a newcomer trial). A link
 *  is not followed here: where it lies is judged later (run/guard-locations.ts), and Codex decodes it. */
function notAnImage(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(16);
    const read = readSync(fd, head, 0, head.length, 0);
    if (IMAGE_SIGNATURES.some((matches) => matches(head.subarray(0, read)))) return undefined;
    return read === 0 ? "an empty file, not an image" : "not an image (no PNG, JPEG, GIF, WebP or other image signature); Codex would send the model \"image content omitted\" instead";
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
