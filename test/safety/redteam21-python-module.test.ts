// Red team 21: a command a git configuration names may load code from the folder git runs it in
// without naming a file: `python3 -m NAME` puts that folder first on Python's module path. nbstripout's
// `--install` writes `filter.nbstripout.clean = "/usr/bin/python3" -m nbstripout` into the
// repository's .git/config (out of reach); git runs a clean filter in the work tree's top, the
// workspace, so a workspace-write run planted `nbstripout.py` there, and the next run — read-only, its
// model asking for nothing — ran it on the host in Codex's `git status`; the gate allowed both runs.
// Now the module a Python interpreter is asked to run with `-m` is judged where Python would look for
// it first, in each folder git runs in (`program location`).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { fixtureGit } from "../helpers/git.js";
import { runShell } from "../helpers/cli.js";

it("a `python3 -m` filter in the repository's .git/config is judged with the module it would take from the work tree (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-python-module", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "module-ran");
  fixtureGit(f.cwd, f.env, "init", "-q");
  writeFileSync(path.join(f.cwd, "a.ipynb"), "{}\n");
  writeFileSync(path.join(f.cwd, ".gitattributes"), "*.ipynb filter=nbstripout\n");
  fixtureGit(f.cwd, f.env, "add", "-A");
  fixtureGit(f.cwd, f.env, "commit", "-qm", "a");
  fixtureGit(f.cwd, f.env, "config", "filter.nbstripout.clean", '"/usr/bin/python3" -m nbstripout');
  const plant = await runShell(f, f.env, `printf 'open("${marker}", "a").write("module\\\\n")\\nimport sys\\nsys.stdout.write(sys.stdin.read())\\n' > nbstripout.py && touch a.ipynb`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) ? readFileSync(marker, "utf8") : "" }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(later.stderr).toMatch(/refused by policy: program location — filter\.nbstripout\.clean \(in .*\.git\/config\), a Python run with -m or -c, .* names .*\/work, which lies where a sandboxed run can write/);
});
