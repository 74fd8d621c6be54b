// The one way we walk and remove a folder tree. Links inside it are reported, never followed (a link
// in a home or a `.codex` folder may point anywhere, and following it would judge or hash the wrong
// file); the root itself is read as named (a home may be a link to the user's dotfiles): callers that
// must not follow a root link check it first. Names are sorted, so listings of equal trees are equal.
//
// A tree a run wrote may be deeper than PATH_MAX: a path-based walk then fails with ENAMETOOLONG
// (red team, issue 27: a jailed command's folder chain of 25 x 200 characters aborted the set-ID
// strip and the run's report; Node's own recursive rm fails the same way). So on Linux we walk by
// directory descriptors: each folder is opened once, and its entries are reached through
// `/proc/self/fd/<fd>/<name>`, a short path the kernel resolves through the open folder, never
// through the long path (and never through a parent swapped for a link after we opened it).
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, constants, existsSync, fchmodSync, fstatSync, lstatSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, type Stats } from "node:fs";
import path from "node:path";
import { errnoCode } from "./errors.js";

export interface TreeEntry {
  /** Path relative to the listed root, with the platform's separator; a name that is not UTF-8 is
   *  shown with its bytes above 0x7f as `\xNN` (see nameText). */
  relative: string;
  /** The root joined with `relative`: for messages; it may be longer than the system accepts. */
  full: string;
  stat: Stats;
}

/** An entry during a walk: `at` reaches it (by its bytes) through its parent's open descriptor, and,
 *  like `relative` and `full` (computed when read), is valid only inside the visit callback. */
export interface WalkEntry extends TreeEntry {
  at: Buffer;
}

export interface WalkOptions {
  /** Told of every folder that could not be opened or listed (and so was not walked), and of entries
   *  that could not be looked at; `at` is the folder's descriptor path (valid during the call). */
  onError?: (entry: { relative: string; full: string; at: Buffer | string }, error: unknown) => void;
}

const BY_DESCRIPTOR = process.platform === "linux" && existsSync("/proc/self/fd");
const DIRECTORY = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Opens a folder for walking, without following a link (the root excepted: it is read as named). */
function openFolder(at: string | Buffer, followLink: boolean): number {
  return openSync(at, followLink ? constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NONBLOCK : DIRECTORY);
}

/** A folder's names as bytes, in byte order: a name need not be UTF-8 (red team, issue 27: a name
 *  0xff read as a string became U+FFFD, named no entry, and its set-user-ID file was skipped). */
function namesOf(fd: number): Buffer[] {
  return readdirSync(`/proc/self/fd/${fd}`, { encoding: "buffer" }).sort(Buffer.compare);
}

const viaDescriptor = (fd: number, name: Buffer): Buffer => Buffer.concat([Buffer.from(`/proc/self/fd/${fd}/`), name]);

/** A name as text: itself when it is UTF-8, else its bytes above 0x7f (and backslashes) as `\xNN`. */
export function nameText(name: Buffer): string {
  const text = name.toString("utf8");
  if (Buffer.from(text, "utf8").equals(name)) return text;
  return [...name].map((byte) => (byte > 0x7f || byte === 0x5c ? `\\x${byte.toString(16).padStart(2, "0")}` : String.fromCharCode(byte))).join("");
}

/** Visits every entry under `root` (not the root itself), parents before their children, depth first
 *  in byte order of names. Never throws for what it finds: a folder it cannot open or list (too many
 *  open folders included, and the root) is reported to `onError` and skipped. A missing root, or one
 *  that is no folder, visits nothing. The callback may change the entry (its mode, for example) but
 *  not add or remove entries. Memory grows with the depth, not its square: paths are built only when
 *  a callback reads them (a chain 15,000 folders deep took the path-keeping walk past 4 GB). */
export function walkTree(root: string | Buffer, visit: (entry: WalkEntry) => void, options: WalkOptions = {}): void {
  if (!BY_DESCRIPTOR) return walkByPath(root.toString(), visit, options);
  const rootText = typeof root === "string" ? root : nameText(root);
  let rootFd: number;
  try {
    rootFd = openFolder(root, true);
  } catch (error) {
    // A missing root, or no folder, is an empty tree; any other failure is one to report.
    if (!["ENOENT", "ENOTDIR"].includes(errnoCode(error))) options.onError?.({ relative: "", full: rootText, at: root }, error);
    return;
  }
  // An explicit stack: a chain of folders can be deeper than the JavaScript stack.
  interface Frame {
    fd: number;
    /** This folder's own name (none for the root). */
    name?: Buffer;
    names: Buffer[];
    next: number;
  }
  const stack: Frame[] = [];
  const relativeOf = (last: Buffer | undefined): string =>
    path.join(
      ...stack.slice(1).map((frame) => nameText(frame.name!)),
      ...(last ? [nameText(last)] : []),
    );
  const report = (at: Buffer | string, last: Buffer | undefined, error: unknown) => {
    if (!options.onError) return;
    const relative = relativeOf(last);
    options.onError({ relative, full: path.join(rootText, relative), at }, error);
  };
  const push = (fd: number, name: Buffer | undefined, at: Buffer | string): void => {
    let names: Buffer[];
    try {
      names = namesOf(fd);
    } catch (error) {
      closeSync(fd);
      report(at, name, error);
      return;
    }
    stack.push({ fd, ...(name ? { name } : {}), names, next: 0 });
  };
  push(rootFd, undefined, root);
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.next >= frame.names.length) {
      closeSync(frame.fd);
      stack.pop();
      continue;
    }
    const name = frame.names[frame.next++]!;
    const at = viaDescriptor(frame.fd, name);
    let stat: Stats | undefined;
    try {
      stat = lstatSync(at, { throwIfNoEntry: false });
    } catch (error) {
      report(at, name, error);
      continue;
    }
    if (!stat) continue; // removed while we walked
    visit({
      at,
      stat,
      get relative() {
        return relativeOf(name);
      },
      get full() {
        return path.join(rootText, relativeOf(name));
      },
    });
    if (!stat.isDirectory()) continue;
    let fd: number;
    try {
      fd = openFolder(at, false);
    } catch (error) {
      report(at, name, error);
      continue;
    }
    // A parent's frame must be on the stack while the child's paths are built: push after visiting.
    push(fd, name, at);
  }
}

/** The walk for systems without /proc: by path, so a tree deeper than PATH_MAX is cut short there. */
function walkByPath(root: string, visit: (entry: WalkEntry) => void, options: WalkOptions): void {
  const visitFolder = (dir: string, relative: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      if (relative !== "") options.onError?.({ relative, full: dir, at: dir }, error);
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const entryRelative = path.join(relative, name);
      let stat: Stats | undefined;
      try {
        stat = lstatSync(full, { throwIfNoEntry: false });
      } catch (error) {
        options.onError?.({ relative: entryRelative, full, at: full }, error);
        continue;
      }
      if (!stat) continue;
      visit({ relative: entryRelative, full, at: Buffer.from(full), stat });
      if (stat.isDirectory()) visitFolder(full, entryRelative);
    }
  };
  visitFolder(root, "");
}

/** Every entry under `root` (see walkTree); folders that cannot be read list as empty. Returns []
 *  when `root` is missing, unreadable or not a folder. */
export function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  walkTree(root, (entry) => out.push({ relative: entry.relative, full: entry.full, stat: entry.stat }));
  return out;
}

/** Files, links and other non-folders under `root`, relative to it (see listTree). */
export function filesUnder(root: string): string[] {
  return listTree(root)
    .filter((entry) => !entry.stat.isDirectory())
    .map((entry) => entry.relative);
}

/** Removes `target` and everything under it, however deep, without following links; a missing
 *  target is no error. Throws (with the errno code) when something could not be removed. */
export function removeTree(target: string): void {
  // Node's own removal first: it is faster by half (measured, a used home of 100 entries); it fails
  // past PATH_MAX or on a folder of mode 000, and the walk by descriptors removes what it left.
  try {
    return rmSync(target, { recursive: true, force: true });
  } catch (error) {
    if (!BY_DESCRIPTOR) throw error;
  }
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) return unlinkSync(target);
  const { fd, names } = openForRemoval(target);
  try {
    // Folders hoisted into the root by a pass (see emptyFolder) are emptied by the next.
    for (let pending = names; pending.length > 0; pending = namesOf(fd)) emptyFolder(fd, pending);
  } finally {
    closeSync(fd);
  }
  rmdirSync(target);
}

/** Opens and lists a folder to be removed; one we may not read, enter or change (a run may leave a
 *  folder of mode 000 or 0500) is first made ours to: it is removed anyway. */
function openForRemoval(at: string | Buffer): { fd: number; names: Buffer[] } {
  for (let attempt = 0; ; attempt++) {
    let fd: number | undefined;
    try {
      fd = openFolder(at, false);
      // A folder its owner may not write (a run may leave one of mode 0500) keeps its entries from
      // anyone but root: made the owner's to change first, through the descriptor just opened.
      const mode = fstatSync(fd).mode;
      if ((mode & 0o300) !== 0o300 && process.getuid?.() !== 0) fchmodSync(fd, (mode & 0o7777) | 0o700);
      return { fd, names: namesOf(fd) };
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      if (attempt > 0 || errnoCode(error) !== "EACCES") throw error;
      chmodFolderNoFollow(at, 0o700);
    }
  }
}

// Linux's O_PATH, which Node does not name: a descriptor of the entry itself, never opened for reading.
const O_PATH = 0o10000000;

/** chmod of a folder by name without following a link: a process the run left behind may swap the
 *  folder for a link between our lstat and this call (red team 8), and chmodSync follows links. The
 *  entry is pinned by an O_PATH|O_NOFOLLOW descriptor, checked to be a folder, and changed through it. */
export function chmodFolderNoFollow(at: string | Buffer, mode: number): void {
  const fd = openSync(at, O_PATH | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(fd).isDirectory()) throw Object.assign(new Error(`not a folder: ${nameText(Buffer.from(at))}`), { code: "ENOTDIR" });
    chmodSync(`/proc/self/fd/${fd}`, mode);
  } finally {
    closeSync(fd);
  }
}

const MAX_OPEN_FOLDERS = 256;

/** Moves the folder `at` into the folder open as `rootFd` under a name of its own. The folder is first
 *  made its owner's to change (openForRemoval): moving a folder rewrites its `..`. */
function hoist(at: Buffer, rootFd: number): void {
  closeSync(openForRemoval(at).fd);
  for (;;) {
    try {
      return renameSync(at, viaDescriptor(rootFd, Buffer.from(`.removing-${randomBytes(8).toString("hex")}`)));
    } catch (error) {
      // A name already taken by a folder with entries: another name.
      if (!["ENOTEMPTY", "EEXIST"].includes(errnoCode(error))) throw error;
    }
  }
}

/** Empties the folder open as `rootFd`, depth first, through descriptors and names as bytes (see
 *  the head of this file). */
function emptyFolder(rootFd: number, rootNames: Buffer[]): void {
  interface Frame {
    fd: number;
    names: Buffer[];
    next: number;
  }
  const stack: Frame[] = [{ fd: rootFd, names: rootNames, next: 0 }];
  try {
    while (stack.length > 0) {
      const frame = stack.at(-1)!;
      if (frame.next >= frame.names.length) {
        stack.pop();
        if (frame.fd !== rootFd) closeSync(frame.fd);
        // The folder just emptied is removed through its parent's descriptor.
        const parent = stack.at(-1);
        if (parent) rmdirSync(viaDescriptor(parent.fd, parent.names[parent.next - 1]!));
        continue;
      }
      const at = viaDescriptor(frame.fd, frame.names[frame.next++]!);
      const stat = lstatSync(at, { throwIfNoEntry: false });
      if (!stat) continue;
      if (!stat.isDirectory()) {
        unlinkSync(at);
        continue;
      }
      // Each folder on the way down holds a descriptor: a chain deeper than the process may open
      // (20,000 here) failed with EMFILE and left the home (red team 8). Past MAX_OPEN_FOLDERS, the
      // folder is moved into the root under a fresh name instead, and emptied by removeTree's next pass.
      if (stack.length >= MAX_OPEN_FOLDERS) {
        hoist(at, rootFd);
        continue;
      }
      stack.push({ ...openForRemoval(at), next: 0 });
    }
  } finally {
    for (const frame of stack) if (frame.fd !== rootFd) closeSync(frame.fd);
  }
}
