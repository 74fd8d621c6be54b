// The one way we list a folder tree. Links inside it are reported, never followed (a link in a home or
// a `.codex` folder may point anywhere, and following it would judge or hash the wrong file); the root
// itself is read as named (a home may be a link to the user's dotfiles): callers that must not follow
// a root link check it first. Names are sorted, so listings of equal trees are equal; a folder we
// cannot read lists as empty.
import { lstatSync, readdirSync, type Stats } from "node:fs";
import path from "node:path";

export interface TreeEntry {
  /** Path relative to the listed root, with the platform's separator. */
  relative: string;
  full: string;
  stat: Stats;
}

/** Every entry under `root` (not the root itself), parents before their children, depth first in
 *  name order. Returns [] when `root` is missing, unreadable or not a folder. */
export function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const visit = (dir: string, relative: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const stat = lstatSync(full, { throwIfNoEntry: false });
      if (!stat) continue; // removed while we listed
      const entry = { relative: path.join(relative, name), full, stat };
      out.push(entry);
      if (stat.isDirectory()) visit(full, entry.relative);
    }
  };
  visit(root, "");
  return out;
}

/** Files, links and other non-folders under `root`, relative to it (see listTree). */
export function filesUnder(root: string): string[] {
  return listTree(root)
    .filter((entry) => !entry.stat.isDirectory())
    .map((entry) => entry.relative);
}
