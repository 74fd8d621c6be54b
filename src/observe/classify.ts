// Gives every stderr line (and every event that is not the answer) a class, with the change that
// silences it where one exists. An unclassified line is itself a finding: new noise to look at.
import { z } from "zod";
import { BACKTRACE, RECONNECT, STDIN_NOTICE } from "./output-rules.js";

export const noiseClassSchema = z.enum([
  "stdin-notice",
  "temp-dir-helper-warning",
  "model-metadata-warning",
  "reconnect-retry",
  "plugin-warning",
  "sandbox-warning",
  "analytics-network",
  "rust-log",
  "rust-backtrace",
  "project-trust-warning",
  "launch-shell-job-control",
  "config-warning",
  "auth-error",
  "codex-error",
  "unclassified",
]);
export type NoiseClass = z.infer<typeof noiseClassSchema>;

export interface NoiseRule {
  class: NoiseClass;
  pattern: RegExp;
  /** What silences it, when something does. */
  silencedBy?: string;
  /** Whether silencing it changes what Codex does (not just what it prints). */
  silencingChangesBehaviour?: boolean;
  meaning: string;
}

export const NOISE_RULES: readonly NoiseRule[] = [
  // First: a tracing line is a log line whatever it mentions (plugins, sandbox, analytics...).
  {
    class: "rust-log",
    // app-server colours its log lines even on a pipe: escapes may sit around every field.
    pattern: /^\s*(\x1b\[[0-9;]*m)*\d{4}-\d\d-\d\dT[\d:.]+Z?(\s|\x1b\[[0-9;]*m)*(ERROR|WARN|INFO|DEBUG|TRACE)\b/,
    silencedBy: "unset RUST_LOG (or RUST_LOG=error); app-server prints ERROR lines even without it",
    silencingChangesBehaviour: false,
    meaning: "a tracing log line from Codex's Rust core",
  },
  {
    class: "stdin-notice",
    pattern: STDIN_NOTICE,
    silencedBy: "cannot be silenced in exec; it is printed whenever stdin is not a terminal",
    silencingChangesBehaviour: false,
    meaning: "Codex is reading stdin until EOF; with a pipe nobody closes it waits forever",
  },
  {
    class: "temp-dir-helper-warning",
    pattern: /Refusing to create helper binaries under temporary dir|under the system temp|could not create PATH aliases/i,
    silencedBy: "put CODEX_HOME outside the temp dir, or set TMPDIR elsewhere",
    silencingChangesBehaviour: true,
    meaning: "Codex did not create its helper binaries/links in CODEX_HOME (the home is under TMPDIR, or not writable); sandboxed commands can then fail silently",
  },
  {
    class: "rust-backtrace",
    pattern: BACKTRACE,
    silencedBy: "unset RUST_BACKTRACE (release builds print frames without symbols)",
    silencingChangesBehaviour: false,
    meaning: "a backtrace after a fatal error, printed because RUST_BACKTRACE is set in the environment",
  },
  {
    // bash -i (the user-shell and interactive launch contexts) started with no terminal says so
    // before Codex starts: measured, every user-shell run on a pipe.
    class: "launch-shell-job-control",
    pattern: /cannot set terminal process group|no job control in this shell/,
    silencedBy: "give the interactive shell a terminal (the pty context), or launch through a login shell without -i",
    silencingChangesBehaviour: false,
    meaning: "the launch context's interactive shell has no terminal, so its job control is off; the shell says so, not Codex",
  },
  {
    class: "project-trust-warning",
    pattern: /Untrusted project-local configuration is disabled/,
    silencedBy: "trust the project (codex exec --trust) or run outside a folder with project config",
    silencingChangesBehaviour: true,
    meaning: "exec resume ignores project-local .codex/ configuration until the project is trusted",
  },
  {
    class: "model-metadata-warning",
    pattern: /^Model metadata for `[^`]+` not found/,
    silencedBy: "use a model slug Codex knows, or a model catalog entry for the custom model",
    silencingChangesBehaviour: true,
    meaning: "the model is unknown to Codex; it uses fallback context-window and tool settings",
  },
  {
    class: "reconnect-retry",
    pattern: new RegExp(`${RECONNECT.source}|retrying|stream disconnected before completion`, "i"),
    meaning: "the provider failed or was unreachable; Codex retries (forever while it cannot connect)",
  },
  {
    class: "plugin-warning",
    pattern: /plugin|marketplace|manifest/i,
    silencedBy: "disable the plugins feature (--disable plugins) in headless runs",
    meaning: "plugin or marketplace housekeeping",
  },
  {
    class: "sandbox-warning",
    pattern: /bubblewrap|bwrap|landlock|seccomp|sandbox|user namespace/i,
    meaning: "the sandbox could not be set up as asked, or warns about the host",
  },
  {
    class: "analytics-network",
    pattern: /analytics|telemetry|otel|statsig|chatgpt\.com|api\.openai\.com/i,
    silencedBy: "analytics.enabled=false / otel exporters off",
    meaning: "a background network attempt unrelated to the answer",
  },
  {
    class: "config-warning",
    pattern: /config\.toml|unknown (field|key)|deprecated|profile/i,
    meaning: "a configuration problem Codex tolerated",
  },
  {
    class: "auth-error",
    pattern: /401|unauthori[sz]ed|not logged in|login|api key|authentication/i,
    meaning: "the provider refused the credentials, or there were none",
  },
  {
    class: "codex-error",
    pattern: /^(Error|error)\b|ERROR:|panicked|unexpected status/,
    meaning: "Codex reports a failure",
  },
];

export interface ClassifiedLine {
  line: string;
  class: NoiseClass;
}

export function classifyLine(line: string): ClassifiedLine {
  const rule = NOISE_RULES.find((candidate) => candidate.pattern.test(line));
  return { line, class: rule?.class ?? "unclassified" };
}

export function ruleFor(noiseClass: NoiseClass): NoiseRule | undefined {
  return NOISE_RULES.find((rule) => rule.class === noiseClass);
}
