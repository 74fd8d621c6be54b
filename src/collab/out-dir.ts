// A collaboration's output folder holds one collaboration. Reused (`collab-run` is the default), an
// earlier run's later turn folders stayed beside the new run's (a newcomer trial: 6 turns, then 2,
// left 03..06 of the old run mixed in). A list of what we wrote, kept in the folder as we write, says
// what a later run clears; anything else there is someone else's, and the folder is refused.
import { accessSync, constants, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CodexHeadlessError, errnoCode } from "../core/errors.js";
import { makeDirs, writeFileReplacing } from "../core/safe-fs.js";

export const COLLAB_MARKER_FILE = ".codex-headless-collab.json";

// What a collaboration writes: its transcript and one folder per turn (NN-agent).
const ourName = z.string().regex(/^(transcript\.json|\d{2,}-[a-z][a-z0-9-]*)$/);
const markerSchema = z.object({ wrote: z.array(ourName) });

function readMarker(file: string): string[] | undefined {
  try {
    const parsed = markerSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data.wrote : undefined;
  } catch {
    return undefined;
  }
}

/** Makes `outDir` ready for a new collaboration: created if missing; an earlier collaboration's files
 *  (as its list names them) removed; refused, with nothing removed, if it holds anything else.
 *  Returns the function to call before writing each file or folder of the new one. */
export function claimOutDir(outDir: string, flag = "--out"): (name: string) => void {
  const marker = path.join(outDir, COLLAB_MARKER_FILE);
  let entries: string[];
  try {
    makeDirs(outDir);
    accessSync(outDir, constants.W_OK);
    entries = readdirSync(outDir);
  } catch (error) {
    throw new CodexHeadlessError("usage", `${flag}: cannot write to ${path.resolve(outDir)} (${errnoCode(error)})`);
  }
  const earlier = entries.includes(COLLAB_MARKER_FILE) ? readMarker(marker) : [];
  const foreign = entries.filter((name) => name !== COLLAB_MARKER_FILE && !earlier?.includes(name));
  if (earlier === undefined || foreign.length) {
    const what = earlier === undefined ? `${COLLAB_MARKER_FILE} is not one we wrote` : `it holds ${foreign[0]}, which no earlier collab wrote`;
    throw new CodexHeadlessError("usage", `${flag} ${path.resolve(outDir)}: ${what}; choose an empty or new folder`, { data: { path: outDir } });
  }
  const wrote: string[] = [];
  const save = () => writeFileReplacing(marker, `${JSON.stringify({ wrote })}\n`);
  // Removed before the list is emptied: an interrupted clear leaves the old list naming what may remain.
  for (const name of earlier) rmSync(path.join(outDir, name), { recursive: true, force: true });
  save();
  return (name) => {
    if (wrote.includes(name)) return;
    wrote.push(name);
    save();
  };
}
