// The README: "An idle app-server thread does not keep your process alive" — and @openai/codex-sdk's
// scripts never close a thread (it has no close). A newcomer's script that ran one turn on the mock
// provider and did not close its thread never ended (over 5 minutes, both transports): the thread keeps
// its mock provider between turns, and its listening server and Codex's open connection to it held
// Node's event loop. The script now ends by itself, and leaves no Codex behind.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCommand } from "../../src/process/spawn.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { processesWithEnv, waitFor } from "../helpers/processes.js";

const SCRIPT = `import { readdirSync, readFileSync } from "node:fs";
import { Codex } from "codex-headless";
for (const transport of ["exec", "app-server"]) {
  const thread = new Codex({ provider: "mock", transport }).startThread({ workingDirectory: process.cwd() });
  const turn = await thread.run("hi");
  console.log(transport + ": " + turn.finalResponse);
}
// The idle app-server is alive here, with the marker in its environment (so the check after is not empty).
const marker = "CODEX_HEADLESS_TEST_MARKER=" + process.env.CODEX_HEADLESS_TEST_MARKER + "\\0";
const marked = readdirSync("/proc").filter((p) => /^\\d+$/.test(p) && Number(p) !== process.pid).filter((p) => {
  try { return readFileSync("/proc/" + p + "/environ", "utf8").includes(marker); } catch { return false; }
});
console.log("idle: " + marked.length);
// No thread.close(): the SDK has none.
`;

it("a script that runs a turn on each transport and closes no thread ends by itself, leaving no Codex", { timeout: 120_000 }, async () => {
  const f = fixtureHome("thread-unclosed");
  mkdirSync(path.join(f.cwd, "node_modules"));
  symlinkSync(REPO_ROOT, path.join(f.cwd, "node_modules", "codex-headless"));
  writeFileSync(path.join(f.cwd, "script.mjs"), SCRIPT);
  const marker = `unclosed-${process.pid}-${Date.now()}`;
  const result = await runCommand(process.execPath, ["script.mjs"], { cwd: f.cwd, env: { ...f.env, PWD: f.cwd, CODEX_HEADLESS_TEST_MARKER: marker }, timeoutMs: 60_000 });
  expect(result.timedOut, result.stderr).toBe(false);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^exec: .+\napp-server: .+\nidle: [1-9]\d*\n$/);
  // The idle app-server dies with the script (it is started to die with its parent).
  expect(await waitFor(() => processesWithEnv("CODEX_HEADLESS_TEST_MARKER", marker).length === 0, 5_000)).toBe(true);
});
