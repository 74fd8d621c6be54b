// `codex-headless mock` as a user runs it (a newcomer trial): a --port another process holds was
// "internal error: listen EADDRINUSE" with exit 1, and `--scenario fault-refuse` printed a URL, said
// "serving scenario fault-refuse; Ctrl-C to stop" and exited 13 at once (it has no server to keep:
// nothing held Node's event loop), with a --port given to it dropped.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("codex-headless mock", () => {
  const f = fixtureHome("mock-cli");

  it("a --port another process listens on is a usage error naming the port, exit 2", async () => {
    const holder = http.createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      expectUsageError(await runCli(["mock", "--port", String(port)], f), new RegExp(`^codex-headless: --port ${port}: 127\\.0\\.0\\.1:${port} is in use \\(EADDRINUSE\\)`));
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it("fault-refuse: prints a URL nobody listens on, says so, and ends (exit 0); a --port for it is refused", async () => {
    const result = await runCli(["mock", "--scenario", "fault-refuse"], { ...f, deadlineMs: 10_000 });
    expect(result.code, result.stderr).toBe(0);
    const url = new URL(result.stdout.split("\n")[0]!);
    expect(result.stderr).not.toMatch(/Ctrl-C/);
    expect(result.stderr).toMatch(new RegExp(`^codex-headless: scenario fault-refuse: nothing listens on ${url.host}`, "m"));
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      socket.once("connect", () => (socket.destroy(), resolve("connected")));
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
    expectUsageError(await runCli(["mock", "--scenario", "fault-refuse", "--port", "40000"], f), /^codex-headless: --port: scenario fault-refuse serves nothing/);
  });
});
