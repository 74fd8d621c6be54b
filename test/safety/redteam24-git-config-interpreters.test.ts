// Red team 24: the commands git's configuration names were judged by their words, with every option
// dropped, and the rule for a Python that imports from the folder it runs in (red team 21) read the
// configuration files only. Three commands git runs in the work tree's top (the workspace) loaded code
// a workspace-write run planted there, on the host, in the next run's `git status` — a read-only run
// whose model asks for nothing; the gate allowed both runs:
// - `"/usr/bin/python3" -m nbstripout` given as a clean filter in GIT_CONFIG_COUNT/KEY_0/VALUE_0 (the
//   environment, not a file): Python took `nbstripout.py` from the work tree;
// - `perl -Mlib=./tools -MStrip -pe1` in the repository's .git/config: an option's value
//   (`-opt=./path`) names the folder perl loads `Strip.pm` from;
// - `node -e ...` requiring a package by name: node looks for it in the folder's `node_modules`.
// Now an option's value that is a path (`--opt=./x`, `-I./x`, `-I.`) is judged as the command's other
// words are, and a Python run with -m or -c or a node run with -e, -p, -r or --import is judged as
// naming each folder git runs in (and node the `node_modules` of each folder above it), whichever of
// the configuration files or the environment names it (`program location`).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { gitConfigProgramWords } from "../../src/safety/sandbox-reach.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { fixtureGit } from "../helpers/git.js";
import { runShell } from "../helpers/cli.js";

/** A repository in a fresh fixture whose `a.txt` goes through filter `x` (set by `configure`), then a
 *  workspace-write run planting `plant` (and touching `a.txt`), then a read-only run. */
async function plantedThenLater(name: string, configure: (f: ReturnType<typeof fixtureHome>, marker: string) => NodeJS.ProcessEnv, plant: (marker: string) => string) {
  const f = fixtureHome(name, { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "filter-ran");
  fixtureGit(f.cwd, f.env, "init", "-q");
  writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
  writeFileSync(path.join(f.cwd, ".gitattributes"), "a.txt filter=x\n");
  fixtureGit(f.cwd, f.env, "add", "-A");
  fixtureGit(f.cwd, f.env, "commit", "-qm", "a");
  const env = configure(f, marker);
  const planted = await runShell(f, env, `${plant(marker)} && touch a.txt`, ["--sandbox", "workspace-write"]);
  const ranInPlant = existsSync(marker);
  const later = await runShell(f, env, "echo later", ["--sandbox", "read-only"]);
  return { plant: planted.code, ranInPlant, later: later.code, ran: existsSync(marker), stderr: later.stderr };
}

it("a `python3 -m` clean filter given in GIT_CONFIG_* is judged with the module it takes from the work tree", { timeout: 120_000 }, async () => {
  const run = await plantedThenLater("rt24-env-python", (f) => ({ ...f.env, GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "filter.x.clean", GIT_CONFIG_VALUE_0: '"/usr/bin/python3" -m nbstripout' }), (marker) => `printf 'open("%s", "a").write("py")\\nimport sys\\nsys.stdout.write(sys.stdin.read())\\n' ${marker} > nbstripout.py`);
  expect({ plant: run.plant, ranInPlant: run.ranInPlant, later: run.later, ran: run.ran }).toEqual({ plant: 4, ranInPlant: false, later: 4, ran: false });
  expect(run.stderr).toMatch(/refused by policy: program location — filter\.x\.clean \(in GIT_CONFIG_\* or GIT_CONFIG_PARAMETERS\), a Python run with -m or -c, .* names .*\/work, which lies where a sandboxed run can write/);
});

it("an option's value naming a work-tree folder (`perl -Mlib=./tools`) in .git/config is judged", { timeout: 120_000 }, async () => {
  const run = await plantedThenLater("rt24-perl-lib", (f) => {
    fixtureGit(f.cwd, f.env, "config", "filter.x.clean", "perl -Mlib=./tools -MStrip -pe1");
    return f.env;
  }, (marker) => `mkdir -p tools && printf 'system("touch %s"); 1;\\n' ${marker} > tools/Strip.pm`);
  expect({ plant: run.plant, ranInPlant: run.ranInPlant, later: run.later, ran: run.ran }).toEqual({ plant: 4, ranInPlant: false, later: 4, ran: false });
  expect(run.stderr).toMatch(/refused by policy: program location — filter\.x\.clean \(in .*\.git\/config\) names .*\/work\/tools/);
});

it("a `node -e` filter requiring a package is judged with the node_modules of the work tree", { timeout: 120_000 }, async () => {
  const run = await plantedThenLater("rt24-node-eval", (f) => {
    fixtureGit(f.cwd, f.env, "config", "filter.x.clean", `node -e "require('strip-filter'); process.stdin.pipe(process.stdout)"`);
    return f.env;
  }, (marker) => `mkdir -p node_modules/strip-filter && printf 'require("fs").writeFileSync("%s", "node")\\n' ${marker} > node_modules/strip-filter/index.js`);
  expect({ plant: run.plant, ranInPlant: run.ranInPlant, later: run.later, ran: run.ran }).toEqual({ plant: 4, ranInPlant: false, later: 4, ran: false });
  expect(run.stderr).toMatch(/refused by policy: program location — filter\.x\.clean \(in .*\.git\/config\), a node run with -e, -p, -r or --import, .* names .*\/work/);
});

it("the words judged: options' paths, and the folders an interpreter imports from", () => {
  const words = (value: string) => gitConfigProgramWords([{ file: "c", key: "filter.x.clean", value }], {}).map((each) => each.word);
  expect(words("perl -I./tools -MX -pe1")).toContain("./tools");
  expect(words("perl -I. -MX -pe1")).toContain(".");
  expect(words("ruby -Itools x")).toContain("tools");
  expect(words("node --require=./hook.cjs /usr/lib/x.js")).toContain("./hook.cjs");
  expect(words("tool --config=/etc/x:./y")).toEqual(expect.arrayContaining(["tool", "/etc/x", "./y"]));
  expect(words("node -p 1")).toEqual(expect.arrayContaining(["./", "../node_modules"]));
  expect(words("nodejs --import x /usr/lib/y.mjs")).toContain("./");
  expect(words("python3 -c 'import x'")).toContain("./");
  // Options that name no path stay dropped; a node or Python running a file names only the file.
  expect(words("git-lfs clean --skip-smudge -n5 -Wall %f")).toEqual(["git-lfs", "clean", "f"]);
  expect(words("node /usr/lib/x.js")).toEqual(["node", "/usr/lib/x.js"]);
  expect(words("python3 -I -m x")).not.toContain("./");
});
