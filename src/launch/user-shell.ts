// `user-shell`: the recommended way to launch Codex from a tool (measured by the lab's
// caller-environment finding). Codex starts from the user's own interactive login shell (the passwd
// entry's, `-il`), so it has what the user's terminal session has; the caller's PATH entries that the
// login dropped are appended again (a directory the caller exported stays reachable, after the user's
// own ones in lookup order); and Codex is told `allow_login_shell=false`, so its tools inherit that
// environment instead of rebuilding PATH in a login shell of their own (measured on 0.169.0: a tool
// login shell runs /etc/profile, which resets PATH and drops every caller entry).
// Codex's shell snapshot is turned off too, so every command sees the same environment.
// Cost, measured: with allow_login_shell=false Codex refuses a command call that asks for
// `login: true` ("login shell is disabled by config"), though its tool schema still offers it.
import type { LaunchContext } from "./context.js";
import { CAPTURE_VAR, newCaptureFile } from "./env-capture.js";
import { passwdLoginShell } from "./shell-find.js";

/** Carries the caller's PATH past the login shell; unset before Codex starts. */
export const CALLER_PATH_VAR = "CODEX_HEADLESS_CALLER_PATH";

/** The Codex settings this context adds, so its tools inherit Codex's environment: no login shell
 *  per command, and no shell snapshot (measured: with the login shell off Codex still sources its
 *  snapshot of an interactive shell once that is ready, so the first commands and later ones could
 *  see different rc files). */
export const USER_SHELL_CONFIG = ["-c", "allow_login_shell=false", "-c", "features.shell_snapshot=false"] as const;

/**
 * The script the login shell runs with `-c`: append each caller PATH entry the login dropped (no
 * globbing, empty entries skipped), dump the environment to the capture file, exec Codex ($0 "$@").
 * Nothing is interpolated into it.
 */
export const APPEND_CALLER_PATH_THEN_EXEC = [
  `__chl_f=$${CAPTURE_VAR}; __chl_p=$${CALLER_PATH_VAR}; unset ${CAPTURE_VAR} ${CALLER_PATH_VAR}`,
  `set -f; __chl_ifs=$IFS; IFS=:`,
  `for __chl_e in $__chl_p; do case ":$PATH:" in *":$__chl_e:"*) ;; *) [ -n "$__chl_e" ] && PATH="$PATH:$__chl_e" ;; esac; done`,
  `IFS=$__chl_ifs; set +f; export PATH; unset __chl_e __chl_p __chl_ifs`,
  `env -0 > "$__chl_f"; unset __chl_f; exec "$0" "$@"`,
].join("; ");

export const userShellContext: LaunchContext = {
  name: "user-shell",
  describe: "Codex exec'd by the user's passwd login shell -il, the caller's PATH entries appended, tools without a login shell or snapshot of their own",
  plan(request) {
    const shell = passwdLoginShell();
    const capture = newCaptureFile(request.env);
    return {
      context: "user-shell",
      command: shell,
      args: ["-ilc", APPEND_CALLER_PATH_THEN_EXEC, request.codexPath, ...USER_SHELL_CONFIG, ...request.codexArgs],
      env: { ...request.env, [CAPTURE_VAR]: capture.file, [CALLER_PATH_VAR]: request.env.PATH ?? "" },
      capture,
    };
  },
};
