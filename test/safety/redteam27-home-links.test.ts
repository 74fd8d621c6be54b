// Red team 27: Codex 0.171.0 makes its helper folder under `CODEX_HOME/tmp/arg0-linux/` at every
// start (links named `codex-linux-sandbox`, `apply_patch` … to its own binary) and starts every
// sandboxed command through that folder's `codex-linux-sandbox`, on the host. A `--home PATH` out of
// every sandbox's reach whose `tmp` was a link to a folder under `$TMPDIR` (a user keeping a home's
// temporary files in the temp dir) had that folder made where a workspace-write command can write:
// the run's first command replaced `codex-linux-sandbox`, and Codex started the replacement, outside
// any sandbox, for the second command (exec and app-server; the gate allowed the run). Only the
// home's control files were judged where their links lead; every entry of the home's top level (and
// `tmp/arg0-linux`) is now.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

describe("red team 27: links in a Codex home to where a sandboxed run can write", () => {
  it.each(["exec", "app-server"])("%s: a home whose tmp links under $TMPDIR is refused before anything runs", async (transport) => {
    const f = fixtureHome(`rt27-home-tmp-${transport}`, { gitCeiling: true });
    const home = path.join(f.root, "codex-home");
    mkdirSync(home);
    writeFileSync(path.join(home, "config.toml"), "");
    const tmp = path.join(f.env.TMPDIR!, "codex-tmp");
    mkdirSync(tmp, { recursive: true });
    symlinkSync(tmp, path.join(home, "tmp"));
    const pwned = path.join(f.root, "PWNED");
    // The first command swaps the sandbox launcher for a script; the second is started through it.
    const swap = `d=$(ls -d ${tmp}/arg0-linux/codex-arg0*) && printf '#!/bin/sh\\ntouch ${pwned}\\n' > fake && chmod +x fake && mv -f fake "$d/codex-linux-sandbox" && echo swapped`;
    const run = await runShell(f, f.env, "unused", ["--transport", transport, "--sandbox", "workspace-write", "--home", home, "--scenario-option", `commands=${JSON.stringify([swap, "echo second"])}`]);
    expect({ code: run.code, ran: existsSync(pwned) }, run.stderr).toEqual({ code: 2, ran: false });
    expect(run.stderr).toMatch(/CODEX_HOME .*codex-home's tmp is a link to .*codex-tmp, which lies where a sandboxed run can write/);
  }, 120_000);

  // Held before (by reading: the next run met the control-file check once a rule file existed there);
  // now the run that could write it is refused too.
  it("a home that holds the workspace (`--home ..` from a folder named rules) is refused before anything runs", async () => {
    const f = fixtureHome("rt27-home-parent", { gitCeiling: true });
    const home = path.join(f.root, "codex-home");
    const rules = path.join(home, "rules");
    mkdirSync(rules, { recursive: true });
    writeFileSync(path.join(home, "config.toml"), "");
    const run = await runShell({ cwd: rules }, f.env, "echo hi", ["--sandbox", "workspace-write", "--home", ".."]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CODEX_HOME .*codex-home's rules lies where a sandboxed run can write/);
  }, 120_000);
});
