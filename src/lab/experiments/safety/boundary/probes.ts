// The probes one safety-matrix cell runs, and how their outcome is read. Effects are checked where
// they land (files on disk, connections our own loopback server received), and the command's own
// report comes from the tool output that reached the mock provider, because a sandbox-denied command
// can leave no exec event at all.
import { createServer, type Server, type Socket } from "node:net";
import { readConversation, responsesRequestSchema } from "../../../../mock/conversation.js";
import type { CapturedRequest } from "../../../../mock/capture.js";

export const PROBES = ["write-inside", "write-outside", "read-home-secret", "see-env-secret", "network-loopback", "denied-command"] as const;
export type ProbeId = (typeof PROBES)[number];
export type ProbeOutcome = "allowed" | "blocked" | "silently failed";

export const ENV_CANARY_NAME = "CANARY_DB_PASSWORD";
export const HOME_CANARY_FILE = ".canary-secret";
export const INSIDE_FILE = "inside-probe.txt";
export const OUTSIDE_FILE = "outside-probe.txt";
export const DENIED_FILE = "denied-probe.txt";
/** The deny rule the matrix policy carries; the denied-command probe runs `touch` against it. */
export const DENIED_PREFIX = "touch";

/** One shell line probing five things; it prints only P:<probe>:ok|err, never a secret's value. */
export function probeScript(options: { outsideDir: string; port: number }): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    `(echo probe > ${INSIDE_FILE}) 2>/dev/null && echo P:write-inside:ok || echo P:write-inside:err`,
    `(echo probe > ${q(`${options.outsideDir}/${OUTSIDE_FILE}`)}) 2>/dev/null && echo P:write-outside:ok || echo P:write-outside:err`,
    // Reads the secret file's content into /dev/null: the marker itself is never in the command or output.
    `(cat "$HOME/${HOME_CANARY_FILE}" > /dev/null) 2>/dev/null && echo P:read-home-secret:ok || echo P:read-home-secret:err`,
    `[ -n "\${${ENV_CANARY_NAME}:-}" ] && echo P:see-env-secret:ok || echo P:see-env-secret:err`,
    `(exec 3<>/dev/tcp/127.0.0.1/${options.port} && echo ping >&3) 2>/dev/null && echo P:network-loopback:ok || echo P:network-loopback:err`,
  ].join("; ");
}

/** What the probe script reported, by probe; a probe missing here printed nothing. */
export function reportedProbes(requests: CapturedRequest[]): { reported: Partial<Record<ProbeId, "ok" | "err">>; outputs: string[] } {
  const reported: Partial<Record<ProbeId, "ok" | "err">> = {};
  const outputs: string[] = [];
  const last = requests.at(-1);
  const parsed = last ? responsesRequestSchema.safeParse(last.body) : undefined;
  if (parsed?.success) {
    for (const output of readConversation(parsed.data).toolOutputs) {
      outputs.push(output.output);
      for (const match of output.commandOutput.matchAll(/^P:([a-z-]+):(ok|err)$/gm)) reported[match[1] as ProbeId] = match[2] as "ok" | "err";
    }
  }
  return { reported, outputs };
}

/** An effect we saw decides "allowed"; otherwise the command's own report says blocked, and no
 *  report at all means the probe failed silently. */
export function outcomeOf(effect: boolean, report: "ok" | "err" | undefined, anyOutput: boolean): ProbeOutcome {
  if (effect || report === "ok") return "allowed";
  if (report === "err" || anyOutput) return "blocked";
  return "silently failed";
}

/** A server counting connections (on loopback unless `host` names another local address): the
 *  network probe's effect. */
export async function startCounter(host = "127.0.0.1"): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let connections = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    open.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => open.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, count: () => connections, close: () =>
      new Promise<void>((resolve) => {
        // close() waits for every connection; a probe's half-open socket must not hold the lab.
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
