// How an error or a notice names one of a run's options. The library, the pool, threads and the MCP
// tools take them by their RunSpec key (`keepHome`); a command line takes them as flags (--keep-home).
// A message says which option it means with optionName, and reads right to whoever gave it: the CLI's
// entry switches the process to flags once, before a command runs (cli/entry.ts); the MCP server, a
// CLI command whose callers pass keys, does not. One process is one command line, so the setting is
// the process's.

/** Each option a message may name, and the flag the CLI's commands take it as. */
const FLAGS = {
  codex: "--codex",
  provider: "--provider",
  scenario: "--scenario",
  context: "--context",
  home: "--home",
  keepHome: "--keep-home",
  seedConfig: "--seed-config",
  auth: "--auth",
  sandbox: "--sandbox",
  approval: "--approval",
  onApproval: "--on-approval",
  transport: "--transport",
  policy: "--policy",
  jail: "--jail",
  config: "--config",
  profile: "--profile",
  idleTimeoutMs: "--idle-timeout",
} as const;

export type OptionKey = keyof typeof FLAGS;

/** The options and their flags (test/core/option-names.test.ts checks each flag against the CLI's). */
export const OPTION_FLAGS: Readonly<Record<OptionKey, string>> = FLAGS;

let asFlags = false;

/** From now on this process names options as the CLI's flags. Called by the CLI's entry only (and by
 *  tests, which switch it back). */
export function nameOptionsAsFlags(flags = true): void {
  asFlags = flags;
}

/**
 * How this process names option `key`, with `value` when given: `keepHome` and `home: "repo"` to
 * the library's callers, --keep-home and --home repo on a command line.
 */
export function optionName(key: OptionKey, value?: string): string {
  if (asFlags) return value === undefined ? FLAGS[key] : `${FLAGS[key]} ${value}`;
  return value === undefined ? `\`${key}\`` : `\`${key}: ${JSON.stringify(value)}\``;
}
