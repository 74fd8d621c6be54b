// The HTTP encoding of a scenario's action: a Responses stream as server-sent events on a POST to
// `/responses` (the path every provider has), or an HTTP status, or a fault.
import type http from "node:http";
import type { Socket } from "node:net";
import type { ResponseEvent } from "./events.js";
import { streamedEvents, type MockAction } from "./scenarios.js";

export function encodeSse(event: ResponseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Answers one HTTP request as the action says; `socket` is cut for a stream that is cut. */
export function respondSse(action: MockAction, res: http.ServerResponse, socket: Socket): void {
  switch (action.kind) {
    case "status":
      res.writeHead(action.status, { "content-type": "application/json", ...action.headers });
      res.end(JSON.stringify(action.body));
      return;
    case "no-headers":
      // Hold the connection open and say nothing: Codex waits for headers.
      return;
    case "malformed":
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end("event: response.created\ndata: {this is not json\n\ndata: ]]]\n\n");
      return;
    case "stream": {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const finish = () => (action.cutAfter === undefined ? res.end() : socket.destroy());
      const stop = streamedEvents(action, (event) => res.write(encodeSse(event)), finish, () => res.destroyed);
      res.on("close", stop);
      return;
    }
  }
}
