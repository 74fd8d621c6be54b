// Red team 30: Codex merges its configuration layers (the system's, the home's, the profile's, each
// project `.codex`, then the run's `-c` overrides) into one table per MCP server, hook or provider
// before it starts anything; red team 29's program-location rule judged each layer's table alone, and
// only a table that names a `command`. A home out of every sandbox's reach named a server kept out of
// reach (`command = "sh"`, `args = ["mcp.sh"]`, `cwd` its own folder), and the run's `-c` moved only
// its `cwd` into the workspace: the `-c` table names no command and was never judged, the home's was
// judged with its own `cwd`. A workspace-write run wrote `mcp.sh` in the workspace, and the next run —
// read-only, its model asking for nothing — started it on the host (both runs allowed).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, runShell } from "../helpers/cli.js";

describe("red team 30: the merged configuration's programs", () => {
  it("an MCP server whose cwd the run's -c moves into the workspace is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt30-merged-cwd", { gitCeiling: true });
    const marker = path.join(f.root, "merged-program-ran");
    const home = path.join(f.root, "chome");
    const tools = path.join(f.root, "tools");
    mkdirSync(home);
    mkdirSync(tools);
    writeFileSync(path.join(tools, "mcp.sh"), "#!/bin/sh\nexit 0\n");
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.dev]\ncommand = "sh"\nargs = ["mcp.sh"]\ncwd = ${JSON.stringify(tools)}\n`);
    const plant = `printf '#!/bin/sh\\necho merged >> ${marker}\\n' > mcp.sh && echo planted`;
    const args = ["--home", home, "--config", `mcp_servers.dev.cwd=${JSON.stringify(f.cwd)}`];
    const first = await runShell(f, f.env, plant, [...args, "--sandbox", "workspace-write"]);
    const later = await runShell(f, f.env, "echo later", [...args, "--sandbox", "read-only"]);
    expect({ first: first.code, later: later.code, ran: markerText(marker) }).toEqual({ first: 4, later: 4, ran: "" });
    expect(first.stderr).toMatch(/refused by policy: program location — mcp_servers\.dev \(in .*\) names .*\/work\/mcp\.sh \(an interpreter's script, .*\), which lies where a sandboxed run can write/);
  });

  // The gate's judgement alone (no Codex run): each part of a table may come from another layer.
  it("a command, its args, its cwd and its environment are judged as merged across layers", () => {
    const { f, reach, input } = configJudgement("rt30-merged-unit");
    const tools = path.join(f.root, "tools");
    const judge = (toml: string, config: string[] = [], profile?: string, profileToml = "") => reachingCodexConfigProgram(reach, input(toml, config, profile, profileToml))?.file;
    const server = `[mcp_servers.a]\ncommand = "node"\nargs = ["a.js"]\ncwd = ${JSON.stringify(tools)}\n`;
    expect(judge(server)).toBeUndefined();
    expect(judge(server, [`mcp_servers.a.cwd=${JSON.stringify(f.cwd)}`])).toBe(path.join(f.cwd, "a.js"));
    expect(judge(server, [`mcp_servers.a.args=[${JSON.stringify(path.join(f.cwd, "b.js"))}]`])).toBe(path.join(f.cwd, "b.js"));
    expect(judge(server, [`mcp_servers.a.env.NODE_OPTIONS="--require=${path.join(f.cwd, "h.js")}"`])).toBe(path.join(f.cwd, "h.js"));
    // The profile's file over config.toml, the same way.
    expect(judge(server, [], "ci", `[mcp_servers.a]\ncwd = ${JSON.stringify(f.cwd)}\n`)).toBe(path.join(f.cwd, "a.js"));
    // Any table the -c gives, not only those red team 29 listed: a profile's own notify.
    expect(judge("", [`profiles.ci.notify=["sh", "n.sh"]`], "ci")).toBe(path.join(f.cwd, "n.sh"));
    // A command the -c gives a home's server whose cwd is in the workspace.
    expect(judge(`[mcp_servers.a]\ncwd = ${JSON.stringify(f.cwd)}\n`, [`mcp_servers.a.command="npx"`])).toBe(f.cwd);
  });

  // Red team 30, second route (one layer): an interpreter's script named without a `/` (`sh mcp.sh`,
  // `node server.js`) was searched for on the PATH, where Codex's interpreter takes it from the folder
  // it runs in — the run's working directory when the server names no `cwd`.
  it("an interpreter's bare script name is judged in the folder it runs in", () => {
    const { f, reach, input } = configJudgement("rt30-script-unit");
    const judge = (toml: string) => reachingCodexConfigProgram(reach, input(toml))?.file;
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["mcp.sh"]\n`)).toBe(path.join(f.cwd, "mcp.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "node"\nargs = ["--enable-source-maps", "server.js"]\n`)).toBe(path.join(f.cwd, "server.js"));
    expect(judge(`notify = ["bash", "notify.sh"]\n`)).toBe(path.join(f.cwd, "notify.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "deno"\nargs = ["run", "-A", "main.ts"]\n`)).toBe(path.join(f.cwd, "main.ts"));
    // A shell's command string, and the folder it changes to.
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-c", "exec node server.js"]\n`)).toBe(path.join(f.cwd, "server.js"));
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", "cd ${f.cwd} && . ./env.sh; python3 srv.py"]\ncwd = ${JSON.stringify(path.join(f.root, "srv"))}\n`)).toBe(path.join(f.cwd, "env.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", "cd ${f.cwd} && python3 srv.py"]\ncwd = ${JSON.stringify(path.join(f.root, "srv"))}\n`)).toBe(path.join(f.cwd, "srv.py"));
    // A project's task runner runs what the folder it runs in defines (package.json scripts, a Makefile).
    expect(judge(`[mcp_servers.a]\ncommand = "npm"\nargs = ["run", "mcp"]\n`)).toBe(f.cwd);
    expect(judge(`[mcp_servers.a]\ncommand = "make"\nargs = ["-s", "serve"]\n`)).toBe(f.cwd);
    expect(judge(`[mcp_servers.a]\ncommand = "cargo"\nargs = ["run", "--release"]\n`)).toBe(f.cwd);
    expect(judge(`notify = ["yarn", "notify"]\n`)).toBe(f.cwd);
    // Still accepted: a command string, a package a runner fetches by name, a script out of reach.
    expect(judge(`notify = ["sh", "-c", "echo done"]\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.a]\ncommand = "uvx"\nargs = ["mcp-server-git"]\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.a]\ncommand = "node"\nargs = ["server.js"]\ncwd = ${JSON.stringify(path.join(f.root, "srv"))}\n`)).toBeUndefined();
  });
});
