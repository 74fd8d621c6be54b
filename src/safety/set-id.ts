// A jailed command may leave a set-user-ID program in its workspace: the jail's user maps back to the
// caller, and the kernel lets a file's owner set the bit (measured, issue 27: `chmod 4755` on a copy of
// `true` inside the jail gave a host file of mode 4755 owned by the caller, root for a root caller),
// which anyone on the host who can execute it then runs as that owner. After a jailed run we take the
// bits off every file the run changed.
import { closeSync, constants, fchmodSync, fstatSync, openSync } from "node:fs";
import { listTree } from "../core/tree.js";

const SET_ID = 0o6000;

/** Removes the set-user-ID and set-group-ID bits from every regular file under `root` whose inode
 *  changed at or after `sinceMs` (ms since the epoch); returns their paths relative to `root`. Links
 *  are neither followed nor changed: each file is opened without following a link and changed through
 *  that descriptor, so a link swapped in after the listing changes nothing elsewhere. */
export function stripSetIdBits(root: string, sinceMs: number): string[] {
  const stripped: string[] = [];
  for (const entry of listTree(root)) {
    if (!entry.stat.isFile() || (entry.stat.mode & SET_ID) === 0 || entry.stat.ctimeMs < sinceMs) continue;
    let fd: number | undefined;
    try {
      fd = openSync(entry.full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      const stat = fstatSync(fd);
      if (!stat.isFile()) continue;
      fchmodSync(fd, stat.mode & 0o1777);
      stripped.push(entry.relative);
    } catch {
      // gone, or not ours to change: nothing to take off
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return stripped;
}
