// Red team 21: the gate found the working directory's repository by walking up the path as given,
// but git (Codex's, on the host) walks up the folder the kernel is in: a working directory named
// through a link into a subfolder of a repository is not, as text, under that repository's top. With
// the library given `<root>/proj`, a link to `$TMPDIR/mono/proj` (a clone under the temp dir), the
// gate judged no repository, and Codex's host-side `git status` read `$TMPDIR/mono/.git/config`,
// which any workspace-write run can write, and ran the clean filter planted there. Now the repository
// is looked for from the working directory's link-resolved spelling too.
import { appendFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { fixtureGit } from "../helpers/git.js";

it("a working directory named through a link into a repository under $TMPDIR is judged with that repository (red team 21)", { timeout: 120_000 }, async () => {
  const f = fixtureHome("rt21-linked-cwd", { gitCeiling: true });
  const pwned = path.join(path.dirname(f.cwd), "pwned");
  const mono = path.join(f.env.TMPDIR!, "mono");
  mkdirSync(path.join(mono, "proj"), { recursive: true });
  fixtureGit(mono, f.env, "init", "-q");
  writeFileSync(path.join(mono, "proj", "a.txt"), "hello\n");
  fixtureGit(mono, f.env, "add", "-A");
  fixtureGit(mono, f.env, "commit", "-qm", "a");
  // What a workspace-write run can plant there (the store lies under $TMPDIR).
  appendFileSync(path.join(mono, ".git", "config"), `[filter "x"]\n\tclean = touch ${pwned} && cat\n`);
  writeFileSync(path.join(mono, "proj", ".gitattributes"), "* filter=x\n");
  writeFileSync(path.join(mono, "proj", "a.txt"), "jello\n");
  const linked = path.join(path.dirname(f.cwd), "proj");
  symlinkSync(path.join(mono, "proj"), linked);
  const outcome = await runOnce({ prompt: "go", scenario: "shell", scenarioOptions: { command: "echo ran" }, sandbox: "read-only", cwd: linked }, { env: f.env }).then(
    () => "allowed",
    (error: Error) => error.message,
  );
  expect({ outcome, ran: existsSync(pwned) }).toEqual({ outcome: expect.stringMatching(/refused by policy: git config location.*mono\/\.git\/config/), ran: false });
});
