// Codex loads project `.codex/` folders (config.toml — MCP servers, notify programs, providers —
// rules, skills) from the working directory and its ancestors once the project is trusted, and runs
// what they name outside the sandbox. Codex shields the working directory's own `.codex` from the run,
// but not one in a subfolder of an earlier run's working directory, or under /tmp: there a sandboxed
// command can plant one, and a later run in that subfolder would start its MCP server unsandboxed
// (a red-team helper did exactly that, through an app-server run that records the trust itself).
// So before a run, a `.codex` that a sandboxed run could have written is refused unless every file in
// it is what the repository committed, in a repository whose `.git` is itself out of reach.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { gitTopLevel } from "../core/fs-lookup.js";
import { gitPath, gitPlumbing } from "../core/git.js";
import { resolvedPath } from "../core/paths.js";
import { filesUnder } from "../core/tree.js";
import { reachingFile, reachingRepository, reachReason, type SandboxReach } from "./sandbox-reach.js";

/** Each folder from `cwd` up to `/`, in its given and its link-resolved spelling. */
function ancestors(cwd: string): string[] {
  const out = new Set<string>();
  for (const start of [path.resolve(cwd), resolvedPath(cwd)]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      out.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...out];
}

/** Git's object id of a working file or link, in the repository's hash (by the id's length). */
function objectId(file: string, length: number): string | undefined {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return undefined;
  const body = stat.isSymbolicLink() ? Buffer.from(readlinkSync(file)) : stat.isFile() ? readFileSync(file) : undefined;
  if (!body) return undefined;
  return createHash(length === 64 ? "sha256" : "sha1")
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest("hex");
}

/** What HEAD holds under `folder` (git path -> object id), with the repository's top; undefined when
 *  the folder is in no repository whose `.git` is out of reach (then nothing there counts as committed). */
async function committedUnder(folder: string, reach: SandboxReach): Promise<{ top: string; files: Map<string, string> } | string> {
  const top = gitTopLevel(path.dirname(folder));
  if (!top) return "it is in no git repository";
  const reached = reachingRepository(reach, top);
  if (reached) return `its repository cannot be trusted: ${reached.why}`;
  const result = await gitPlumbing(top, ["ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", gitPath(top, folder)], "check which project configuration is committed");
  const files = new Map<string, string>();
  if (result.code !== 0) return { top, files }; // no commit yet: nothing committed
  for (const entry of result.stdout.split("\0")) {
    const match = /^\d+ \w+ ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) files.set(match[2]!, match[1]!);
  }
  return { top, files };
}

/** Why the folder differs from HEAD (a file added, changed or removed), or undefined when it is
 *  exactly what was committed. A missing committed file counts: a deleted rule is a loosened rule. */
async function uncommitted(folder: string, reach: SandboxReach): Promise<string | undefined> {
  const present = lstatSync(folder, { throwIfNoEntry: false });
  if (present?.isSymbolicLink()) return "it is a link";
  const committed = await committedUnder(folder, reach);
  if (typeof committed === "string") return present ? committed : undefined;
  const { top, files } = committed;
  // A `.codex` that is a plain file is judged as the one file it is.
  const onDisk = !present ? [] : present.isDirectory() ? filesUnder(folder) : [""];
  for (const relative of onDisk) {
    const name = gitPath(top, path.join(folder, relative));
    const id = files.get(name);
    if (!id) return `${name} is not committed`;
    if (objectId(path.join(folder, relative), id.length) !== id) return `${name} differs from the committed one`;
  }
  const kept = new Set(onDisk.map((relative) => gitPath(top, path.join(folder, relative))));
  const missing = [...files.keys()].find((name) => !kept.has(name));
  return missing ? `the committed ${missing} is missing` : undefined;
}

/** Refuses a run (exit 4) whose working directory or an ancestor holds a `.codex` folder a sandboxed
 *  run could have written, unless it is committed as it is; `reach` is what any sandboxed run could
 *  write (this run's roots and every earlier run's). */
export async function checkProjectConfig(cwd: string, reach: SandboxReach): Promise<void> {
  if (reach.unbounded) return; // danger-full-access: a notice says nothing is out of reach
  for (const dir of ancestors(cwd)) {
    const folder = path.join(dir, ".codex");
    const root = reachingFile(reach, folder);
    if (!root) continue;
    const why = await uncommitted(folder, reach);
    if (why === undefined) continue;
    throw new CodexHeadlessError(
      "refused",
      `refused: ${folder} could have been written by a sandboxed run (${reachReason(reach, root)}) and ${why}; Codex loads it outside the sandbox (MCP servers, notify, rules): restore it, commit it, or remove it`,
      { data: { rule: "project config location", path: folder, root } },
    );
  }
}
