// A byte-level fingerprint of a folder: every path, its mode, mtime and content. Equal fingerprints
// mean nothing in it was created, removed, rewritten or re-moded (the "untouched" check of homes).
import { readFileSync, readlinkSync } from "node:fs";
import { walkTree } from "../core/tree.js";

/** One line per entry under `dir`: "relative mode(octal) mtimeMs" and the link target or the
 *  content in base64 (nothing more for a folder). A missing folder gives []. */
export function fingerprint(dir: string): string[] {
  const lines: string[] = [];
  walkTree(dir, ({ relative, at, stat }) => {
    const head = `${relative} ${stat.mode.toString(8)} ${stat.mtimeMs}`;
    if (stat.isSymbolicLink()) lines.push(`${head} -> ${readlinkSync(at)}`);
    else if (stat.isDirectory()) lines.push(head);
    else lines.push(`${head} ${readFileSync(at).toString("base64")}`);
  });
  return lines;
}
