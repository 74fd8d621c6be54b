// Codex loads project `.codex/` folders (config.toml — MCP servers, notify programs, providers —
// rules, skills) from the working directory and its ancestors once the project is trusted, and runs
// what they name outside the sandbox. Codex shields the working directory's own `.codex` from the run,
// but not one in a subfolder of an earlier run's working directory, or under /tmp: there a sandboxed
// command can plant one, and a later run in that subfolder would start its MCP server unsandboxed
// (a red-team helper did exactly that, through an app-server run that records the trust itself).
// So before a run, a `.codex` that a sandboxed run could have written is refused unless every file in
// it is what the repository committed, in a repository whose `.git` is itself out of reach.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { gitTopLevel } from "../core/fs-lookup.js";
import { gitPath, gitPlumbing } from "../core/git.js";
import { CommitMemo, headFromFiles } from "../core/git-head.js";
import { resolvedPath } from "../core/paths.js";
import { filesUnder, listTree } from "../core/tree.js";
import { reachingFile, reachingRoot, reachReason, repositoryJudge, type RepositoryJudge, type SandboxReach } from "./sandbox-reach.js";

/** Each folder from `cwd` up to `/`, in its given and its link-resolved spelling. */
export function ancestors(cwd: string): string[] {
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

/** What a commit holds under folders (git path -> object id), by repository, commit and folders. */
const treesByCommit = new CommitMemo<Map<string, string>>();

/** What HEAD holds under `folders` (git paths in the repository whose top is `top`), git path ->
 *  object id, in one `git ls-tree`; empty when there is no commit yet. Read by HEAD's commit id when
 *  the repository's files tell it (core/git-head.ts headFromFiles), and kept by that id. */
async function committedTree(top: string, folders: readonly string[]): Promise<Map<string, string>> {
  const head = headFromFiles(top);
  const key = head && [head.commonDir, head.commit, ...folders].join("\0");
  if (key && treesByCommit.has(key)) return treesByCommit.get(key)!;
  const listed = async (commit: string) => gitPlumbing(top, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...folders], "check which project configuration is committed");
  // The commit by its id, so that what is kept is what it holds even if HEAD moved meanwhile; one git
  // does not have is asked for as HEAD, and not kept.
  let result = head ? await listed(head.commit) : undefined;
  const byId = result?.code === 0;
  if (!byId) result = await listed("HEAD");
  const files = new Map<string, string>();
  if (result!.code !== 0) return files; // no commit yet: nothing committed
  for (const entry of result!.stdout.split("\0")) {
    const match = /^\d+ \w+ ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) files.set(match[2]!, match[1]!);
  }
  if (key && byId) treesByCommit.set(key, files);
  return files;
}

/** A `.codex` folder a sandboxed run could have written: the root that reaches it, and the top of the
 *  repository it lies in, if any. */
interface Candidate {
  folder: string;
  root: string;
  top: string | undefined;
}

/** The committed files of a repository's candidate folders, read once for all of them. */
type Trees = (top: string) => Promise<Map<string, string>>;

/** What HEAD holds under the candidate's folder (git path -> object id), with the repository's top; or
 *  why nothing there counts as committed (in no repository, or one whose store is in reach). */
async function committedUnder({ folder, top }: Candidate, judge: RepositoryJudge, trees: Trees): Promise<{ top: string; files: Map<string, string> } | string> {
  if (!top) return "it is in no git repository";
  const reached = judge.reaching(top);
  if (reached) return `its repository cannot be trusted: ${reached.why}`;
  const name = gitPath(top, folder);
  const files = new Map([...(await trees(top))].filter(([file]) => file === name || file.startsWith(`${name}/`)));
  return { top, files };
}

/** Why the folder differs from HEAD (a file added, changed or removed), or undefined when it is
 *  exactly what was committed. A missing committed file counts: a deleted rule is a loosened rule. */
async function uncommitted(candidate: Candidate, judge: RepositoryJudge, trees: Trees): Promise<string | undefined> {
  const { folder } = candidate;
  const present = lstatSync(folder, { throwIfNoEntry: false });
  if (present?.isSymbolicLink()) return "it is a link";
  // A `.codex` that is a plain file is judged as the one file it is. A folder holding no file (empty
  // folders at most) gives Codex nothing to load, as no folder does: an empty /tmp/.codex that some
  // earlier tool left refused every run below /tmp.
  const onDisk = !present ? [] : present.isDirectory() ? filesUnder(folder) : [""];
  const committed = await committedUnder(candidate, judge, trees);
  if (typeof committed === "string") return onDisk.length > 0 ? committed : undefined;
  const { top, files } = committed;
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
export async function checkProjectConfig(cwd: string, reach: SandboxReach, judge: RepositoryJudge = repositoryJudge(reach)): Promise<void> {
  if (reach.unbounded) return; // danger-full-access: a notice says nothing is out of reach
  // A link inside a `.codex` folder, even one no sandboxed run can write (the working directory's own,
  // which Codex shields), is followed by Codex to a file that may lie in reach: what a folder is
  // judged by is not what Codex reads through it (red team 21: a committed `.codex/config.toml ->
  // ../codex.toml`; a workspace-write run wrote `codex.toml`, and the next run's Codex started the MCP
  // server it named and ran its notify program on the host). Committed or not, such a link is refused.
  const codexFolders = ancestors(cwd).map((dir) => path.join(dir, ".codex"));
  for (const folder of codexFolders) {
    if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const entry of listTree(folder)) {
      if (!entry.stat.isSymbolicLink()) continue;
      const target = resolvedPath(entry.full);
      const root = reachingRoot(reach, target);
      if (!root) continue;
      throw new CodexHeadlessError(
        "refused",
        `refused: ${entry.full} is a link to ${target}, which a sandboxed run could have written (${reachReason(reach, root)}); Codex reads it through the link outside the sandbox (MCP servers, notify, rules): make it a plain file, or point it outside the workspace and the temp dirs`,
        { data: { rule: "project config location", path: entry.full, root } },
      );
    }
  }
  const candidates = codexFolders.flatMap((folder): Candidate[] => {
    const root = reachingFile(reach, folder);
    return root ? [{ folder, root, top: gitTopLevel(path.dirname(folder)) }] : [];
  });
  // One `git ls-tree` per repository for all its candidate folders (a working directory under $TMPDIR
  // has two or more: its own and each ancestor's up to the temp dir), asked for when first needed.
  const listed = new Map<string, Promise<Map<string, string>>>();
  const trees: Trees = (top) => {
    if (!listed.has(top)) {
      const folders = candidates.filter((candidate) => candidate.top === top).map(({ folder }) => gitPath(top, folder));
      listed.set(top, committedTree(top, folders));
    }
    return listed.get(top)!;
  };
  for (const candidate of candidates) {
    const { folder, root } = candidate;
    const why = await uncommitted(candidate, judge, trees);
    if (why === undefined) continue;
    throw new CodexHeadlessError(
      "refused",
      `refused: ${folder} could have been written by a sandboxed run (${reachReason(reach, root)}) and ${why}; Codex loads it outside the sandbox (MCP servers, notify, rules): restore it, commit it, or remove it`,
      { data: { rule: "project config location", path: folder, root } },
    );
  }
}
