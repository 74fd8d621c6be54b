// A byte-level fingerprint of a folder: every path, its mode, mtime and content. Equal fingerprints
// mean nothing in it was created, removed, rewritten or re-moded (the "untouched" check of homes).
import { readdirSync, readFileSync, lstatSync, readlinkSync } from "node:fs";
import path from "node:path";

export function fingerprint(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      const stat = lstatSync(full);
      const head = `${path.relative(base, full)} ${stat.mode.toString(8)} ${stat.mtimeMs}`;
      if (stat.isSymbolicLink()) return [`${head} -> ${readlinkSync(full)}`];
      if (stat.isDirectory()) return [head, ...fingerprint(full, base)];
      return [`${head} ${readFileSync(full).toString("base64")}`];
    });
}
