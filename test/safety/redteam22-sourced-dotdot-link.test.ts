// Red team 22: a name a shell start-up file sources was folded by text (`path.normalize`) before it
// was judged, so `<link>/..` named the folder beside the link rather than where the kernel goes
// (red team 17's class, in what the start-up files source). With `. ~/sh/current/../env.sh` in a
// ~/.bashrc out of reach and `~/sh/current` a link to `<workspace>/shell/v1`, bash sources
// `<workspace>/shell/env.sh`; the gate judged `~/sh/env.sh`, out of reach. A workspace-write run
// planted `shell/env.sh`, and the next run — read-only, its model asking for nothing — ran it on the
// host; both runs were allowed. Now a sourced name keeps its `..` and is judged both ways, as every
// other path the gate judges is. And a sourced file counts as a system file (what it sources not
// followed) only when it lies under /etc or /usr both as spelled and where its links lead.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { isSystemFile } from "../../src/safety/startup-sources.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("a sourced name whose `..` follows a link into the workspace is judged where bash opens it (red team 22)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt22-sourced-dotdot-link", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "sourced-dotdot-link-ran");
  mkdirSync(path.join(f.cwd, "shell", "v1"), { recursive: true });
  mkdirSync(path.join(f.home, "sh"));
  symlinkSync(path.join(f.cwd, "shell", "v1"), path.join(f.home, "sh", "current"));
  writeFileSync(path.join(f.home, ".bashrc"), '[ -f ~/sh/current/../env.sh ] && . ~/sh/current/../env.sh\n');
  const plant = await runShell(f, f.env, `echo 'touch ${marker}' > shell/env.sh`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
  expect(later.stderr).toMatch(/refused by policy: shell startup location — .*sh\/current\/\.\.\/env\.sh, which .*\.bashrc line 1 sources/);
});

it("a file is a system file only when it lies under /etc or /usr as spelled and where it leads", () => {
  expect(isSystemFile("/etc/profile")).toBe(true);
  expect(isSystemFile("/usr/share/bash-completion/bash_completion")).toBe(true);
  expect(isSystemFile("/etc/../tmp/x")).toBe(false);
  expect(isSystemFile("/usr/../home/x/.profile")).toBe(false);
});
