// Real rc files for a fixture HOME: each exports a marker variable and prepends a marker PATH entry,
// so a record shows which files ran on the way to Codex and to its tools. Never the user's HOME.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** rc file → the marker variable it exports (its PATH entry is $HOME/<marker>-bin). */
export const RC_MARKERS = {
  ".zprofile": "CHL_MARK_ZPROFILE",
  ".zshrc": "CHL_MARK_ZSHRC",
  ".bash_profile": "CHL_MARK_BASH_PROFILE",
  ".bashrc": "CHL_MARK_BASHRC",
} as const;
export type RcFile = keyof typeof RC_MARKERS;
export const MARKER_PATTERN = /^CHL_MARK_/;

export function markerPathEntry(home: string, marker: string): string {
  return path.join(home, `${marker}-bin`);
}

/** How the interactive rc files (.bashrc, .zshrc) behave: as fast as possible (default), slow like a
 *  heavy user setup (a version manager, a prompt framework), or failing half way. */
export interface RcBehaviour {
  /** Seconds the rc file spends before its exports (a user's .bashrc that loads nvm, conda, ...). */
  delaySeconds?: number;
  /** After its exports the rc file runs a command that does not exist and returns 1. */
  failing?: boolean;
}

const INTERACTIVE_RC: readonly string[] = [".bashrc", ".zshrc"];

/** Writes the four rc files (each on its own; none sources another, so every marker names one file). */
export function writeRcFiles(home: string, behaviour: RcBehaviour = {}): void {
  for (const [file, marker] of Object.entries(RC_MARKERS)) {
    const entry = markerPathEntry(home, marker);
    mkdirSync(entry, { recursive: true });
    const interactive = INTERACTIVE_RC.includes(file);
    const lines = [`# codex-headless fixture: marks that ${file} ran`];
    if (interactive && behaviour.delaySeconds) lines.push(`sleep ${behaviour.delaySeconds}`);
    lines.push(`export ${marker}=1`, `export PATH="${entry}:$PATH"`);
    if (interactive && behaviour.failing) lines.push("codex_headless_no_such_command_in_rc", "return 1");
    writeFileSync(path.join(home, file), `${lines.join("\n")}\n`);
  }
}

export interface RcSeen {
  /** rc files whose marker variable is in the environment. */
  variables: RcFile[];
  /** rc files whose marker PATH entry is on PATH (a PATH rebuilt later loses these, not the above). */
  pathEntries: RcFile[];
}

/** Which rc files left their mark on an environment, variable and PATH entry counted apart. */
export function rcSeen(env: Record<string, string> | undefined, home: string): RcSeen {
  const entries = (env?.PATH ?? "").split(":");
  const all = Object.entries(RC_MARKERS) as Array<[RcFile, string]>;
  return {
    variables: all.filter(([, marker]) => env?.[marker] === "1").map(([file]) => file),
    pathEntries: all.filter(([, marker]) => entries.includes(markerPathEntry(home, marker))).map(([file]) => file),
  };
}
