// Red team 21: a git configuration file out of every sandbox's reach (the repository's own
// .git/config, ~/.gitconfig) was trusted whole, but the commands it names may be files in reach. With
// a clean filter `sh tools/strip.sh` in the repository's .git/config (and `.gitattributes` choosing
// it), a workspace-write run planted `tools/strip.sh` in the work tree, and the next run — read-only,
// its model asking for nothing — ran it on the host, in Codex's host-side `git status`; the gate
// allowed both runs. Now the words of the commands git's configuration files name are judged as those
// in GIT_CONFIG_* are (`program location`). A `core.hooksPath` in the work tree (husky's) is not: no
// hook ran in Codex's host-side git (a planted post-index-change, with a tracked file touched).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { fixtureGit } from "../helpers/git.js";
import { markerText, runShell } from "../helpers/cli.js";

const commit = (cwd: string, env: NodeJS.ProcessEnv, file: string, text: string) => {
  writeFileSync(path.join(cwd, file), text);
  fixtureGit(cwd, env, "add", file);
  fixtureGit(cwd, env, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", file);
};
it("a clean filter in the repository's .git/config naming a work-tree script is judged in reach (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-git-filter", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "filter-ran");
  fixtureGit(f.cwd, f.env, "init", "-q");
  commit(f.cwd, f.env, "README", "x\n");
  commit(f.cwd, f.env, ".gitattributes", "README filter=strip\n");
  fixtureGit(f.cwd, f.env, "config", "filter.strip.clean", "sh tools/strip.sh");
  const plant = await runShell(f, f.env, `mkdir -p tools && echo 'echo "strip $PWD" >> ${marker}; cat' > tools/strip.sh && touch README`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(later.stderr).toMatch(/refused by policy: program location — filter\.strip\.clean \(in .*\.git\/config\) names .*\/work\/tools\/strip\.sh/);
});

it("a textconv in ~/.gitconfig naming ~/ or a relative script is taken from HOME and from the work tree (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-git-textconv", { gitCeiling: true });
  fixtureGit(f.cwd, f.env, "init", "-q");
  writeFileSync(path.join(f.home, ".gitconfig"), '[diff "nb"]\n\ttextconv = python3 ~/bin/nbconv.py\n[core]\n\thooksPath = .husky/_\n');
  const fine = await runShell(f, f.env, "echo fine", ["--sandbox", "read-only"]);
  expect(fine.code).toBe(0);
  writeFileSync(path.join(f.home, ".gitconfig"), '[diff "nb"]\n\ttextconv = "python3 scripts/nbconv.py"\n');
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only"]);
  expect(later.code).toBe(4);
  expect(later.stderr).toMatch(/refused by policy: program location — diff\.nb\.textconv \(in .*\.gitconfig\) names .*\/work\/scripts\/nbconv\.py/);
});
