// Red team 18: files the programs Codex starts on the host read by a variable's say. Debian's
// lsb_release is a shell script, and it sources `$LSB_OS_RELEASE` when that names a file; Codex 0.171.0
// runs `lsb_release -a` on the host in every run. With LSB_OS_RELEASE naming a workspace file, a
// workspace-write run wrote shell code there and the next run — a read-only hello run — ran it on the
// host. Such variables are judged like PATH folders (`program location`, exit 4).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findOnPath } from "../../src/core/fs-lookup.js";
import { defaultPolicy } from "../../src/safety/policy.js";
import { reachingHostProgram, sandboxReach } from "../../src/safety/sandbox-reach.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { type CliResult, runShell } from "../helpers/cli.js";

const run = (f: ReturnType<typeof fixtureHome>, env: NodeJS.ProcessEnv, sandbox: string, command: string) =>
  runShell(f, env, command, ["--transport", "exec", "--sandbox", sandbox]);

/** An lsb_release that sources $LSB_OS_RELEASE (Debian's lsb-release-minimal). */
const lsbRelease = findOnPath("lsb_release", process.env.PATH ?? "");
const sourcesVariable = !!lsbRelease && /LSB_OS_RELEASE/.test(readFileSync(lsbRelease, "utf8").slice(0, 20_000));

describe.skipIf(!sourcesVariable)("LSB_OS_RELEASE naming a workspace file (red team 18)", () => {
  const f = fixtureHome("rt18-lsb-os-release", { gitCeiling: true });
  const marker = path.join(f.root, "lsb-sourced");
  const control = path.join(f.root, "control-sourced");
  let plant: CliResult;
  let later: CliResult;
  let outOfReach: CliResult;
  beforeAll(async () => {
    const env = { ...f.env, LSB_OS_RELEASE: path.join(f.cwd, "os-release") };
    plant = await run(f, env, "workspace-write", `echo 'echo planted >> ${marker}' > os-release`);
    later = await run(f, env, "read-only", "echo later");
    // Control: the same file out of reach is sourced by the lsb_release Codex starts on the host.
    const file = path.join(f.root, "os-release");
    writeFileSync(file, `echo control >> ${control}\n`);
    outOfReach = await run(f, { ...f.env, LSB_OS_RELEASE: file }, "read-only", "echo control");
  }, 250_000);

  it("refuses the run that could write it, and the next run, and nothing is sourced on the host", () => {
    expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
    expect(plant.stderr).toMatch(/program location — LSB_OS_RELEASE names .*os-release, where a sandboxed run can write .*: lsb_release, which Codex starts/);
  });

  it("control: out of reach, the file is sourced by Codex's lsb_release on the host (the run goes ahead)", () => {
    expect({ code: outOfReach.code, sourced: existsSync(control) }).toEqual({ code: 0, sourced: true });
  });
});

describe("reachingHostProgram: files host programs take from a variable (red team 18)", () => {
  const f = fixtureHome("rt18-program-files", { gitCeiling: true });
  const reach = sandboxReach({ sandbox: "workspace-write", cwd: f.cwd, env: f.env, policy: defaultPolicy(), config: [] });
  const base = { PATH: "/usr/bin:/bin" };
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ["LSB_OS_RELEASE under $TMPDIR", { LSB_OS_RELEASE: `${f.env.TMPDIR}/os-release` }, `${f.env.TMPDIR}/os-release`],
    ["a relative LSB_OS_RELEASE", { LSB_OS_RELEASE: "os-release" }, `${f.cwd}/os-release`],
    ["GETCONF_DIR in the workspace", { GETCONF_DIR: `${f.cwd}/getconf` }, `${f.cwd}/getconf`],
    ["LSB_OS_RELEASE out of reach", { LSB_OS_RELEASE: "/etc/os-release" }, undefined],
  ];
  for (const [what, env, file] of cases) {
    it(`${file ? "judges" : "leaves"} ${what}`, () => {
      expect(reachingHostProgram(reach, { ...base, ...env }, f.cwd)?.file).toBe(file);
    });
  }
});
