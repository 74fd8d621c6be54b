// Two lookups several modules need: an executable on a PATH, and the git top level above a folder.
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { memoProbe } from "./probe-memo.js";

/** The first executable file called `name` on `envPath`, as a shell would find it. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ""): string | undefined {
  // The gate searches the same names on the same PATH several times in one evaluation (core/probe-memo.ts).
  return memoProbe("found", `${name}\0${envPath}\0${process.cwd()}`, () => searchPath(name, envPath));
}

function searchPath(name: string, envPath: string): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      // Most folders of a PATH lack the name: stat without throwing first (a thrown ENOENT costs a
      // stack trace each; the gate searches 4 names on every run's PATH, 11 folders here, and that
      // was 4 ms of its 14 ms of CPU a run), then the permission check on the one that is there.
      if (!statSync(candidate, { throwIfNoEntry: false })?.isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not a folder, or not executable by us: keep looking
    }
  }
  return undefined;
}

/** The nearest folder at or above `start` holding a `.git`, if any. Like git, it does not climb into
 *  a folder named in GIT_CEILING_DIRECTORIES. */
export function gitTopLevel(start: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const ceilings = new Set((env.GIT_CEILING_DIRECTORIES ?? "").split(":").filter((d) => path.isAbsolute(d)).map((d) => path.resolve(d)));
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir || ceilings.has(parent)) return undefined;
    dir = parent;
  }
}

/** A number a kernel file holds (a sysctl under /proc/sys, a limit), or undefined when the file is
 *  missing, unreadable or not a number. */
export function readNumber(file: string): number | undefined {
  try {
    const value = Number(readFileSync(file, "utf8").trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
