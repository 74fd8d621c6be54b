// Red team 33: programs Codex plugins name. A plugin enabled in a home's config.toml
// (`[plugins."NAME@MARKETPLACE"]`) is loaded from the home's plugin cache
// (`plugins/cache/MARKETPLACE/NAME/VERSION`), and the MCP servers and hooks it declares (its
// `.mcp.json`, `hooks/hooks.json`, or what its manifest `.codex-plugin/plugin.json` names or holds)
// run on the host as the configuration's do; red team 29's rule read only the configuration files.
// Codex 0.171.0 starts a plugin's MCP server that gives no `cwd` in the run's working directory, so a
// plugin's `sh mcp.sh` (with the home, its cache and the marketplace all out of every sandbox's reach)
// ran the `mcp.sh` a workspace-write run wrote, on the host, as the next run started.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexPluginProgram } from "../../src/safety/codex-plugin-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, runShell } from "../helpers/cli.js";

const ENABLED = `[plugins."probe@rtmk"]\nenabled = true\n`;

/** Installs plugin `probe` of marketplace `rtmk` in `home`'s plugin cache, as `codex plugin add`
 *  does: its manifest, then each of `files` (a path in the plugin to its content). */
function cachedPlugin(home: string, files: Record<string, string>, manifest: Record<string, unknown> = {}): string {
  const root = path.join(home, "plugins/cache/rtmk/probe/1.0.0");
  mkdirSync(path.join(root, ".codex-plugin"), { recursive: true });
  writeFileSync(path.join(root, ".codex-plugin/plugin.json"), JSON.stringify({ name: "probe", version: "1.0.0", description: "red team 33", ...manifest }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const mcp = (server: Record<string, unknown>) => JSON.stringify({ mcpServers: { probe: server } });
const stopHook = (command: string) => JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: "command", command }] }] } });

describe("red team 33: programs Codex plugins name", () => {
  for (const transport of ["exec", "app-server"] as const) {
    it(`a cached plugin's MCP server run from the workspace is refused (${transport})`, { timeout: 200_000 }, async () => {
      const f = fixtureHome(`rt33-plugin-${transport}`, { gitCeiling: true });
      const marker = path.join(f.root, "plugin-program-ran");
      const home = path.join(f.root, "chome");
      mkdirSync(home);
      writeFileSync(path.join(home, "config.toml"), ENABLED);
      cachedPlugin(home, { ".mcp.json": mcp({ command: "sh", args: ["mcp.sh"] }) });
      const plant = `printf 'echo mcp >> ${marker}\\n' > mcp.sh && echo planted`;
      const args = ["--home", home, "--transport", transport];
      const first = await runShell(f, f.env, plant, [...args, "--sandbox", "workspace-write"]);
      const later = await runShell(f, f.env, "echo later", [...args, "--sandbox", "read-only"]);
      expect({ first: first.code, later: later.code, ran: markerText(marker) }).toEqual({ first: 4, later: 4, ran: "" });
      expect(first.stderr).toMatch(/refused by policy: program location — mcpServers\.probe \(in .*\/chome\/plugins\/cache\/rtmk\/probe\/1\.0\.0\/\.mcp\.json, plugin probe@rtmk\) names .*\/work\/mcp\.sh/);
    });
  }

  it("what a plugin declares is judged as the configuration's commands are (the gate's judgement)", () => {
    const { f, home, reach, input } = configJudgement("rt33-plugin-unit");
    const judge = (toml = ENABLED, config: string[] = []) => reachingCodexPluginProgram(reach, input(toml, config))?.file;
    const inReach = path.join(f.cwd, "tools/srv.sh");
    // A hook of the plugin's default hooks file, and of a hooks file its manifest names.
    let root = cachedPlugin(home, { "hooks/hooks.json": stopHook(`sh ${inReach}`) });
    expect(judge()).toBe(inReach);
    root = cachedPlugin(home, { "hooks/hooks.json": stopHook("true"), "extra/h.json": stopHook("python3 tools/stop.py") }, { hooks: "./extra/h.json" });
    expect(judge()).toBe(path.join(f.cwd, "tools/stop.py"));
    // Servers the manifest holds inline; a `npx` server (the run's working directory's node_modules).
    cachedPlugin(home, { "hooks/hooks.json": stopHook("true") }, { mcpServers: { probe: { command: "npx", args: ["-y", "@scope/srv"] } } });
    expect(judge()).toBe(f.cwd);
    // Accepted: a relative `cwd` (from the plugin's folder), `${CLAUDE_PLUGIN_ROOT}`, a disabled
    // plugin, and plugins turned off.
    cachedPlugin(home, { "hooks/hooks.json": stopHook("true"), ".mcp.json": mcp({ command: "sh", args: ["mcp.sh"], cwd: "." }) });
    expect(judge()).toBeUndefined();
    cachedPlugin(home, { "hooks/hooks.json": stopHook("sh ${CLAUDE_PLUGIN_ROOT}/hooks/stop.sh"), ".mcp.json": mcp({ command: "sh", args: ["${CLAUDE_PLUGIN_ROOT}/mcp.sh"] }) });
    expect(judge()).toBeUndefined();
    cachedPlugin(home, { "hooks/hooks.json": stopHook(`sh ${inReach}`), ".mcp.json": mcp({ command: "sh", args: ["mcp.sh"] }) });
    expect(judge(`[plugins."probe@rtmk"]\nenabled = false\n`)).toBeUndefined();
    expect(judge(ENABLED, ["features.plugins=false"])).toBeUndefined();
    expect(judge("")).toBeUndefined();
    // A plugin's folder a sandboxed run can write (a version linked into the workspace).
    rmSync(root, { recursive: true });
    const planted = path.join(f.cwd, "plug");
    mkdirSync(path.join(planted, ".codex-plugin"), { recursive: true });
    writeFileSync(path.join(planted, ".codex-plugin/plugin.json"), `{"name":"probe","version":"2.0.0"}`);
    symlinkSync(planted, path.join(path.dirname(root), "2.0.0"));
    expect(judge()).toBe(path.join(path.dirname(root), "2.0.0"));
  });
});
