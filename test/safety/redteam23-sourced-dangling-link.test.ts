// Red team 23 (advisory, measured; no host run shown): a sourced name whose `..` follows a link that
// dangles when the gate judges it is resolved by text from the deepest folder that exists
// (resolvedPath's fallback), so `. ~/sh/current/../env.sh` with `~/sh/current -> <workspace>/shell/v1`
// and v1 not there yet is judged as `~/sh/env.sh`, out of reach: a workspace-write run that plants
// shell/env.sh (and could create shell/v1) is allowed. The next run sees the link resolve and is
// refused, so nothing ran on the host. A race (a background loop creating and removing shell/v1 so the
// link dangles at the next run's judgement and resolves when its shell snapshot sources it) was tried:
// the sandboxed run's background process (setsid, &) did not outlive the command, and 12 later runs
// ran nothing. This test pins today's answers: the plant allowed, the later run refused.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("a sourced name through a link that dangles at judgement (red team 23, advisory)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt23-sourced-dangling-link", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "sourced-dangling-link-ran");
  mkdirSync(path.join(f.home, "sh"));
  symlinkSync(path.join(f.cwd, "shell", "v1"), path.join(f.home, "sh", "current"));
  writeFileSync(path.join(f.home, ".bashrc"), '[ -f ~/sh/current/../env.sh ] && . ~/sh/current/../env.sh\n');
  const plant = await runShell(f, f.env, `mkdir -p shell/v1 && echo 'touch ${marker}' > shell/env.sh`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) }).toEqual({ plant: 0, later: 4, ran: false });
  expect(later.stderr).toMatch(/refused by policy: shell startup location/);
});
