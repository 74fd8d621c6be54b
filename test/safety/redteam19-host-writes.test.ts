// Red team 19, writes: programs Codex starts on the host write where the environment tells them.
// With GIT_TRACE naming a file under $TMPDIR (which every sandboxed run can write), a link planted at
// that name to a file out of reach had Codex 0.171.0's host-side `git ls-remote` append its trace to
// that file, outside the sandbox. Such targets (git's GIT_TRACE*, GIT_TRACE2*, the TLS key log
// SSLKEYLOGFILE) are judged like the programs' own files (`host write location`, exit 4).
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli } from "../helpers/cli.js";

const hello = ["run", "--provider", "mock", "--scenario", "hello", "--sandbox", "read-only", "hi"];

it("a file host programs write to, named by the environment where a sandboxed run can write, is refused before a run (red team 19)", { timeout: 120_000 }, async () => {
  const f = fixtureHome("rt19-host-writes", { gitCeiling: true });
  const victim = path.join(f.root, "victim.txt");
  writeFileSync(victim, "mine\n");

  // 1. The link planted where the trace goes: refused, and the file out of reach is as it was.
  const planted = path.join(f.env.TMPDIR!, "git-trace.log");
  symlinkSync(victim, planted);
  const trace = await runCli(hello, { ...f, env: { ...f.env, GIT_TRACE: planted } });
  expect({ code: trace.code, victim: readFileSync(victim, "utf8") }).toEqual({ code: 4, victim: "mine\n" });
  expect(trace.stderr).toMatch(/refused by policy: host write location — GIT_TRACE names .*git-trace\.log/);

  // 2. A trace2 socket, and a relative TLS key log taken from the working directory, the same.
  const socket = await runCli(hello, { ...f, env: { ...f.env, GIT_TRACE2_EVENT: `af_unix:stream:${path.join(f.env.TMPDIR!, "sock")}` } });
  expect(socket.code).toBe(4);
  expect(socket.stderr).toMatch(/host write location — GIT_TRACE2_EVENT names .*\/sock/);
  const keylog = await runCli(hello, { ...f, env: { ...f.env, SSLKEYLOGFILE: "keys.log" } });
  expect(keylog.code).toBe(4);
  expect(keylog.stderr).toMatch(/host write location — SSLKEYLOGFILE names .*work\/keys\.log/);

  // 3. Out of reach, the target is the user's own, and git on the host writes it (what makes the
  //    refusals above matter); values that are no path (stderr, a switch) are not targets.
  const own = path.join(f.root, "own-trace.log");
  const ran = await runCli(hello, { ...f, env: { ...f.env, GIT_TRACE: own, GIT_TRACE_REDACT: "1", GIT_TRACE2_EVENT_NESTING: "2" } });
  expect(ran.code, ran.stderr).toBe(0);
  expect(existsSync(own) && readFileSync(own, "utf8")).toMatch(/trace: built-in: git /);
});
