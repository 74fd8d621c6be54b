// Pieces of the launch contexts that need no Codex: env diff, env -0 parsing, argv safety of the
// shell contexts, the tool environment, the missing-shell error.
import { describe, expect, it } from "vitest";
import { directContext } from "../../src/launch/direct.js";
import { diffEnv, envDiffTable } from "../../src/launch/env-diff.js";
import { parseEnv0, readCapture } from "../../src/launch/env-capture.js";
import { bashLoginContext, zshLoginContext } from "../../src/launch/shell-login.js";
import { toolContext, TOOL_ENV_KEEP } from "../../src/launch/tool.js";
import { wrapperContext } from "../../src/launch/wrapper.js";
import type { LaunchPlan } from "../../src/launch/context.js";
import { APPEND_CALLER_PATH_THEN_EXEC, CALLER_PATH_VAR, USER_SHELL_CONFIG, userShellContext } from "../../src/launch/user-shell.js";
import path from "node:path";
import { launchContext } from "../../src/launch/registry.js";
import { countAnsi, stripAnsi } from "../../src/observe/output-rules.js";
import { runCommand } from "../../src/process/spawn.js";
import { fixtureHome } from "../helpers/fixture-home.js";

// Arguments a shell would mangle if they were ever interpolated into its script.
const HOSTILE = ["a b", "$(touch pwned)", "`id`", "'quoted'", '"dq"', "semi;colon", "$HOME", "*", "-"];
const PRINT_ARGV = ["-e", "process.stdout.write(JSON.stringify(process.argv.slice(1)))"];

async function runPlan(plan: LaunchPlan, cwd: string) {
  const result = await runCommand(plan.command, plan.args, { env: plan.env, cwd, timeoutMs: 15_000 });
  const captured = plan.capture ? readCapture(plan.capture) : undefined;
  return { argv: JSON.parse(result.stdout) as string[], captured };
}

describe("launch contexts without Codex", () => {
  for (const context of [bashLoginContext, zshLoginContext, wrapperContext]) {
    it(`${context.name} passes argv through untouched and captures the env it exec'd with`, async () => {
      const f = fixtureHome(`argv-${context.name}`);
      const plan = await context.plan({ codexPath: process.execPath, codexArgs: [...PRINT_ARGV, ...HOSTILE], env: f.env, cwd: f.cwd });
      const { argv, captured } = await runPlan(plan, f.cwd);
      expect(argv).toEqual(HOSTILE);
      expect(captured?.HOME).toBe(f.home);
      // The capture variable is ours; it must not leak into Codex's environment.
      expect(Object.keys(captured ?? {}).filter((name) => name.startsWith("CODEX_HEADLESS_ENV"))).toEqual([]);
    });
  }

  it("tool keeps only the listed variables", () => {
    const plan = toolContext.plan({ codexPath: "codex", codexArgs: [], env: { PATH: "/bin", HOME: "/h", SECRET_THING: "x", LANG: "C", CODEX_HOME: "/c" }, cwd: "/" }) as LaunchPlan;
    expect(Object.keys(plan.env).sort()).toEqual(["CODEX_HOME", "HOME", "PATH"]);
    expect(TOOL_ENV_KEEP).toContain("SHELL");
  });

  it("direct hands the environment over as is", () => {
    const env = { PATH: "/bin", ODD: "1" };
    expect((directContext.plan({ codexPath: "c", codexArgs: ["x"], env, cwd: "/" }) as LaunchPlan).env).toEqual(env);
  });

  it("a missing shell is a usage error naming the Debian package", () => {
    const f = fixtureHome("noshell");
    expect(() => zshLoginContext.plan({ codexPath: "c", codexArgs: [], env: { ...f.env, PATH: f.cwd }, cwd: f.cwd })).toThrow(/^zsh-login needs zsh: apt-get install zsh$/);
  });

  it("every context named in the spec is registered", () => {
    for (const name of ["direct", "tool", "bash-login", "zsh-login", "zsh-interactive", "wrapper", "pty", "user-shell"] as const) expect(launchContext(name).name).toBe(name);
  });

  it("user-shell appends the caller's PATH entries the login dropped, after the login's own, and tells Codex to keep it", async () => {
    const f = fixtureHome("user-shell-script");
    const plan = (await userShellContext.plan({ codexPath: "/usr/bin/env", codexArgs: [], env: { ...f.env, PATH: "/caller/*:/usr/bin::/caller/b" }, cwd: f.cwd })) as LaunchPlan;
    expect(plan.args.slice(3, 7)).toEqual([...USER_SHELL_CONFIG]);
    // The script itself, in a plain sh whose "login" PATH lacks the caller's entries; it execs
    // $0 "$@" at the end, here `printenv PATH`.
    const out = await runCommand("/bin/sh", ["-c", APPEND_CALLER_PATH_THEN_EXEC, "/usr/bin/printenv", "PATH"], {
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", [CALLER_PATH_VAR]: "/caller/*:/usr/bin::/caller/b", CODEX_HEADLESS_ENV_CAPTURE: path.join(f.cwd, "env0") },
      cwd: f.cwd,
      timeoutMs: 10_000,
    });
    // No globbing, no empty entry, no duplicate of what the login already has, order kept.
    expect(out.stdout.trim()).toBe("/usr/local/bin:/usr/bin:/bin:/caller/*:/caller/b");
  });

  it("diffs environments with PATH entry by entry and renders a table", () => {
    const diff = diffEnv({ A: "1", B: "2", PATH: "/x:/y" }, { A: "1", B: "3", C: "4", PATH: "/n:/y:/x" });
    expect(diff.added).toEqual({ C: "4" });
    expect(diff.changed.B).toEqual({ from: "2", to: "3" });
    expect(diff.path).toEqual({ added: ["/n"], removed: [], reordered: true });
    expect(envDiffTable(diff, "a", "b")).toContain("| PATH entry | added | | /n |");
  });

  it("parses env -0 output and ANSI sequences", () => {
    expect(parseEnv0("A=1\0B=x=y\nz\0")).toEqual({ A: "1", B: "x=y\nz" });
    expect(countAnsi("\u001b[31mred\u001b[0m \u001b]0;title\u0007")).toBe(3);
    expect(stripAnsi("\u001b[1mbold\u001b[0m")).toBe("bold");
  });
});
