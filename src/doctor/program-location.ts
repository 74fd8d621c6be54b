// `doctor` runs programs on the host — the bubblewrap its jail check finds on PATH, Codex (`codex
// sandbox`, the schema export) and, through Codex, what Codex finds by name — with the caller's
// environment, and had no gate: red team 29 planted `.venv/bin/bwrap` with a workspace-write run, and
// `doctor` run with that virtualenv active started it on the host. The gate refuses such a run
// (`program location`); doctor measures the host instead of refusing, so it takes every PATH folder and
// variable the gate would refuse for that reason out of the environment it runs programs with, and
// says so in a failing check.
import path from "node:path";
import { pathsFromEnv, resolvedPath } from "../core/paths.js";
import { defaultWorkspaceReach, reachingFile, reachingHostProgram, reachingHostWrite, reachReason } from "../safety/sandbox-reach.js";

/** `env` without what a sandboxed run in `cwd` (this folder's workspace-write roots with the built-in
 *  policy, and every earlier run's) could have planted for programs started on the host to run or
 *  write through: each PATH folder, loader or git variable the gate's `program location` and `host
 *  write location` rules would refuse. `removed` says what was taken out, one entry each. */
export function environmentOutOfReach(env: NodeJS.ProcessEnv, cwd: string): { env: NodeJS.ProcessEnv; removed: string[] } {
  const reach = defaultWorkspaceReach(cwd, env);
  const out: NodeJS.ProcessEnv = { ...env };
  const removed: string[] = [];
  for (let round = 0; round < 256; round++) {
    const found = reachingHostProgram(reach, out, cwd);
    if (!found) break;
    if (found.via) {
      // A variable (LD_PRELOAD, GIT_ASKPASS …), or git configuration given in the environment.
      const names = /^[A-Z_][A-Z0-9_]*$/.test(found.via) ? [found.via] : Object.keys(out).filter((name) => /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/.test(name));
      if (names.length === 0) break;
      for (const name of names) delete out[name];
      removed.push(`${names.join(", ")} (${found.file})`);
      continue;
    }
    // A PATH folder in reach, or the folder holding a program found through a link planted in reach.
    const folder = resolvedPath(found.folder ? found.file : path.dirname(found.file));
    const entries = (out.PATH ?? "").split(path.delimiter);
    const kept = entries.filter((entry) => !pathsFromEnv(entry || ".", [cwd]).some((spelled) => spelled === folder || resolvedPath(spelled) === folder));
    if (kept.length === entries.length) {
      // Not one entry to take out (spelled some other way): no PATH of the caller's at all.
      out.PATH = "/usr/bin:/bin";
      removed.push(`PATH (${found.file})`);
      break;
    }
    out.PATH = kept.join(path.delimiter);
    removed.push(`PATH folder ${found.file}`);
  }
  for (let round = 0; round < 64; round++) {
    const written = reachingHostWrite(reach, out, [cwd]);
    if (!written) break;
    delete out[written.via];
    removed.push(`${written.via} (${written.file})`);
  }
  return { env: out, removed };
}

/** Why doctor must not run `binary` (`codex --version`, `codex sandbox`, the schema export all start
 *  it on the host), when it lies where a sandboxed run in `cwd` could have written it: the gate's
 *  `codex location` rule refuses a run for the same file. Undefined when it lies out of that reach. */
export function binaryInReach(binary: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const reach = defaultWorkspaceReach(cwd, env);
  const root = reachingFile(reach, binary);
  return root === undefined ? undefined : `${binary} lies where a sandboxed run can write (${reachReason(reach, root)}); doctor did not run it, and a run here would be refused (codex location)`;
}
