// The launch contexts through our CLI, as a user calls them: the record, and bad input.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RC_MARKERS, markerPathEntry, writeRcFiles } from "../../src/launch/rc-fixture.js";
import { HELLO_REPLY } from "../../src/mock/scenarios.js";
import { runRecordSchema } from "../../src/run/record.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("run --context", () => {
  it("zsh-login records the .zprofile marker in toolEnv and in launchEnv", async () => {
    const f = fixtureHome("cli-zsh");
    writeRcFiles(f.home);
    const dir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--provider", "mock", "--context", "zsh-login", "--scenario", "env", "--record", dir, "show env"], f);
    expect(result.code, result.stderr).toBe(0);
    const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));
    expect(record.context).toBe("zsh-login");
    expect(record.toolEnv?.[RC_MARKERS[".zprofile"]]).toBe("1");
    expect(record.launchEnv.PATH?.split(":")[0]).toBe(markerPathEntry(f.home, RC_MARKERS[".zprofile"]));
  }, 60_000);

  it("pty: Codex on a terminal, yet stdout carries only the answer; the echo is recorded", async () => {
    const f = fixtureHome("cli-pty");
    const dir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--provider", "mock", "--context", "pty", "--scenario", "hello", "--record", dir, "say hi"], f);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${HELLO_REPLY}\n`);
    const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));
    // What the terminal added (our typed prompt echoed back) is kept, apart from the answer.
    expect(record.stdoutNoise).toContain("say hi");
  }, 60_000);

  it("rejects an unknown context with one line and exit 2", async () => {
    const f = fixtureHome("cli-badctx");
    const result = await runCli(["run", "--provider", "mock", "--context", "fish-login", "hi"], f);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/fish-login/);
  });

  it("names the Debian package when the context's shell is not installed", async () => {
    const f = fixtureHome("cli-noshell");
    // Beside the workspace: a PATH folder inside it is refused first (program location).
    const empty = path.join(path.dirname(f.cwd), "empty-bin");
    mkdirSync(empty);
    // PATH without zsh: the launch finds no shell, as on a machine without the package.
    const result = await runCli(["run", "--provider", "mock", "--context", "zsh-login", "hi"], { ...f, env: { ...f.env, PATH: empty } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^codex-headless: zsh-login needs zsh: apt-get install zsh$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
