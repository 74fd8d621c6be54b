// Host facts a run depends on, measured without side effects: bubblewrap (system and the copy the
// Codex package ships), user namespaces, auth files (existence and mode only, never their content),
// temp-dir pitfalls, and loopback reachability. The public internet is deliberately not probed.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, connect } from "node:net";
import path from "node:path";
import { findOnPath, readNumber } from "../core/fs-lookup.js";
import { ambientCodexHome, isUnderTempDir, stateDir } from "../core/paths.js";

export interface BwrapFacts {
  system?: string;
  /** vendor/<triple>/codex-resources/bwrap beside the pinned binary's bin/ folder. */
  bundled?: string;
}

export function bwrapFacts(codexPath: string | undefined, env: NodeJS.ProcessEnv = process.env): BwrapFacts {
  const bundled = codexPath === undefined ? undefined : path.join(path.dirname(path.dirname(codexPath)), "codex-resources", "bwrap");
  const system = findOnPath("bwrap", env.PATH);
  return { ...(system ? { system } : {}), ...(bundled && existsSync(bundled) ? { bundled } : {}) };
}


export interface UserNamespaceFacts {
  allowed: boolean;
  detail: string;
}

export function userNamespaceFacts(): UserNamespaceFacts {
  const max = readNumber("/proc/sys/user/max_user_namespaces");
  const clone = readNumber("/proc/sys/kernel/unprivileged_userns_clone");
  const apparmor = readNumber("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  const parts = [`max_user_namespaces=${max ?? "n/a"}`];
  if (clone !== undefined) parts.push(`unprivileged_userns_clone=${clone}`);
  if (apparmor !== undefined) parts.push(`apparmor_restrict_unprivileged_userns=${apparmor}`);
  const allowed = (max === undefined || max > 0) && clone !== 0 && apparmor !== 1;
  return { allowed, detail: parts.join(", ") };
}

export interface AuthFacts {
  home: string;
  authJson: "missing" | "present";
  /** Octal file mode, e.g. "600"; a group- or world-readable auth file is a warning. */
  mode?: string;
}

export function authFacts(home: string): AuthFacts {
  const file = path.join(home, "auth.json");
  if (!existsSync(file)) return { home, authJson: "missing" };
  return { home, authJson: "present", mode: (statSync(file).mode & 0o777).toString(8) };
}

export interface TempPitfalls {
  codexHome: string;
  codexHomeUnderTmp: boolean;
  stateDir: string;
  stateDirUnderTmp: boolean;
}

export function tempPitfalls(env: NodeJS.ProcessEnv = process.env): TempPitfalls {
  const codexHome = ambientCodexHome(env);
  const state = stateDir(env);
  return { codexHome, codexHomeUnderTmp: isUnderTempDir(codexHome, env), stateDir: state, stateDirUnderTmp: isUnderTempDir(state, env) };
}

/** Opens a port on 127.0.0.1 and connects to it: can local processes (the mock provider) be reached? */
export async function loopbackReachable(timeoutMs = 3000): Promise<boolean> {
  const server = createServer((socket) => socket.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  try {
    return await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, timeoutMs);
      socket.once("data", () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
