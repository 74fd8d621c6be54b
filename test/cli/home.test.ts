import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("codex-headless home", () => {
  it("create makes a private home with auth carried in; snapshot and diff describe a run in it", async () => {
    const f = fixtureHome("home-cli");
    const created = await runCli(["home", "create", "--auth", "api-key"], { ...f, env: { ...f.env, CODEX_API_KEY: "sk-home-cli-fixture-key-000" } });
    expect(created.code).toBe(0);
    const home = created.stdout.trim();
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(existsSync(path.join(home, "auth.json"))).toBe(true);
    const before = path.join(f.cwd, "before.json");
    expect((await runCli(["home", "snapshot", home, "--out", before], f)).code).toBe(0);
    expect((await runCli(["run", "--provider", "mock", "--home", home, "hi"], f)).code).toBe(0);
    const diff = await runCli(["home", "diff", before, home], f);
    expect(diff.code).toBe(0);
    const parsed = JSON.parse(diff.stdout) as { byClass: Record<string, number>; added: string[] };
    expect(parsed.byClass.sessions).toBe(1);
    expect(parsed.added.some((line) => line.startsWith("sessions sessions/"))).toBe(true);
    expect(readFileSync(before, "utf8")).not.toContain("sk-home-cli-fixture-key-000");
  });

  it("bad input: one line, exit 2", async () => {
    const f = fixtureHome("home-bad");
    writeFileSync(path.join(f.cwd, "not-a-snapshot.json"), "{}");
    expectUsageError(await runCli(["home", "snapshot", path.join(f.cwd, "nope")], f), /home snapshot: .*nope is not a folder/);
    expectUsageError(await runCli(["home", "diff", path.join(f.cwd, "not-a-snapshot.json"), f.cwd], f), /is not a home snapshot/);
    expectUsageError(await runCli(["home", "diff", path.join(f.cwd, "missing.json"), f.cwd], f), /no such file or folder/);
    expectUsageError(await runCli(["home", "create", "--auth", "api-key"], f), /no API key/);
  });
});
