// Red team 33: programs Codex plugins name. A plugin enabled in a home's config.toml
// (`[plugins."NAME@MARKETPLACE"]`) is loaded from the home's plugin cache
// (`plugins/cache/MARKETPLACE/NAME/VERSION`), and the MCP servers and hooks it declares (its
// `.mcp.json`, `hooks/hooks.json`, or what its manifest `.codex-plugin/plugin.json` names or holds)
// run on the host as the configuration's do; red team 29's rule read only the configuration files.
// Codex 0.171.0 starts a plugin's MCP server that gives no `cwd` in the run's working directory, so a
// plugin's `sh mcp.sh` (with the home, its cache and the marketplace all out of every sandbox's reach)
// ran the `mcp.sh` a workspace-write run wrote, on the host, as the next run started.
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCodexPath } from "../../src/codex/locate.js";
import { runCommand, spawnGroup } from "../../src/process/spawn.js";
import { reachingCodexPluginProgram } from "../../src/safety/codex-plugin-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, plantThenRun, runShell } from "../helpers/cli.js";

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

/** The user's trust of every hook Codex lists for `cwd`, as Codex records it when the user trusts a
 *  hook: `[hooks.state."KEY"]` with both halves of the hook's `currentHash` (`sha256:…/sha256:…`, its
 *  command's and its content's), read from the real Codex's app-server `hooks/list`. */
async function hookTrust(codex: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const child = spawnGroup(codex, ["app-server"], { cwd, env, keepStdin: true });
  const requests = [{ id: 1, method: "initialize", params: { clientInfo: { name: "rt33", version: "1" } } }, { method: "initialized" }, { id: 2, method: "hooks/list", params: { cwds: [cwd] } }];
  child.child.stdin!.write(requests.map((request) => JSON.stringify(request)).join("\n") + "\n");
  let out = "";
  const watchdog = setTimeout(() => void child.terminate(), 30_000);
  const line = await new Promise<string>((resolve) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const found = out.split("\n").find((text) => text.startsWith('{"id":2,'));
      if (found) resolve(found);
    });
    void child.exited.then(() => resolve(""));
  });
  clearTimeout(watchdog);
  await child.terminate();
  const hooks = ((JSON.parse(line || "{}").result?.data ?? []) as { hooks: { key: string; currentHash: string }[] }[]).flatMap((entry) => entry.hooks);
  return hooks.map(({ key, currentHash }) => {
    const [command, content] = currentHash.split("/");
    return `\n[hooks.state.${JSON.stringify(key)}]\ntrusted_hash = ${JSON.stringify(command)}\ntrusted_content_hash = ${JSON.stringify(content)}\n`;
  }).join("");
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

  // A hook the plugin declares, the plugin installed the usual way (`codex plugin marketplace add` of a
  // marketplace out of every sandbox's reach, then `codex plugin add`) and its hook trusted by the user
  // (0.171.0 runs no hook the user has not trusted; the trust covers the hook's text, `sh stop.sh`,
  // not the script it names). Codex runs a Stop hook at the end of the turn, in the run's working
  // directory: the same run that wrote `stop.sh` there.
  it("an installed plugin's Stop hook run from the workspace is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt33-plugin-hook", { gitCeiling: true });
    const marker = path.join(f.root, "plugin-hook-ran");
    const home = path.join(f.root, "chome");
    const market = path.join(f.root, "mk");
    mkdirSync(home);
    mkdirSync(path.join(market, ".agents/plugins"), { recursive: true });
    writeFileSync(path.join(market, ".agents/plugins/marketplace.json"), JSON.stringify({ name: "rtmk", plugins: [{ name: "probe", source: { source: "local", path: "./plugins/probe" }, policy: { installation: "AVAILABLE" } }] }));
    const source = path.join(market, "plugins/probe");
    mkdirSync(path.join(source, ".codex-plugin"), { recursive: true });
    mkdirSync(path.join(source, "hooks"));
    writeFileSync(path.join(source, ".codex-plugin/plugin.json"), JSON.stringify({ name: "probe", version: "1.0.0", description: "red team 33" }));
    writeFileSync(path.join(source, "hooks/hooks.json"), stopHook("sh stop.sh"));
    const codex = resolveCodexPath("pinned").path;
    const env = { ...f.env, CODEX_HOME: home };
    for (const args of [["plugin", "marketplace", "add", market], ["plugin", "add", "probe", "--marketplace", "rtmk"]]) {
      const done = await runCommand(codex, args, { cwd: f.root, env, timeoutMs: 60_000 });
      expect({ args, code: done.code, stderr: done.stderr }).toMatchObject({ code: 0 });
    }
    const trust = await hookTrust(codex, env, f.cwd);
    expect(trust).toContain("probe@rtmk:hooks/hooks.json:stop:0:0");
    writeFileSync(path.join(home, "config.toml"), readFileSync(path.join(home, "config.toml"), "utf8") + trust);
    const plant = `printf 'echo hook >> ${marker}\\n' > stop.sh && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/refused by policy: program location — hooks\.Stop\[0\]\.hooks\[0\] \(in .*\/chome\/plugins\/cache\/rtmk\/probe\/1\.0\.0\/hooks\/hooks\.json, plugin probe@rtmk\) names .*\/work\/stop\.sh/);
  });

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
    expect(judge(`[features]\nplugins = false\n${ENABLED}`)).toBeUndefined();
    // Not turned off by a project `.codex` (which Codex does not take the flag from).
    mkdirSync(path.join(f.cwd, ".codex"), { recursive: true });
    writeFileSync(path.join(f.cwd, ".codex/config.toml"), `[features]\nplugins = false\n`);
    expect(judge(`${ENABLED}[projects.${JSON.stringify(f.cwd)}]\ntrust_level = "trusted"\n`)).toBe(path.join(f.cwd, "mcp.sh"));
    rmSync(path.join(f.cwd, ".codex"), { recursive: true });
    expect(judge("")).toBeUndefined();
    // A file of its declarations linked into the workspace, and a plugin's folder a sandboxed run can
    // write (a version linked there).
    writeFileSync(path.join(f.cwd, "mcp.json"), mcp({ command: "true" }));
    rmSync(path.join(root, ".mcp.json"));
    symlinkSync(path.join(f.cwd, "mcp.json"), path.join(root, ".mcp.json"));
    expect(judge()).toBe(path.join(root, ".mcp.json"));
    rmSync(path.join(root, ".mcp.json"));
    rmSync(path.join(root, ".codex-plugin/plugin.json"));
    symlinkSync(path.join(f.cwd, "mcp.json"), path.join(root, ".codex-plugin/plugin.json"));
    expect(judge()).toBe(path.join(root, ".codex-plugin/plugin.json"));
    rmSync(root, { recursive: true });
    const planted = path.join(f.cwd, "plug");
    mkdirSync(path.join(planted, ".codex-plugin"), { recursive: true });
    writeFileSync(path.join(planted, ".codex-plugin/plugin.json"), `{"name":"probe","version":"2.0.0"}`);
    symlinkSync(planted, path.join(path.dirname(root), "2.0.0"));
    expect(judge()).toBe(path.join(path.dirname(root), "2.0.0"));
  });
});
