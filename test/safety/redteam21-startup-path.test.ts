// Red team 21: the gate judged the PATH (and the loader's variables) of the environment Codex gets,
// but Codex's shell snapshot runs `bash -lc` on the host, and the ~/.bashrc it sources may change
// PATH before the snapshot script runs programs by name (sed, awk, wc, tr: measured here). With
// `export PATH="$PWD/.tools:$PATH"` in a ~/.bashrc out of reach (the `./node_modules/.bin` habit), a
// workspace-write run planted `.tools/sed` and the rest, and the next run, read-only, its model asking
// for nothing, ran them on the host; the gate allowed both runs. Now what the start-up files assign to
// PATH, LD_LIBRARY_PATH and the like is judged as the caller's environment is.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { markerText, plantSnapshotTools, plantThenRun, runShell } from "../helpers/cli.js";

it("a PATH folder a ~/.bashrc out of reach adds in the workspace is judged in reach (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-rc-path", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "rc-path-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'export PATH="$PWD/.tools:$PATH"\n');
  const { runs, refusal } = await plantThenRun(f, f.env, plantSnapshotTools(".tools", marker));
  expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(refusal).toMatch(/refused by policy: program location — a shell start-up file sets PATH .*PATH names .*\/work\/\.tools/);
});

it("a relative PATH entry a ~/.bashrc adds is taken from the folder the shell runs in (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-rc-relpath", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "rc-relpath-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'PATH=node_modules/.bin:$PATH\n');
  const { runs, refusal } = await plantThenRun(f, f.env, plantSnapshotTools("node_modules/.bin", marker));
  expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(refusal).toMatch(/refused by policy: program location — a shell start-up file sets PATH .*\/work\/node_modules\/\.bin/);
});

it("a library folder a ~/.bashrc puts on LD_LIBRARY_PATH in the workspace is judged in reach (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-rc-ldpath", { gitCeiling: true });
  writeFileSync(path.join(f.home, ".bashrc"), 'export LD_LIBRARY_PATH="$PWD/lib"\n');
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect(later.code).toBe(4);
  expect(later.stderr).toMatch(/refused by policy: program location — a shell start-up file sets LD_LIBRARY_PATH .*\/work\/lib/);
});
