// `bash-login`, `zsh-login`, `zsh-interactive`: Codex started by `SHELL -lc` / `-ilc`, the way a
// script or terminal multiplexer might, so the shell's profile (and with -i its rc) runs first.
import type { LaunchContext, LaunchContextName } from "./context.js";
import { CAPTURE_THEN_EXEC, CAPTURE_VAR, newCaptureFile } from "./env-capture.js";
import { findShell } from "./shell-find.js";

function shellContext(name: LaunchContextName, shell: "bash" | "zsh", flags: string, describe: string): LaunchContext {
  return {
    name,
    describe,
    preflight: (env) => void findShell(shell, env, name),
    plan(request) {
      const shellPath = findShell(shell, request.env, name);
      const capture = newCaptureFile(request.env);
      return {
        context: name,
        command: shellPath,
        args: [flags, CAPTURE_THEN_EXEC, request.codexPath, ...request.codexArgs],
        env: { ...request.env, [CAPTURE_VAR]: capture.file },
        capture,
      };
    },
  };
}

export const bashLoginContext = shellContext("bash-login", "bash", "-lc", "Codex exec'd by bash -lc: the login profile runs first");
export const zshLoginContext = shellContext("zsh-login", "zsh", "-lc", "Codex exec'd by zsh -lc: .zshenv and .zprofile run first");
export const zshInteractiveContext = shellContext("zsh-interactive", "zsh", "-ilc", "Codex exec'd by zsh -ilc: .zshenv, .zprofile and .zshrc run first");
