// Red team 18: `/etc/profile` sources every `/etc/profile.d/*.sh`, and the shell start-up rule listed
// the folder but judged only the folder itself: a script there that is a link into a workspace
// (an admin's `ln -s ~/proj/env.sh /etc/profile.d/proj.sh`) passed, and Codex's `bash -lc` sources it
// on the host. Not run here (this machine's /etc is not ours to change): the listing is judged with
// a folder of our own.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { defaultPolicy } from "../../src/safety/policy.js";
import { reachingFile, sandboxReach, withFolderEntries } from "../../src/safety/sandbox-reach.js";
import { fixtureHome } from "../helpers/fixture-home.js";

it("a folder among the start-up files is judged with what it holds (red team 18)", () => {
  const f = fixtureHome("rt18-profile-d", { gitCeiling: true });
  const reach = sandboxReach({ sandbox: "workspace-write", cwd: f.cwd, env: f.env, policy: defaultPolicy(), config: [] });
  const profileD = path.join(f.root, "profile.d");
  mkdirSync(profileD);
  writeFileSync(path.join(profileD, "a.sh"), "true\n");
  symlinkSync(path.join(f.cwd, "env.sh"), path.join(profileD, "proj.sh"));
  writeFileSync(path.join(f.cwd, "env.sh"), "true\n");
  const listed = withFolderEntries([path.join(f.root, "profile"), profileD]);
  expect(listed).toEqual([path.join(f.root, "profile"), profileD, `${profileD}/a.sh`, `${profileD}/proj.sh`]);
  expect(listed.filter((file) => reachingFile(reach, file))).toEqual([`${profileD}/proj.sh`]);
});
