// What a file in a Codex home is, from its path (relative to the home). Classes come from what real
// runs of the pinned Codex were seen to write.
import { z } from "zod";

export const pathClassSchema = z.enum(["auth", "config", "sessions", "sqlite-state", "logs", "plugin-cache", "skills", "shell-snapshots", "rules", "locks", "temp", "identity", "unknown"]);
export type PathClass = z.infer<typeof pathClassSchema>;

const RULES: Array<[PathClass, RegExp]> = [
  ["auth", /^auth\.json$|^\.credentials|credentials\.json$/],
  ["config", /^(config\.toml|[^/]+\.config\.toml|managed_config\.toml|hooks\.json|AGENTS\.md)$/],
  ["sessions", /^(sessions|archived_sessions)\//],
  ["logs", /^(log\/|logs_\d+\.sqlite)/],
  ["sqlite-state", /\.sqlite(-wal|-shm)?$/],
  ["plugin-cache", /^(plugins|\.tmp\/plugins|cache\/plugins)/],
  ["skills", /^skills\//],
  ["shell-snapshots", /^shell_snapshots\//],
  ["rules", /^rules\//],
  ["locks", /(^|\/)[^/]*\.lock$|^thread-writer-locks\//],
  ["temp", /^(tmp|\.tmp)\//],
  ["identity", /^(installation_id|\.sandbox_migration|version\.json)$/],
];

export function classifyHomePath(relative: string): PathClass {
  return RULES.find(([, pattern]) => pattern.test(relative))?.[0] ?? "unknown";
}
