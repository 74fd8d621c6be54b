// Which binary a cached verdict belongs to. A cached "the sandbox works" or config-key probe is only
// reused for the very same file: path, device, inode, size, and both modification and change times
// (ctime moves on any write or `touch`, and cannot be set back by a user process), so a replaced or
// rewritten binary is probed again instead of inheriting another file's verdict.
import { createHash } from "node:crypto";
import { realpathSync, statSync } from "node:fs";

export function binaryIdentity(file: string): string {
  const real = realpathSync(file);
  const stat = statSync(real, { bigint: true });
  const raw = [real, stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join("|");
  return createHash("sha256").update(raw).digest("hex").slice(0, 32);
}
