// Red team 27: Codex 0.171.0 loads `CODEX_HOME/.env` into its own environment as it starts (dotenvy,
// variables the environment does not already hold), so what it names reaches the programs Codex runs
// on the host — its shell snapshot's `bash -lc` sources a `BASH_ENV` — and the commands it runs. Neither
// the home's seal nor the gate read that file. (A) a jailed danger-full-access run with --keep-home
// wrote `.env` (`BASH_ENV=<home>/rc.sh`) into its own home; the kept home's seal did not cover `.env`,
// and the next unjailed read-only run with that home ran `rc.sh` on the host (exec and app-server).
// (B) a home's own `.env`, out of every sandbox's reach, naming a `BASH_ENV` in the workspace: a
// workspace-write run wrote that file and the next read-only run sourced it on the host. Both held
// the day this test was written; both were allowed.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { locateCodex } from "../../src/codex/locate.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runCli, runShell, type CliResult } from "../helpers/cli.js";

const DANGER_IN_JAIL = `version = 1\n[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\n[danger]\nallow = true\n`;

/** A PATH with a bubblewrap: the host's, else the one shipped with Codex (the jail needs one). */
async function pathWithBwrap(envPath: string): Promise<string> {
  const shipped = path.join(path.dirname(path.dirname((await locateCodex("pinned")).path)), "codex-resources");
  return existsSync(path.join(shipped, "bwrap")) ? `${envPath}:${shipped}` : envPath;
}

describe("red team 27: a Codex home's .env", () => {
  const transports = ["exec", "app-server"] as const;
  const a = new Map<string, { plant: CliResult; later: CliResult; pwned: string }>();
  const b = { plant: undefined as CliResult | undefined, later: undefined as CliResult | undefined, pwned: "" };
  const c: Record<string, CliResult> = {};
  const d: Record<string, CliResult> & { pwned?: string } = {};

  beforeAll(async () => {
    for (const transport of transports) {
      const f = fixtureHome(`rt27-dotenv-jail-${transport}`, { gitCeiling: true });
      const policy = path.join(f.root, "policy.toml");
      writeFileSync(policy, DANGER_IN_JAIL);
      const pwned = path.join(f.root, "PWNED");
      const env = { ...f.env, PATH: await pathWithBwrap(f.env.PATH ?? "") };
      const plantCommand = `printf 'BASH_ENV=%s/rc.sh\\n' "$CODEX_HOME" > "$CODEX_HOME/.env" && printf 'touch ${pwned}\\n' > "$CODEX_HOME/rc.sh" && echo planted`;
      const plant = await runCli(
        ["run", "--jail", "--keep-home", "--transport", transport, "--provider", "mock", "--sandbox", "danger-full-access", "--approval", "never", "--policy", policy, "--scenario", "shell", "--scenario-option", `command=${plantCommand}`, "go"],
        { ...f, env, deadlineMs: 120_000 },
      );
      const kept = /kept home: (.*)/.exec(plant.stderr)?.[1];
      expect(kept, plant.stderr).toBeTruthy();
      const later = await runShell(f, env, "echo later", ["--transport", transport, "--sandbox", "read-only", "--home", kept!]);
      a.set(transport, { plant, later, pwned });
    }
    {
      // C: the class. A jailed run may write any file of its home; only a few are control files.
      const f = fixtureHome("rt27-jail-kept-any", { gitCeiling: true });
      const policy = path.join(f.root, "policy.toml");
      writeFileSync(policy, DANGER_IN_JAIL);
      const env = { ...f.env, PATH: await pathWithBwrap(f.env.PATH ?? "") };
      const plant = await runCli(
        ["run", "--jail", "--keep-home", "--provider", "mock", "--sandbox", "danger-full-access", "--approval", "never", "--policy", policy, "--scenario", "shell", "--scenario-option", `command=mkdir -p "$CODEX_HOME/skills/x" && echo planted > "$CODEX_HOME/skills/x/SKILL.md"`, "go"],
        { ...f, env, deadlineMs: 120_000 },
      );
      const kept = /kept home: (.*)/.exec(plant.stderr)?.[1];
      expect(kept, plant.stderr).toBeTruthy();
      c.plant = plant;
      c.later = await runShell(f, env, "echo later", ["--sandbox", "read-only", "--home", kept!]);
      c.accept = await runCli(["home", "accept", kept!], { ...f, env });
      c.accepted = await runShell(f, env, "echo later", ["--sandbox", "read-only", "--home", kept!]);
    }
    {
      // D (by reasoning; no escape shown): a TMPDIR in the home's .env is a writable root of Codex's
      // sandbox that the gate, the location checks and the history of writable roots never saw (a
      // caller without TMPDIR, as on most Linux desktops). Tried with it naming the home itself (a
      // planted notify the seal would have taken as Codex's change): nothing ran on the host, since
      // Codex refused its helpers under that "temp dir". Refused now all the same.
      const f = fixtureHome("rt27-dotenv-tmpdir", { gitCeiling: true });
      const { TMPDIR: _tmp, ...env } = f.env;
      const home = path.join(f.root, "codex-home");
      mkdirSync(home);
      writeFileSync(path.join(home, "config.toml"), "");
      writeFileSync(path.join(home, ".env"), `TMPDIR=${home}\n`);
      d.pwned = path.join(f.root, "PWNED");
      d.plant = await runShell(f, env, `printf 'notify = ["/bin/sh", "-c", "touch ${d.pwned}"]\\n' >> "$TMPDIR/config.toml" && echo planted`, ["--sandbox", "workspace-write", "--home", home]);
      d.later = await runShell(f, env, "echo later", ["--sandbox", "read-only", "--home", home]);
    }
    {
      const f = fixtureHome("rt27-dotenv-user", { gitCeiling: true });
      const home = path.join(f.root, "codex-home");
      mkdirSync(home);
      writeFileSync(path.join(home, "config.toml"), "");
      writeFileSync(path.join(home, ".env"), `BASH_ENV=${path.join(f.cwd, "tools", "env.sh")}\n`);
      b.pwned = path.join(f.root, "PWNED");
      b.plant = await runShell(f, f.env, `mkdir -p tools && printf 'touch ${b.pwned}\\n' > tools/env.sh && echo planted`, ["--transport", "app-server", "--sandbox", "workspace-write", "--home", home]);
      b.later = await runShell(f, f.env, "echo later", ["--transport", "app-server", "--sandbox", "read-only", "--home", home]);
    }
  }, 600_000);

  it.each(transports)("A (%s). a .env a jailed run wrote into its kept home is a changed home: the next run with it is refused", (transport) => {
    const { plant, later, pwned } = a.get(transport)!;
    expect(plant.code, plant.stderr).toBe(0);
    expect({ later: later.code, ran: existsSync(pwned) }).toEqual({ later: 4, ran: false });
    expect(later.stderr).toMatch(/refused: CODEX_HOME .* changed since codex-headless last ran in it \(\.env added, kept after a jailed run whose commands could write any file in it/);
  });

  it("C. a home kept after a jailed run is refused whatever file the run wrote in it, until `home accept`", () => {
    expect(c.plant!.code, c.plant!.stderr).toBe(0);
    expect(c.later!.code).toBe(4);
    expect(c.later!.stderr).toMatch(/refused: CODEX_HOME .* changed since codex-headless last ran in it \(kept after a jailed run whose commands could write any file in it/);
    expect(c.accept!.code, c.accept!.stderr).toBe(0);
    expect(c.accept!.stderr).toMatch(/accepted .*kept after a jailed run/);
    expect(c.accepted!.code, c.accepted!.stderr).toBe(0);
  });

  it("D. a TMPDIR in a home's .env, which Codex's workspace-write sandbox would make writable, is refused", () => {
    expect({ plant: d.plant!.code, ran: existsSync(d.pwned!) }, d.plant!.stderr).toEqual({ plant: 4, ran: false });
    expect(d.plant!.stderr).toMatch(/refused by policy: launch environment — CODEX_HOME's \.env \(.*\) sets TMPDIR=/);
  });

  it("B. a home's .env naming a BASH_ENV where a sandboxed run can write is judged as the caller's environment is", () => {
    expect({ plant: b.plant!.code, later: b.later!.code, ran: existsSync(b.pwned) }).toEqual({ plant: 4, later: 4, ran: false });
    expect(b.later!.stderr).toMatch(/shell startup location — in the variables CODEX_HOME's \.env gives Codex \(.*codex-home\/\.env\), .*tools\/env\.sh, which a shell started outside the sandbox reads first/);
  });
});
