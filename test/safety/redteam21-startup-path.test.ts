// Red team 21: the gate judged the PATH (and the loader's variables) of the environment Codex gets,
// but Codex's shell snapshot runs `bash -lc` on the host, and the ~/.bashrc it sources may change
// PATH before the snapshot script runs programs by name (sed, awk, wc, tr: measured here). With
// `export PATH="$PWD/.tools:$PATH"` in a ~/.bashrc out of reach (the `./node_modules/.bin` habit), a
// workspace-write run planted `.tools/sed` and the rest, and the next run, read-only, its model asking
// for nothing, ran them on the host; the gate allowed both runs. Now what the start-up files assign to
// PATH, LD_LIBRARY_PATH and the like is judged as the caller's environment is.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

/** The planting run and a later read-only one; the later one's refusal, when it was refused. */
const plantThenRun = async (f: ReturnType<typeof fixtureHome>, env: NodeJS.ProcessEnv, command: string) => {
  const plant = await runShell(f, env, command, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, env, "echo later", ["--sandbox", "read-only"]);
  return { runs: { plant: plant.code, later: later.code }, refusal: later.stderr };
};

/** Plants, in `dir`, each program the snapshot's shell may run by name, each noting its name in `marker`. */
const tools = (dir: string, marker: string) =>
  `mkdir -p ${dir} && for p in sed awk wc id tr cut getopt getconf lsb_release uname tput dircolors locale cat grep; do printf '#!/bin/sh\\necho "$0" >> ${marker}\\n' > ${dir}/$p; chmod +x ${dir}/$p; done`;

const ran = (marker: string) => (existsSync(marker) ? readFileSync(marker, "utf8") : "");

it("a PATH folder a ~/.bashrc out of reach adds in the workspace is judged in reach (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-rc-path", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "rc-path-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'export PATH="$PWD/.tools:$PATH"\n');
  const { runs, refusal } = await plantThenRun(f, f.env, tools(".tools", marker));
  expect({ ...runs, ran: ran(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(refusal).toMatch(/refused by policy: program location — a shell start-up file sets PATH .*PATH names .*\/work\/\.tools/);
});

it("a relative PATH entry a ~/.bashrc adds is taken from the folder the shell runs in (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-rc-relpath", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "rc-relpath-ran");
  writeFileSync(path.join(f.home, ".bashrc"), 'PATH=node_modules/.bin:$PATH\n');
  const { runs, refusal } = await plantThenRun(f, f.env, tools("node_modules/.bin", marker));
  expect({ ...runs, ran: ran(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(refusal).toMatch(/refused by policy: program location — a shell start-up file sets PATH .*\/work\/node_modules\/\.bin/);
});

it("a library folder a ~/.bashrc puts on LD_LIBRARY_PATH in the workspace is judged in reach (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-rc-ldpath", { gitCeiling: true });
  writeFileSync(path.join(f.home, ".bashrc"), 'export LD_LIBRARY_PATH="$PWD/lib"\n');
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect(later.code).toBe(4);
  expect(later.stderr).toMatch(/refused by policy: program location — a shell start-up file sets LD_LIBRARY_PATH .*\/work\/lib/);
});
