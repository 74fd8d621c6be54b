// A jailed command may leave a set-user-ID program in what it can write: the jail's user maps back to
// the caller, and the kernel lets a file's owner set the bit (measured, issue 27: `chmod 4755` on a
// copy of `true` inside the jail gave a host file of mode 4755 owned by the caller, root for a root
// caller), which anyone on the host who can execute it then runs as that owner. After a jailed run we
// take the bits off every file and folder the run changed in every place it could write.
//
// What the red team used to keep a bit, and what answers it here: a folder chain deeper than PATH_MAX
// (the walk goes by descriptors, core/tree.ts); a folder we may not read (made ours to read, walked,
// and its mode put back); a file we may not open (mode 4111: changed by path after the walk saw it as
// a file); a set-group-ID folder (its bit comes off too). What still cannot be checked is closed to
// everyone but its owner, so a set-ID file inside runs for nobody but the owner, as the owner.
import { chmodSync, closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, type Stats } from "node:fs";
import path from "node:path";
import { errnoCode } from "../core/errors.js";
import { optionName } from "../core/option-names.js";
import { walkTree, type WalkEntry } from "../core/tree.js";

const SET_ID = 0o6000;

export interface SetIdReport {
  /** Files and folders whose set-ID bits came off, relative to the root. */
  stripped: string[];
  /** Folders that could not be checked (with why), closed to group and others. */
  closed: Array<{ path: string; reason: string }>;
}

/** Removes the set-user-ID and set-group-ID bits from every file and folder under `root` whose inode
 *  changed at or after `sinceMs` (ms since the epoch). Links are neither followed nor changed: a file
 *  is opened without following a link and changed through that descriptor. Never throws for what it
 *  finds under `root`; a missing root gives an empty report. */
export function stripSetIdBits(root: string, sinceMs: number): SetIdReport {
  const report: SetIdReport = { stripped: [], closed: [] };
  walkChecked(root, "", sinceMs, report);
  return report;
}

function walkChecked(root: string | Buffer, prefix: string, sinceMs: number, report: SetIdReport): void {
  walkTree(
    root,
    (entry) => {
      const { stat } = entry;
      if ((stat.mode & SET_ID) === 0 || stat.ctimeMs < sinceMs || !(stat.isFile() || stat.isDirectory())) return;
      if (strip(entry)) report.stripped.push(path.join(prefix, entry.relative));
    },
    {
      onError: ({ relative, at }, error) => {
        const shown = path.join(prefix, relative);
        // A folder of ours we may not read or enter: open it to ourselves, walk it, put its mode back.
        let stat: Stats | undefined;
        try {
          stat = lstatSync(at, { throwIfNoEntry: false });
        } catch {
          stat = undefined;
        }
        if (stat?.isDirectory() && errnoCode(error) === "EACCES" && stat.uid === process.getuid?.()) {
          try {
            chmodSync(at, (stat.mode & 0o7777) | 0o500);
            walkChecked(at, shown, sinceMs, report);
            chmodSync(at, stat.mode & 0o1777);
            return;
          } catch {
            // fall through: closed below
          }
        }
        try {
          if (stat?.isDirectory()) chmodSync(at, stat.mode & 0o1700);
          report.closed.push({ path: shown, reason: errnoCode(error) });
        } catch (closing) {
          report.closed.push({ path: shown, reason: `${errnoCode(error)}; could not close it (${errnoCode(closing)})` });
        }
      },
    },
  );
}

/** Takes the bits off one entry; false when it is gone or no longer what the walk saw. */
function strip(entry: WalkEntry): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(entry.at, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (entry.stat.isDirectory() ? constants.O_DIRECTORY : 0));
    const stat = fstatSync(fd);
    if (stat.isFile() !== entry.stat.isFile() || stat.ino !== entry.stat.ino) return false;
    fchmodSync(fd, stat.mode & 0o1777);
    return true;
  } catch (error) {
    // A file or folder the owner may not read (mode 4111) cannot be opened: changed by its name,
    // which the walk just saw as this file or folder (a jailed run's processes are gone by now).
    if (errnoCode(error) !== "EACCES") return false;
    try {
      chmodSync(entry.at, entry.stat.mode & 0o1777);
      return true;
    } catch {
      return false;
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}


/** After a jailed run: strips every root the run could write (see stripSetIdBits) and says what it
 *  did, one notice per file or folder; never throws, so the run's report is never lost to it. */
export function setIdNoticesAfterJail(roots: string[], sinceMs: number): string[] {
  const notices: string[] = [];
  for (const root of new Set(roots)) {
    let report: SetIdReport;
    try {
      report = stripSetIdBits(root, sinceMs);
    } catch (error) {
      notices.push(`${optionName("jail")}: could not check ${root} for set-user-ID/set-group-ID files (${errnoCode(error)})`);
      continue;
    }
    for (const file of report.stripped) notices.push(`${optionName("jail")}: took the set-user-ID/set-group-ID bit off ${path.join(root, file)}, which a jailed command set`);
    for (const { path: folder, reason } of report.closed) notices.push(`${optionName("jail")}: could not check ${path.join(root, folder)} for set-user-ID/set-group-ID files (${reason}): closed it to everyone but its owner`);
  }
  return notices;
}
