// Red team 8: removeTree held one descriptor per folder on its way down, so a chain of folders deeper
// than the process may open (its RLIMIT_NOFILE: 20,000 here) failed with EMFILE and left the home, with
// whatever the run wrote in it. Run with a limit of 400 descriptors and a chain 600 deep (names of 200
// bytes: past PATH_MAX, so Node's own removal fails first, as it would on a real chain): the home was
// left (EMFILE) before the fix.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { chmodFolderNoFollow } from "../../src/core/tree.js";
import { REPO_ROOT, scratchDir } from "../helpers/paths.js";

it("removes a chain of folders deeper than the descriptors the process may open", () => {
  const base = scratchDir("redteam8-tree");
  const root = path.join(base, "home");
  const outside = path.join(base, "outside");
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "kept"), "x");
  const script = `
    import { chmodSync, closeSync, constants, mkdirSync, openSync, writeFileSync } from "node:fs";
    import { removeTree } from ${JSON.stringify(path.join(REPO_ROOT, "dist", "src", "core", "tree.js"))};
    const root = ${JSON.stringify(root)};
    const name = "d".repeat(200);
    let fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
    for (let i = 0; i < 600; i++) {
      mkdirSync("/proc/self/fd/" + fd + "/" + name);
      writeFileSync("/proc/self/fd/" + fd + "/f", "x");
      const next = openSync("/proc/self/fd/" + fd + "/" + name, constants.O_RDONLY | constants.O_DIRECTORY);
      // A folder its owner may not write, below where the removal stops descending.
      if (i === 300) chmodSync("/proc/self/fd/" + fd, 0o500);
      closeSync(fd);
      fd = next;
    }
    closeSync(fd);
    try {
      removeTree(root);
      process.stdout.write("removed");
    } catch (error) {
      process.stdout.write(String(error.code));
    }`;
  const out = execFileSync("bash", ["-c", 'ulimit -n 400 && exec "$0" --input-type=module -e "$1"', process.execPath, script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, killSignal: "SIGKILL" });
  expect(out).toBe("removed");
  expect(existsSync(root)).toBe(false);
  expect(existsSync(path.join(outside, "kept"))).toBe(true);
});

// Red team 8, not raced but shown by its effect: removal opens a folder of mode 000 to itself with a
// chmod by name, which followed a link — a process the run left behind could swap the folder for a link
// to a host file between our lstat and the chmod. The chmod now pins the entry without following it.
it("makes a closed folder its owner's without following a link put in its place", () => {
  const base = scratchDir("redteam8-chmod");
  const host = path.join(base, "host-file");
  writeFileSync(host, "x");
  chmodSync(host, 0o600);
  symlinkSync(host, path.join(base, "swapped"));
  expect(() => chmodFolderNoFollow(path.join(base, "swapped"), 0o700)).toThrow();
  expect((lstatSync(host).mode & 0o7777).toString(8)).toBe("600");
  mkdirSync(path.join(base, "closed"), 0o000);
  chmodFolderNoFollow(path.join(base, "closed"), 0o700);
  expect((lstatSync(path.join(base, "closed")).mode & 0o7777).toString(8)).toBe("700");
});
