// A byte-level fingerprint of a folder: every path, its mode, mtime and content. Equal fingerprints
// mean nothing in it was created, removed, rewritten or re-moded (the "untouched" check of homes).
import { readFileSync, readlinkSync } from "node:fs";
import { listTree } from "../core/tree.js";

/** One line per entry under `dir`: "relative mode(octal) mtimeMs" and the link target or the
 *  content in base64 (nothing more for a folder). A missing folder gives []. */
export function fingerprint(dir: string): string[] {
  return listTree(dir).map(({ relative, full, stat }) => {
    const head = `${relative} ${stat.mode.toString(8)} ${stat.mtimeMs}`;
    if (stat.isSymbolicLink()) return `${head} -> ${readlinkSync(full)}`;
    if (stat.isDirectory()) return head;
    return `${head} ${readFileSync(full).toString("base64")}`;
  });
}
