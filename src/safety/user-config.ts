// The sandbox a user's own Codex configuration asks for. Bare `codex exec` applies `sandbox_mode` from
// the home's config.toml, and from the `--profile NAME` file (`<home>/NAME.config.toml`, which wins);
// codex-headless always names a sandbox to Codex (so that what runs is what the gate judged), which
// used to replace the user's setting with the policy's default in silence (issue 20, case 3; measured
// on 0.169.0: with `sandbox_mode = "workspace-write"` in either file bare exec writes the workspace).
// So the gate takes the setting as the run's ask when the run names no sandbox itself.
//
// Only what the user wrote counts, read where no run could have changed it: the config of an ambient
// or a path home, judged against every sandboxed run's reach (this run's and earlier ones'). Never a
// repo home (its config.toml is written by runs: Codex records trusted projects there), never a
// project `.codex/config.toml` (in the workspace), never an isolated home (fresh, empty).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { errnoCode } from "../core/errors.js";
import { SANDBOX_MODES, type SandboxMode } from "../codex/vocabulary.js";
import { reachingFile, reachReason, type SandboxReach } from "./sandbox-reach.js";

export interface ConfigSandboxAsk {
  mode: SandboxMode;
  /** The file that asks, for notices: `<home>/config.toml` or `<home>/NAME.config.toml`. */
  file: string;
}

export interface ConfigSandboxInput {
  homeMode: string;
  /** The home's folder, when known before it is prepared (ambient, repo, a path). */
  home: string | undefined;
  /** `--profile NAME`: Codex reads `<home>/NAME.config.toml` over config.toml. */
  profile?: string | undefined;
  /** What any sandboxed run could have written (safety/reach-history.ts, withEarlierRoots). */
  reach: SandboxReach;
}

/** The file Codex reads for a profile (0.169.0: "move those settings into <home>/NAME.config.toml"). */
export const profileFile = (home: string, profile: string): string => path.join(home, `${profile}.config.toml`);

/** `sandbox_mode` of one TOML file, when it names a mode Codex knows. A file that is missing, does
 *  not parse or names an unknown mode gives nothing: Codex reports the last two itself (exit 2). */
function sandboxModeIn(file: string): SandboxMode | undefined {
  let text: string;
  try {
    // Links are followed (dotfile managers link config.toml): the caller judged both spellings.
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes(errnoCode(error) ?? "")) return undefined;
    throw error;
  }
  try {
    const mode = (parse(text) as Record<string, unknown>).sandbox_mode;
    return (SANDBOX_MODES as readonly unknown[]).includes(mode) ? (mode as SandboxMode) : undefined;
  } catch {
    return undefined;
  }
}

/** What the user's configuration asks for the sandbox: `ask` when it counts, `ignored` (one line for
 *  the notices) when a file asks but cannot count, nothing when no file asks. */
export function configSandbox(input: ConfigSandboxInput): { ask?: ConfigSandboxAsk; ignored?: string } {
  const { homeMode, home, profile, reach } = input;
  if (!home || homeMode === "isolated") return {};
  // The profile's file wins over config.toml, as in Codex.
  const files = [...(profile ? [profileFile(home, profile)] : []), path.join(home, "config.toml")];
  for (const file of files) {
    const root = reachingFile(reach, file);
    if (root) {
      // Not even read: a sandboxed run could have written it (a guard refuses such a home anyway).
      return { ignored: `${file} is not read for sandbox_mode: ${reachReason(reach, root)}; pass --sandbox` };
    }
    const mode = sandboxModeIn(file);
    if (!mode) continue;
    if (homeMode === "repo") {
      return { ignored: `${file} asks sandbox_mode = "${mode}"; not applied: a repo home's configuration is written by runs (Codex records trusted projects there), not only by you; pass --sandbox ${mode}` };
    }
    return { ask: { mode, file } };
  }
  return {};
}
