// HEAD's commit id read from a repository's own files (HEAD, the loose ref, packed-refs; a worktree's
// `gitdir:` file and `commondir`), so that what is known of a commit can be reused without spawning
// git (~25 ms a spawn, measured with strace on a warm run). Only the plain cases git itself would read
// the same way are answered; anything unusual (an environment that redirects git, a symbolic ref other
// than a branch, a missing ref, a shallow clone, replace refs or grafts, repository extensions such as
// reftable, config includes) is left to git: the answer is then undefined.
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { memoProbeList } from "./probe-memo.js";

export interface GitHead {
  /** The full commit id (40 hex digits, or 64 in a SHA-256 repository). */
  commit: string;
  /** The real path of the repository's common git directory: with `commit`, it names what HEAD holds. */
  commonDir: string;
}

// Variables that change where git looks or what an object name means. gitPlumbing (core/git.ts) runs
// git without them, so they are not set where this is read but by a caller's own environment.
export const GIT_VARIABLES_THAT_REDIRECT = /^GIT_(DIR|COMMON_DIR|WORK_TREE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|REPLACE_REF_BASE|NO_REPLACE_OBJECTS|GRAFT_FILE|SHALLOW_FILE|NAMESPACE|INDEX_FILE|CONFIG|CONFIG_(?!NOSYSTEM$).*|REF_.*|DEFAULT_HASH|NO_LAZY_FETCH_.*)$/;
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
// A branch name as git writes it in HEAD: no `..`, no component starting with a dot, no control
// characters or the characters git refuses in ref names.
const BRANCH_REF = /^refs\/heads\/(?:[^/.\x00-\x20\x7f~^:?*[\\][^/\x00-\x20\x7f~^:?*[\\]*)(?:\/[^/.\x00-\x20\x7f~^:?*[\\][^/\x00-\x20\x7f~^:?*[\\]*)*$/;

/** The text of a regular file (not a link, not a folder), or undefined when there is none. */
function regularText(file: string): string | undefined {
  try {
    if (!lstatSync(file).isFile()) return undefined;
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Where `link` (relative to `base`) leads as the kernel resolves it: a link before a `..` is
 *  followed first, as git does (red team 7: `link/..` in commondir or a gitdir line, taken apart as
 *  text by path.resolve, named another repository than git read). Undefined when it leads nowhere. */
function physical(base: string, link: string): string | undefined {
  try {
    return realpathSync.native(path.isAbsolute(link) ? link : `${base}${path.sep}${link}`);
  } catch {
    return undefined;
  }
}

const exists = (file: string): boolean => lstatSync(file, { throwIfNoEntry: false }) !== undefined;

/** The git directory of the repository whose work tree is `top`: `top/.git` itself, or the folder a
 *  `.git` file's `gitdir:` line names (a worktree, a submodule). */
function gitDirOf(top: string): string | undefined {
  const dotGit = path.join(top, ".git");
  const stat = lstatSync(dotGit, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return dotGit;
  if (!stat?.isFile()) return undefined;
  const line = /^gitdir: (\S(?:.*\S)?)\n?$/.exec(regularText(dotGit) ?? "");
  return line && !line[1]!.includes("\r") ? physical(top, line[1]!) : undefined;
}

/** The commit HEAD names in the repository whose work tree is `top`, read from its files, or
 *  undefined when git must be asked (see the header). Never throws. */
/** Answers about what a commit holds (a blob at a path, the files under folders), by a key naming the
 *  repository, the commit id and the question; the oldest entries leave first. What a commit holds
 *  never changes, so a long-lived process (the pool, the MCP server) asks git once per commit. Only
 *  this process writes it: nothing a run does to the work tree, the index or .git can change an
 *  entry, and a run that moves HEAD makes the next read another key. */
export class CommitMemo<V> {
  readonly #entries = new Map<string, V>();
  constructor(private readonly kept = 256) {}

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.kept) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

export function headFromFiles(top: string, env: NodeJS.ProcessEnv = process.env): GitHead | undefined {
  try {
    if (Object.keys(env).some((name) => GIT_VARIABLES_THAT_REDIRECT.test(name))) return undefined;
    const gitDir = gitDirOf(top);
    if (!gitDir || !lstatSync(gitDir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
    // A line git would read with its spaces (a red team planted `../..  ` and a copy of the common
    // directory under that name: trimmed, we read another repository than git): only plain lines.
    const commonLink = regularText(path.join(gitDir, "commondir"))?.replace(/\n$/, "");
    if (commonLink !== undefined && (commonLink === "" || commonLink !== commonLink.trim() || /[\r\n]/.test(commonLink))) return undefined;
    const commonDir = commonLink === undefined ? realpathSync(gitDir) : physical(gitDir, commonLink);
    if (commonDir === undefined) return undefined;
    // What changes the meaning of a name or of a commit: git reads these, we do not.
    if (exists(path.join(commonDir, "shallow")) || exists(path.join(commonDir, "info", "grafts")) || exists(path.join(gitDir, "config.worktree"))) return undefined;
    const replace = path.join(commonDir, "refs", "replace");
    if (exists(replace) && readdirSync(replace).length > 0) return undefined;
    // Replace refs packed by `git pack-refs` leave refs/replace empty (red team 10): git honours them
    // wherever they are kept. A packed-refs that is not a plain file is git's to read too.
    const packedFile = path.join(commonDir, "packed-refs");
    const packed = regularText(packedFile);
    if (packed === undefined ? exists(packedFile) : packed.includes("refs/replace/")) return undefined;
    const config = regularText(path.join(commonDir, "config"));
    if (config === undefined || /^\s*\[\s*(extensions|include|includeif)\b/im.test(config) || /^\s*(worktree|usereplacerefs)\s*=/im.test(config)) return undefined;
    const head = regularText(path.join(gitDir, "HEAD"))?.replace(/\n$/, "");
    if (head === undefined || head.includes("\r")) return undefined;
    if (OBJECT_ID.test(head)) return { commit: head, commonDir };
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    // Names git refuses (`a..b`, `a@{1}`, red team 6) are left to git, which finds no such branch.
    if (!ref || !BRANCH_REF.test(ref) || ref.includes("..") || ref.includes("@{") || ref.split("/").some((part) => part.endsWith(".lock") || part.endsWith("."))) return undefined;
    // Branches live in the common directory; a loose ref wins over packed-refs, as in git.
    const loose = path.join(commonDir, ...ref.split("/"));
    const looseStat = lstatSync(loose, { throwIfNoEntry: false });
    if (looseStat) {
      const id = looseStat.isFile() ? regularText(loose)?.replace(/\n$/, "") : undefined;
      return id !== undefined && OBJECT_ID.test(id) ? { commit: id, commonDir } : undefined;
    }
    if (packed === undefined) return undefined; // an unborn branch, or a ref git keeps elsewhere
    // Only a file in git's own format with the branch on exactly one line: a red team listed it three
    // times (git took another line than the first) and ended a line with CR (git refused it).
    let found: string | undefined;
    for (const line of packed.replace(/\n$/, "").split("\n")) {
      if (line.startsWith("# pack-refs with:")) continue;
      if (/^\^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(line)) continue; // a peeled tag
      const entry = /^([0-9a-f]{40}|[0-9a-f]{64}) (refs\/[^\x00-\x20\x7f]+)$/.exec(line);
      if (!entry) return undefined;
      if (entry[2] !== ref) continue;
      if (found !== undefined) return undefined;
      found = entry[1]!;
    }
    return found !== undefined ? { commit: found, commonDir } : undefined;
  } catch {
    return undefined;
  }
}

/** The text of the regular file `file` leads to, links followed as git follows them (never a FIFO,
 *  which would block); undefined when there is none or it cannot be read. */
export function followedText(file: string): string | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ? readFileSync(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

// git follows alternates this deep (link_alt_odb_entries: "too many levels of alternates").
const ALTERNATES_DEPTH = 5;

/** The object directories `objects` names in its `info/alternates` (lines as git reads them: `#`
 *  comments and blank lines skipped, a relative line taken from `objects`), each spelt both as git
 *  may have meant it and with a trailing CR dropped: either is judged. */
function alternatesOf(objects: string): string[] {
  const text = followedText(path.join(objects, "info", "alternates"));
  if (text === undefined) return [];
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw === "" || raw.startsWith("#")) continue;
    // A C-quoted line (git's unquote_c_style): the escapes that matter in a path.
    const line = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, "$1") : raw;
    for (const spelling of new Set([line, line.replace(/\r$/, "")])) {
      out.push(path.resolve(objects, spelling));
      const real = physical(objects, spelling);
      if (real) out.push(real);
    }
  }
  return out;
}

/** Every folder whose files git reads for the repository whose work tree is `top` — `top/.git`, the
 *  git directory a `.git` file names, the common directory its `commondir` names, the objects folder
 *  and each object directory its alternates name (git does not check a loose object's content against
 *  its id when reading it: whoever can write any of them decides what a commit holds, red team 11).
 *  A folder that is not there is still named when its path is known. */
export function gitStorePaths(top: string): string[] {
  // Asked by the policy's check and again by the gate's in one evaluation (core/probe-memo.ts).
  return memoProbeList("stores", path.resolve(top), () => walkStorePaths(top));
}

function walkStorePaths(top: string): string[] {
  const dotGit = path.join(top, ".git");
  const out = new Set<string>([dotGit]);
  // Read as git reads it (read_gitfile_gently: CR and LF dropped from the end, spaces kept), and a
  // `.git` link followed: gitDirOf leaves such spellings to git, but here they must be judged.
  let gitDir: string | undefined;
  if (statSync(dotGit, { throwIfNoEntry: false })?.isDirectory()) gitDir = physical(top, ".git");
  else {
    const line = /^gitdir: ([^]*?)[\r\n]*$/.exec(followedText(dotGit) ?? "")?.[1];
    if (line) gitDir = physical(top, line) ?? path.resolve(top, line);
  }
  if (gitDir === undefined) return [...out];
  return gitDirStorePaths(gitDir, undefined, out);
}

/** gitStorePaths' folders for a git directory already known: `gitDir`, its common directory (`common`
 *  when given, as GIT_COMMON_DIR names it, else what its `commondir` file names), the object folders
 *  and alternates, and every link inside them, followed. Also for a store the environment names
 *  (GIT_DIR: safety/sandbox-reach.ts environmentGitStores). `out` holds folders named already. */
export function gitDirStorePaths(gitDir: string, common?: string, out = new Set<string>()): string[] {
  out.add(gitDir);
  const commonLink = common ?? followedText(path.join(gitDir, "commondir"))?.replace(/[\r\n]+$/, "");
  const commonDir = commonLink === undefined || commonLink === "" ? gitDir : (physical(gitDir, commonLink) ?? path.resolve(gitDir, commonLink));
  out.add(commonDir);
  const seen = new Set<string>();
  let level = [path.join(commonDir, "objects")];
  for (let depth = 0; depth <= ALTERNATES_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const objects of level) {
      if (seen.has(objects)) continue;
      seen.add(objects);
      out.add(objects);
      next.push(...alternatesOf(objects));
    }
    level = next;
  }
  // git follows a link anywhere inside these folders (refs/heads, HEAD, packed-refs, objects/pack, a
  // loose object): each one's target is named too, so that a link out of an out-of-reach store into a
  // writable folder is judged like the store (red team 13: refs/heads kept under $TMPDIR let a run
  // move the branch back to an older commit's policy). A dangling link is named by where it leads.
  // A folder inside another that is walked (the objects folder in the common directory, the usual
  // case) is not walked again: it was most of the walk's time, read twice per call.
  const roots = [...out];
  const covered = (dir: string): boolean =>
    roots.some((root) => root !== dir && dir.startsWith(`${root}${path.sep}`) && !(root === commonDir && OTHER_REPOSITORIES.has(path.relative(root, dir).split(path.sep)[0]!)));
  // A linked folder is walked in turn: a link inside it is followed by git too (red team 14:
  // `refs/heads` linked to a folder out of reach whose `main` led under $TMPDIR).
  const queue = roots.filter((dir) => !covered(dir));
  const walked = new Set<string>();
  while (queue.length > 0 && walked.size < 4096) {
    const dir = queue.shift()!;
    if (walked.has(dir)) continue;
    walked.add(dir);
    for (const target of linkTargetsUnder(dir, dir === commonDir)) {
      if (out.has(target)) continue;
      out.add(target);
      queue.push(target);
    }
  }
  return [...out];
}

// Folders of a common directory that hold other repositories (submodules' git directories, other
// worktrees' own), not read for this one; a worktree's own folder is its git directory, walked itself.
const OTHER_REPOSITORIES = new Set(["modules", "worktrees", "lfs"]);

/** Where each link under `dir` leads (its path, which is judged with links resolved, and its target
 *  spelt from the link's text, for one that dangles). Entries' types come from the folder listing: no
 *  stat per loose object. */
function linkTargetsUnder(dir: string, isCommonDir: boolean): string[] {
  const out: string[] = [];
  const walk = (folder: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) {
        out.push(full);
        try {
          out.push(path.resolve(folder, readlinkSync(full)));
        } catch {
          // gone meanwhile: its path is named
        }
      } else if (entry.isDirectory() && depth < 64 && !(depth === 0 && isCommonDir && OTHER_REPOSITORIES.has(entry.name))) {
        walk(full, depth + 1);
      }
    }
  };
  walk(dir, 0);
  return out;
}
