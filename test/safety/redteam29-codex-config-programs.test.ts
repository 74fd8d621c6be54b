// Red team 29: programs Codex's own configuration names. Codex runs, on the host and outside its
// sandbox, the `notify` program at the end of every turn and each MCP server's `command` (with its
// `args`) as a thread starts; and the configuration that names them — a home's config.toml out of
// every sandbox's reach, a committed project `.codex/config.toml` — was judged by where the file lies,
// never by what its commands name. With a home out of reach whose config.toml names a notify script and
// an MCP server kept in the workspace (a user's own tool, a dotfiles or MCP-server project checked out
// there), a workspace-write run wrote both scripts: Codex ran the notify script on the host at the end
// of that same run, and the next run — read-only, its model asking for nothing — started the MCP
// server on the host. Both runs were allowed, on exec and app-server. Red team 21 closed the same
// class for git's configuration (`redteam21-git-config-programs`); this is Codex's.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, plantThenRun, runShell } from "../helpers/cli.js";

describe("red team 29: programs Codex's configuration names", () => {
  for (const transport of ["exec", "app-server"] as const) {
    it(`a notify program and an MCP server in the workspace, named by a home out of reach, are refused (${transport})`, { timeout: 200_000 }, async () => {
      const f = fixtureHome(`rt29-cfgprog-${transport}`, { gitCeiling: true });
      const marker = path.join(f.root, "config-program-ran");
      const home = path.join(f.root, "chome");
      mkdirSync(home);
      const tools = path.join(f.cwd, "tools");
      writeFileSync(
        path.join(home, "config.toml"),
        `notify = ["sh", ${JSON.stringify(path.join(tools, "notify.sh"))}]\n[mcp_servers.dev]\ncommand = ${JSON.stringify(path.join(tools, "mcp.sh"))}\n`,
      );
      const plant = `mkdir -p tools && printf '#!/bin/sh\\necho notify >> ${marker}\\n' > tools/notify.sh && printf '#!/bin/sh\\necho mcp >> ${marker}\\n' > tools/mcp.sh && chmod +x tools/*.sh && echo planted`;
      const args = ["--home", home, "--transport", transport];
      const first = await runShell(f, f.env, plant, [...args, "--sandbox", "workspace-write"]);
      const later = await runShell(f, f.env, "echo later", [...args, "--sandbox", "read-only"]);
      expect({ first: first.code, later: later.code, ran: markerText(marker) }).toEqual({ first: 4, later: 4, ran: "" });
      expect(first.stderr).toMatch(/refused by policy: program location — notify \(in .*\/chome\/config\.toml\) names .*\/work\/tools\/notify\.sh, which lies where a sandboxed run can write/);
    });
  }

  // The usual way an MCP server is configured, `npx -y @scope/server`: Codex starts it in the run's
  // working directory, and npx runs a package of the project there (`node_modules`) before fetching
  // one. A workspace-write run planted `node_modules/@rt29/mcp-probe`, and the next run — read-only,
  // its model asking for nothing — started it on the host (both runs allowed).
  it("an npx MCP server, which runs the workspace's own package of that name, is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt29-cfgprog-npx", { gitCeiling: true });
    const marker = path.join(f.root, "npx-program-ran");
    const home = path.join(f.root, "chome");
    mkdirSync(home);
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.probe]\ncommand = "npx"\nargs = ["-y", "@rt29/mcp-probe"]\n`);
    const pkg = "node_modules/@rt29/mcp-probe";
    const plant = `mkdir -p ${pkg} node_modules/.bin && printf '{"name":"@rt29/mcp-probe","version":"1.0.0","bin":{"mcp-probe":"probe.sh"}}' > ${pkg}/package.json && printf '#!/bin/sh\\necho npx >> ${marker}\\n' > ${pkg}/probe.sh && chmod +x ${pkg}/probe.sh && ln -s ../@rt29/mcp-probe/probe.sh node_modules/.bin/mcp-probe && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/refused by policy: program location — mcp_servers\.probe \(in .*\/chome\/config\.toml\) names .*\/work \(a package runner, .*\), which lies where a sandboxed run can write .* or give it a `cwd` there/);
  });

  // What is still accepted (no Codex run: the gate's judgement alone): the same programs out of
  // reach, and the npx server given a `cwd` out of reach (where npx looks for a project).
  it("programs out of reach, and a package runner given a cwd out of reach, are accepted", () => {
    const { f, reach, input } = configJudgement("rt29-cfgprog-ok");
    const tools = path.join(f.root, "tools");
    const judge = (toml: string, config: string[] = []) => reachingCodexConfigProgram(reach, input(toml, config))?.file;
    expect(judge(`notify = ["sh", ${JSON.stringify(path.join(tools, "notify.sh"))}]\n[mcp_servers.a]\ncommand = "node"\nargs = [${JSON.stringify(path.join(tools, "a.js"))}]\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.gh]\ncommand = "npx"\nargs = ["-y", "@scope/server"]\ncwd = ${JSON.stringify(tools)}\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.gh]\ncommand = "npx"\nargs = ["-y", "@scope/server"]\n`)).toBe(f.cwd);
    // Given by the run's own -c, and a hook's command, the same way.
    expect(judge("", [`notify=["sh", "scripts/n.sh"]`])).toBe(path.join(f.cwd, "scripts/n.sh"));
    expect(judge(`[hooks]\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "python3 .codex-hooks/stop.py"\n`)).toBe(path.join(f.cwd, ".codex-hooks/stop.py"));
    // Other programs the configuration names: a provider's auth command, a headers helper.
    expect(judge(`[model_providers.p.auth]\ncommand = "./bin/token"\n`)).toBe(path.join(f.cwd, "bin/token"));
    expect(judge(`[otel]\nheaders_helper = ${JSON.stringify(path.join(f.cwd, "h.sh"))}\n`)).toBe(path.join(f.cwd, "h.sh"));
    // An MCP server's environment naming a workspace folder (a PATH, a module folder).
    expect(judge(`[mcp_servers.a]\ncommand = "node"\nargs = [${JSON.stringify(path.join(tools, "a.js"))}]\nenv = { NODE_PATH = ${JSON.stringify(path.join(f.cwd, "lib"))} }\n`)).toBe(path.join(f.cwd, "lib"));
  });
});
