// What a Codex binary can send that our app-server transport does not know: notifications and server
// requests its schema lists beyond the ones the build generated from the pinned Codex. At run time
// each one becomes an `unknown` event in the stream and a count in the record's `drift` — never a
// crash — so doctor counts them up front, as drift, never as a failure.
import { SERVER_NOTIFICATION_METHODS, SERVER_REQUEST_METHODS } from "../codex/generated/methods.js";
import type { ProtocolMethod } from "../surface/protocol-surface.js";

export interface ProtocolDrift {
  /** Server notifications this binary may send that the transport would keep as drift. */
  notifications: string[];
  /** Server requests it may send that the transport would answer "method not found" and keep as drift. */
  requests: string[];
}

const KNOWN = { "server-notification": new Set<string>(SERVER_NOTIFICATION_METHODS), "server-request": new Set<string>(SERVER_REQUEST_METHODS) };

/** Only stable methods count: we never opt into the experimental API, so Codex sends us none of the rest. */
export function protocolDrift(methods: ProtocolMethod[]): ProtocolDrift {
  const unknown = (direction: keyof typeof KNOWN) =>
    methods.filter((m) => m.direction === direction && m.status === "stable" && !KNOWN[direction].has(m.name)).map((m) => m.name).sort();
  return { notifications: unknown("server-notification"), requests: unknown("server-request") };
}
