// What a shell context hands Codex, measured before Codex starts: the gate judged the caller's
// environment, and a login shell's start-up files may change it (PATH, LD_LIBRARY_PATH, GIT_CONFIG_GLOBAL
// ...). Red team 18: a `~/.bash_profile` out of reach put `$PWD/tools` on PATH, and Codex started on
// the host the lsb_release an earlier workspace-write run planted there.
import { existsSync } from "node:fs";
import { runCommand } from "../process/spawn.js";
import type { LaunchContext, LaunchRequest } from "./context.js";
import { readCapture } from "./env-capture.js";

/** The program run in Codex's place: one that does nothing, named by an absolute path (the PATH the
 *  start-up files made is what is being judged, so it must not be searched). */
const NOTHING = ["/bin/true", "/usr/bin/true"].find((file) => existsSync(file)) ?? process.execPath;

/** The environment `context` would hand Codex: its plan run once with NOTHING in Codex's place (the
 *  start-up files run as they will again when Codex starts); for a context that starts no shell, the
 *  environment its plan passes, `undefined` when that is the caller's unchanged; `failed` when the
 *  shell did not get as far as handing over (it exited, or took longer than `timeoutMs`). */
export async function measureLaunchEnv(context: LaunchContext, request: Omit<LaunchRequest, "codexPath" | "codexArgs">, timeoutMs = 30_000): Promise<{ env: Record<string, string>; shell: boolean } | { failed: string } | undefined> {
  const plan = await context.plan({ ...request, codexPath: NOTHING, codexArgs: NOTHING === process.execPath ? ["-e", ""] : [] });
  // A context without a shell hands Codex its plan's environment (the tool context's reduced one):
  // judged when it is not the caller's as it was (red team 18).
  if (!plan.capture) return sameEnv(plan.env, request.env) ? undefined : { env: definedOnly(plan.env), shell: false };
  const result = await runCommand(plan.command, plan.args, { cwd: request.cwd, env: plan.env, timeoutMs });
  const env = readCapture(plan.capture);
  if (env) return { env, shell: true };
  return { failed: result.timedOut ? `its shell did not hand over within ${timeoutMs} ms` : `its shell exited (${result.code ?? result.signal}) before handing over` };
}

const definedOnly = (env: NodeJS.ProcessEnv): Record<string, string> => Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));

function sameEnv(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  const left = definedOnly(a);
  const right = definedOnly(b);
  return Object.keys(left).length === Object.keys(right).length && Object.entries(left).every(([name, value]) => right[name] === value);
}
