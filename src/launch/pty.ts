// `pty`: Codex on a real pseudo-terminal, as when the user types the command in a terminal — but
// still headless: we type the prompt, end input, and keep the terminal's noise out of the answer.
import type { LaunchContext } from "./context.js";

export const ptyContext: LaunchContext = {
  name: "pty",
  describe: "Codex on a pseudo-terminal (node-pty): stdin, stdout and stderr are a TTY",
  plan: (request) => ({
    context: "pty",
    command: request.codexPath,
    args: request.codexArgs,
    // A terminal has a TERM; keep the caller's, else the commonest one.
    env: { ...request.env, TERM: request.env.TERM && request.env.TERM !== "dumb" ? request.env.TERM : "xterm-256color" },
    stdio: "pty",
  }),
};
