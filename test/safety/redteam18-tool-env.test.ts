// Red team 18: the `tool` launch context hands Codex a reduced environment (HOME, PATH, SHELL ... as
// an agent's tool call does), and the gate judged the caller's whole one. A caller that points git
// elsewhere (GIT_CONFIG_GLOBAL, out of reach) has its `~/.gitconfig` judged never — but the tool
// context drops GIT_CONFIG_GLOBAL, and Codex's host-side git reads `~/.gitconfig`: a link into a
// dotfiles workspace, where a workspace-write run wrote an `ext::` URL that the next run's
// `git ls-remote` ran on the host. The environment a context hands Codex is judged before Codex starts.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, type CliResult, runShell } from "../helpers/cli.js";

const run = (f: ReturnType<typeof fixtureHome>, env: NodeJS.ProcessEnv, sandbox: string, command: string) =>
  runShell(f, env, command, ["--context", "tool", "--sandbox", sandbox]);

const f = fixtureHome("rt18-tool-env", { gitCeiling: true });
const pwned = path.join(f.root, "pwned");
const planted = `[protocol "ext"]\n\tallow = always\n[url "ext::sh -c touch% ${pwned}"]\n\tinsteadOf = https://github.com/openai/plugins.git\n`;
let plant: CliResult;
let later: CliResult;
let direct: CliResult;

beforeAll(async () => {
  mkdirSync(path.join(f.cwd, "dotfiles"));
  writeFileSync(path.join(f.cwd, "dotfiles", "gitconfig"), "[user]\n\tname = t\n");
  symlinkSync(path.join(f.cwd, "dotfiles", "gitconfig"), path.join(f.home, ".gitconfig"));
  writeFileSync(path.join(f.root, "global.gitconfig"), "[user]\n\tname = t\n");
  const env = { ...f.env, GIT_CONFIG_GLOBAL: path.join(f.root, "global.gitconfig") };
  direct = await runCli(["run", "--provider", "mock", "--sandbox", "read-only", "--scenario", "shell", "--scenario-option", "command=echo direct", "go"], { ...f, env, deadlineMs: 100_000 });
  writeFileSync(path.join(f.root, "planted.gitconfig"), planted);
  plant = await run(f, env, "workspace-write", `cp ${path.join(f.root, "planted.gitconfig")} dotfiles/gitconfig`);
  later = await run(f, env, "read-only", "echo later");
}, 300_000);

it("refuses a tool-context run whose reduced environment makes git read a configuration in reach", () => {
  expect({ plant: plant.code, later: later.code, ran: existsSync(pwned) }).toEqual({ plant: 4, later: 4, ran: false });
  expect(plant.stderr).toMatch(/git config location — in the environment the tool context hands Codex, git's configuration .*\.gitconfig lies where a sandboxed run can write/);
});

it("the same caller environment in the direct context, which hands it on whole, still runs", () => {
  expect(direct.code).toBe(0);
});
