// Red team 17: `program location` and `shell startup location` judge a path by `path.resolve` (which
// folds `..` by text, before any link is followed) and then resolve links in what is left. The kernel
// follows the link first: `<home>/opt/current/../bin`, with `current` a link to `<workspace>/build/v1`,
// is `<workspace>/build/bin` for execvp and bash, `<home>/opt/bin` (out of reach) for the gate. A
// workspace-write run plants `lsb_release` there (or the BASH_ENV script, or `$HOME/.bashrc` for a HOME
// spelled `<link>/..`), and the next run — a
// read-only one — runs it on the host (Codex 0.171.0 starts lsb_release by name outside its sandbox).
// Held, for the record: a dangling link (`~/.bashrc` or a PATH folder linking to a workspace path not
// there yet) lets the planting run through, but the later run is refused once the target exists.
// Each run that plants should be refused (exit 4); each later run should not run what was planted.
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

const run = (f: ReturnType<typeof fixtureHome>, env: NodeJS.ProcessEnv, sandbox: string, command: string, transport = "exec") =>
  runShell(f, env, command, ["--transport", transport, "--sandbox", sandbox]);

it.each(["exec", "app-server"])("%s: a PATH entry whose `..` follows a link into the workspace is judged where the kernel goes (red team 17)", { timeout: 250_000 }, async (transport) => {
  const f = fixtureHome(`rt17-dotdot-path-${transport}`, { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "dotdot-path-ran");
  mkdirSync(path.join(f.cwd, "build", "v1"), { recursive: true });
  mkdirSync(path.join(f.home, "opt"));
  symlinkSync(path.join(f.cwd, "build", "v1"), path.join(f.home, "opt", "current"));
  // The kernel: <workspace>/build/bin. path.resolve: <home>/opt/bin.
  const env = { ...f.env, PATH: `${path.join(f.home, "opt", "current")}/../bin${path.delimiter}${f.env.PATH}` };
  const plant = await run(f, env, "workspace-write", `mkdir -p build/bin && printf '#!/bin/sh\\ntouch ${marker}\\n' > build/bin/lsb_release && chmod +x build/bin/lsb_release`, transport);
  const later = await run(f, env, "read-only", "echo later", transport);
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
});

it("a BASH_ENV whose `..` follows a link into the workspace is judged where the kernel goes (red team 17)", { timeout: 250_000 }, async () => {
  const f = fixtureHome("rt17-dotdot-bashenv", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "dotdot-bashenv-ran");
  mkdirSync(path.join(f.cwd, "shell", "v1"), { recursive: true });
  mkdirSync(path.join(f.home, "sh"));
  symlinkSync(path.join(f.cwd, "shell", "v1"), path.join(f.home, "sh", "current"));
  // The kernel: <workspace>/shell/env.sh. path.resolve: <home>/sh/env.sh.
  const env = { ...f.env, BASH_ENV: `${path.join(f.home, "sh", "current")}/../env.sh` };
  const plant = await run(f, env, "workspace-write", `echo 'touch ${marker}' > shell/env.sh`);
  const later = await run(f, env, "read-only", "echo later");
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
});

it("a HOME whose `..` follows a link into the workspace: ~/.bashrc is judged where bash opens it (red team 17)", { timeout: 250_000 }, async () => {
  const f = fixtureHome("rt17-dotdot-home", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "dotdot-home-ran");
  mkdirSync(path.join(f.cwd, "h", "v1"), { recursive: true });
  symlinkSync(path.join(f.cwd, "h", "v1"), path.join(f.home, "hl"));
  // bash opens "$HOME/.bashrc": <workspace>/h/.bashrc. path.resolve: <home>/.bashrc.
  const env = { ...f.env, HOME: `${path.join(f.home, "hl")}/..` };
  const plant = await run(f, env, "workspace-write", `echo 'touch ${marker}' > h/.bashrc`);
  const later = await run(f, env, "read-only", "echo later");
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
});
