// Where a run may read and write: checked after the gate said what the run's sandbox can write, before
// anything is created (DESIGN, "Safety rule"). Errors: usage (exit 2), one line naming the path.
import { readdirSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { plannedHomePath } from "../home/prepare.js";
import { ambientCodexHome, resolvedPath } from "../core/paths.js";
import { reachingStatePlace } from "../safety/state-places.js";
import { controlFilePaths } from "../home/seal.js";
import { defaultWorkspaceReach, plantedLinkRoot, reachingRoot, reachReason, type SandboxReach } from "../safety/sandbox-reach.js";
import type { RunHooks } from "./hooks.js";
import type { RunSpec } from "./spec.js";

/** Codex reads image files outside the sandbox and sends their bytes to the model provider. An image
 *  path in the run's writable roots that is (or passes through) a link may have been pointed at
 *  anything by an earlier sandboxed command (a key file, sent as an "image"): refused, one line. */
export function guardImages(reach: SandboxReach, spec: RunSpec, files: string[]): void {
  files.forEach((file, i) => {
    const root = plantedLinkRoot(reach, file);
    if (root) throw new CodexHeadlessError("usage", `image ${spec.images[i]}: a link where a sandboxed run can write (${reachReason(reach, root)}); give the file itself`, { data: { path: file, root } });
  });
}

/** A folder we write into across several runs (a collaboration's `--out`), judged before anything is
 *  made there: one reached through a link a sandboxed run in `cwd` could have planted — this folder's
 *  workspace-write roots with the built-in policy, and every earlier run's — is refused, as `--record`
 *  is (red team 29: `collab-run` planted as a link to a folder out of reach, and the next collab wrote
 *  its transcript there). Each run then judges it again with its own policy (RunHooks.outputs). */
export function guardOutputFolder(flag: string, dir: string, cwd: string, env: NodeJS.ProcessEnv): void {
  guardLinkBeforeRun(flag, dir, cwd, env, "give the real folder");
}

/** A file we read or write outside any run's gate, judged as guardOutputFolder judges: reached through
 *  a link a sandboxed run could have planted, it is refused before it is used. `--output-schema`: its
 *  text goes to the provider as the answer's schema (red team 29: a `schema.json` relinked to a
 *  credentials file sent its secrets to the provider; `--image` was refused so already, guardImages).
 *  `home snapshot --out`: a planted link had the snapshot replace a file out of reach (red team 30). */
export function guardFile(flag: string, file: string, cwd: string, env: NodeJS.ProcessEnv): void {
  guardLinkBeforeRun(flag, file, cwd, env, "give the file itself");
}

function guardLinkBeforeRun(flag: string, target: string, cwd: string, env: NodeJS.ProcessEnv, fix: string): void {
  const reach = defaultWorkspaceReach(cwd, env);
  const linkRoot = plantedLinkRoot(reach, path.resolve(target));
  if (linkRoot) throw new CodexHeadlessError("usage", `${flag} ${target} passes through a link where a sandboxed run can write (under ${linkRoot}); ${fix}`, { data: { path: target, root: linkRoot } });
}

/** Our state and cache directories (and the default state directory, which a later run without the
 *  variables trusts) must lie out of `workspaceReach`: they hold homes, seals, probe verdicts, parsed
 *  start-up files and the history of writable roots that later runs trust. prepareRun asks this first,
 *  before the gate reads any of them (a run in $HOME, whose ~/.local/state is in its workspace, was
 *  judged by the gate, from what that folder held, before being refused for it), and guardLocations
 *  again with the gate's fuller reach (the policy's writable roots). Errors: usage (exit 2). */
export function guardStateDirs(workspaceReach: SandboxReach, env: NodeJS.ProcessEnv): void {
  const found = reachingStatePlace(workspaceReach, env);
  if (found) throw new CodexHeadlessError("usage", `${found.place.what} lies where a sandboxed run can write (${reachReason(workspaceReach, found.root)}): ${found.place.why}`, { data: { path: found.place.path, root: found.root } });
}

function refuseInReach(workspaceReach: SandboxReach, places: Array<{ what: string; path: string; why: string }>): void {
  for (const place of places) {
    const root = reachingRoot(workspaceReach, place.path);
    if (root) throw new CodexHeadlessError("usage", `${place.what} lies where a sandboxed run can write (${reachReason(workspaceReach, root)}): ${place.why}`, { data: { path: place.path, root } });
  }
}

/** Nothing we read or write unsandboxed may lie where this run's sandbox can write (DESIGN, "Safety
 *  rule"). Checked before anything is created. Errors: usage (exit 2), one line naming the path. */
export function guardLocations(gate: { reach: SandboxReach; workspaceReach: SandboxReach }, spec: RunSpec, homeMode: string, hooks: Pick<RunHooks, "outputs" | "home">, env: NodeJS.ProcessEnv): void {
  const { reach, workspaceReach } = gate;
  if (reach.unbounded) return; // danger-full-access: the external sandbox is the boundary (a gate notice says so)
  // What we write after this run: judged against this run's reach (a link planted earlier is
  // replaced, not followed, by our writes), and never through a folder link an earlier run could plant.
  for (const output of hooks.outputs ?? []) {
    const root = reachingRoot(reach, output.path);
    if (root) throw new CodexHeadlessError("usage", `${output.flag} ${output.path} is writable by this run (${reachReason(reach, root)}): a command could plant links there that our writes after the run would follow`, { data: { path: output.path, root } });
    const linkRoot = plantedLinkRoot(workspaceReach, output.path);
    if (linkRoot) throw new CodexHeadlessError("usage", `${output.flag} ${output.path} passes through a link where a sandboxed run can write (under ${linkRoot}); give the real folder`, { data: { path: output.path, root: linkRoot } });
  }
  // What we read before and between runs: judged against what any sandboxed run here could write.
  const home = homeMode === "isolated" && !hooks.home ? undefined : (hooks.home?.path ?? plannedHomePath(homeMode, { cwd: spec.cwd, env }));
  guardStateDirs(workspaceReach, env);
  const places = [
    ...(home === undefined
      ? []
      : [{ what: `CODEX_HOME ${home}`, path: home, why: `a command could change the configuration (notify, MCP servers) a run executes outside the sandbox; use ${optionName("home", "isolated")}, repo, or a path outside the workspace` }]),
    // What --seed-config copies is configuration the run executes outside the sandbox, as above.
    ...(spec.seedConfig ? [{ what: `the ambient CODEX_HOME ${ambientCodexHome(env)} that ${optionName("seedConfig")} copies`, path: ambientCodexHome(env), why: `a command could plant configuration (notify, MCP servers) the seeded run would execute outside the sandbox; drop ${optionName("seedConfig")}` }] : []),
  ];
  refuseInReach(workspaceReach, places);
  // The home's own control files may be links (dotfiles): Codex reads them through the link, so one
  // whose target a sandboxed run can write is as planted as the home itself (red team, issue 27).
  if (home !== undefined) {
    for (const relative of controlFilePaths(home)) {
      const target = resolvedPath(path.join(home, relative));
      const root = reachingRoot(workspaceReach, target);
      if (root) throw new CodexHeadlessError("usage", `CODEX_HOME ${home}'s ${relative} is a link to ${target}, which lies where a sandboxed run can write (${reachReason(workspaceReach, root)}): Codex runs what it names (notify, MCP servers) outside the sandbox; keep the file out of the workspace, or use ${optionName("home", "isolated")}`, { data: { path: target, root } });
    }
  }
  // So may any entry of its top level, and the folder Codex makes its helpers in: Codex starts every
  // sandboxed command through `tmp/arg0-linux/codex-arg0*/codex-linux-sandbox`, on the host, and a
  // `tmp` linking under $TMPDIR let a command swap that launcher for the next (red team 27).
  if (home !== undefined) {
    for (const relative of homeEntries(home)) {
      const target = resolvedPath(path.join(home, relative));
      const root = reachingRoot(workspaceReach, target);
      // Not a link: the home holds a folder a sandboxed run can write (a workspace inside the home).
      const what = target === resolvedPath(home) + path.sep + relative ? "lies" : `is a link to ${target}, which lies`;
      if (root) throw new CodexHeadlessError("usage", `CODEX_HOME ${home}'s ${relative} ${what} where a sandboxed run can write (${reachReason(workspaceReach, root)}): Codex keeps its helper programs (the sandbox launcher it starts each command through), databases and sessions in its home; keep the home and what it holds out of the workspace and the temp dirs, or use ${optionName("home", "isolated")}`, { data: { path: target, root } });
    }
  }
  // The copy never follows a link inside the ambient home; nor may its path pass through one a run planted.
  const seedLink = spec.seedConfig ? plantedLinkRoot(workspaceReach, ambientCodexHome(env)) : undefined;
  if (seedLink) throw new CodexHeadlessError("usage", `the ambient CODEX_HOME ${ambientCodexHome(env)} that ${optionName("seedConfig")} copies passes through a link where a sandboxed run can write (under ${seedLink}); drop ${optionName("seedConfig")}`, { data: { path: ambientCodexHome(env), root: seedLink } });
}

/** The names of `home`'s top-level entries, and `tmp/arg0-linux` (Codex's helper folder), each
 *  judged where its links lead. */
function homeEntries(home: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(home);
  } catch {
    return [];
  }
  return [...names, path.join("tmp", "arg0-linux")];
}
