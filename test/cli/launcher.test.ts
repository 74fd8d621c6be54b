// The CLI's launcher (the shell line at the top of dist/cli/main.cjs) starts Node without
// NODE_EXTRA_CA_CERTS, which Node 20 would read and parse at start (src/cli/launcher-env.ts), and
// hands the value back: Codex and its tools see the user's environment unchanged.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runRecordSchema } from "../../src/run/record.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("the CLI's launcher", () => {
  it("Node starts without NODE_EXTRA_CA_CERTS, Codex's tools get it back, nothing of the hand-over shows", async () => {
    const f = fixtureHome("launcher", { seededState: true });
    // A file Node cannot read: a Node that loads it says so on stderr at start.
    const missing = path.join(f.root, "no-such-bundle.pem");
    const env = { ...f.env, NODE_EXTRA_CA_CERTS: missing };
    const dir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--provider", "mock", "--scenario", "env", "--record", dir, "show env"], { ...f, env, asProgram: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/extra certs/i);
    const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));
    expect(record.launchEnv.NODE_EXTRA_CA_CERTS).toBe(missing);
    expect(record.toolEnv?.NODE_EXTRA_CA_CERTS).toBe(missing);
    expect(Object.keys(record.launchEnv).filter((name) => name.startsWith("CODEX_HEADLESS_EXTRA"))).toEqual([]);
    expect(Object.keys(record.toolEnv ?? {}).filter((name) => name.startsWith("CODEX_HEADLESS_EXTRA"))).toEqual([]);

    // Without the variable, none appears; and the same file still runs under `node` directly.
    const { NODE_EXTRA_CA_CERTS: _, ...without } = f.env;
    const version = await runCli(["--version"], { ...f, env: without, asProgram: true });
    expect(version.code, version.stderr).toBe(0);
    const direct = await runCli(["--version"], { ...f, env: without });
    expect(direct.stdout).toBe(version.stdout);
  }, 60_000);
});
