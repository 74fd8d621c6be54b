// `direct`: Codex is spawned as is, with the caller's environment unchanged — what a program that
// calls spawn("codex") gets.
import type { LaunchContext } from "./context.js";

export const directContext: LaunchContext = {
  name: "direct",
  describe: "Codex spawned directly with the caller's environment, no shell in between",
  plan: (request) => ({ context: "direct", command: request.codexPath, args: request.codexArgs, env: { ...request.env } }),
};
