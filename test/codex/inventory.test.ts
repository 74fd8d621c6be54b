// The inventory is checked against the binary's own help, read independently here: no hard-coded list.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Inventory } from "../../src/codex/inventory.js";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

function helpOf(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(pinnedCodexPath(), [...args, "--help"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

describe("codex-headless inventory --json", () => {
  it("lists every subcommand and every flag the binary's help shows", async () => {
    const f = fixtureHome("inventory");
    const env = { ...f.env, CODEX_HOME: f.home };
    const result = await runCli(["inventory", "--json"], f);
    expect(result.code).toBe(0);
    const inventory = JSON.parse(result.stdout) as Inventory;
    const top = helpOf([], env);
    const listed = [...top.slice(top.indexOf("Commands:"), top.indexOf("Arguments:")).matchAll(/^ {2}([a-z][a-z0-9-]+) /gm)].map((m) => m[1]!).filter((n) => n !== "help");
    expect(listed.length).toBeGreaterThan(10);
    expect(inventory.commands.subcommands.map((c) => c.path.at(-1))).toEqual(listed);
    const exec = inventory.commands.subcommands.find((c) => c.path.join(" ") === "exec")!;
    const execFlags = [...helpOf(["exec"], env).matchAll(/^\s+(?:-\w, )?(--[a-z0-9-]+)/gm)].map((m) => m[1]!);
    expect(exec.options.map((o) => o.long).sort()).toEqual([...new Set(execFlags)].sort());
    expect(exec.subcommands.map((c) => c.path.at(-1))).toEqual(expect.arrayContaining(["resume", "review"]));
    expect(inventory.features.find((feature) => feature.name === "shell_snapshot")?.stage).toBeTruthy();
    expect(inventory.envVars.map((v) => v.name)).toContain("CODEX_HOME");
    expect(inventory.codexVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});
