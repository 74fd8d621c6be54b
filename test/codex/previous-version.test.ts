// The upgrade path: the Codex pinned before the current one still works under codex-headless — `run`
// on both transports and a library thread, against the mock provider. (`inventory` and `doctor` on the
// same binary run in test/surface/inventory.test.ts, whose `--diff` builds its whole inventory.) A user
// whose Codex lags one release behind ours is the common case this keeps honest.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { SHELL_PROBE_COMMAND } from "../../src/mock/scenarios.js";
import { runRecordSchema } from "../../src/run/record.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { PREVIOUS_CODEX, previousCodexBinary } from "../helpers/previous-codex.js";
import { TEST_CACHE } from "../helpers/paths.js";

let binary: string | undefined;
beforeAll(async () => {
  binary = await previousCodexBinary();
}, 400_000);

describe(`the previous pin, Codex ${PREVIOUS_CODEX}`, () => {
  it.each(["exec", "app-server"] as const)("run over %s: the command really runs, the stream names the version, nothing is drift", async (transport) => {
    if (!binary) return;
    const f = fixtureHome(`previous-${transport}`);
    const recordDir = path.join(path.dirname(f.cwd), "rec");
    // exec names the version itself (`--codex 0.169.0`, fetched into the suite's cache, already there
    // from beforeAll); app-server the binary's path.
    const which = transport === "exec" ? PREVIOUS_CODEX : binary;
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "shell", "--codex", which, "--json", "--record", recordDir, "run the probe"], { ...f, env: { ...f.env, CODEX_HEADLESS_CACHE_DIR: TEST_CACHE }, deadlineMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; codex?: unknown });
    expect(events[0]).toMatchObject({ type: "stream.header", codex: { version: PREVIOUS_CODEX, source: "path" } });
    const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(recordDir, "record.json"), "utf8")));
    expect(record.outcome).toBe("ok");
    expect(record.codex.version).toBe(PREVIOUS_CODEX);
    // The shell computed 42: the probe command really ran under the older Codex.
    expect(SHELL_PROBE_COMMAND).not.toContain("probe:42");
    expect(record.finalResponse).toContain("probe:42");
    // Our transports were built from the newer schema: anything the older Codex says that they do not
    // know would show up here as drift.
    expect(record.drift).toEqual({ unknownEvents: 0, samples: [] });
  }, 120_000);

  it("a library thread: two turns on one app-server, the second sees the first", async () => {
    if (!binary) return;
    const f = fixtureHome("previous-thread");
    const thread = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, transport: "app-server", codex: binary }).startThread();
    try {
      const first = await thread.run("one");
      const second = await thread.run("two");
      expect([first.finalResponse, second.finalResponse]).toEqual(['Turn 1: you said "one"', 'Turn 2: you said "two"']);
      expect(second.record.codex.version).toBe(PREVIOUS_CODEX);
      expect(second.record.pid).toBe(first.record.pid);
      expect(second.usage?.input_tokens).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
  }, 120_000);
});
