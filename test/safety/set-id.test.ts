// After a jailed run the set-user-ID and set-group-ID bits come off the files the run changed in its
// workspace (safety/set-id.ts): never off a file the run did not change, never through a link.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listTree, removeTree } from "../../src/core/tree.js";
import { fingerprint } from "../../src/home/fingerprint.js";
import { snapshotHome } from "../../src/home/snapshot.js";
import { stripSetIdBits } from "../../src/safety/set-id.js";
import { REPO_ROOT, scratchDir } from "../helpers/paths.js";

const LEVELS = 25;
const NAME = "d".repeat(200);

/** A chain of LEVELS folders of 200 characters under `root` (5,000 characters, past PATH_MAX) with a
 *  mode-4755 file at its end, made through descriptors as a shell's `cd` would. Returns nothing: no
 *  path names the end. */
function deepChain(root: string): void {
  let fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
  for (let i = 0; i < LEVELS; i++) {
    mkdirSync(`/proc/self/fd/${fd}/${NAME}`);
    const next = openSync(`/proc/self/fd/${fd}/${NAME}`, constants.O_RDONLY | constants.O_DIRECTORY);
    closeSync(fd);
    fd = next;
  }
  writeFileSync(`/proc/self/fd/${fd}/suid`, "#!/bin/sh\n");
  chmodSync(`/proc/self/fd/${fd}/suid`, 0o4755);
  closeSync(fd);
}

/** What GNU find (which walks any depth) sees with a set-ID bit under `root`: the independent check. */
const findSetId = (root: string) => execFileSync("find", [root, "-perm", "/6000"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n").filter(Boolean);

describe("set-ID bits after a jailed run", () => {
  it("come off files changed since the run started, keep the other mode bits, and never pass a link", async () => {
    const root = scratchDir("set-id");
    const workspace = path.join(root, "work");
    mkdirSync(path.join(workspace, "sub"), { recursive: true });
    const outside = path.join(root, "outside-suid");
    const before = path.join(workspace, "before-run");
    writeFileSync(before, "#!/bin/sh\n");
    chmodSync(before, 0o4755);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const planted = { suid: path.join(workspace, "suid"), sgid: path.join(workspace, "sub", "sgid"), sticky: path.join(workspace, "sticky-suid") };
    // Outside the workspace, changed during the run too: reached only by following the link.
    writeFileSync(outside, "#!/bin/sh\n");
    chmodSync(outside, 0o4755);
    for (const file of Object.values(planted)) writeFileSync(file, "#!/bin/sh\n");
    chmodSync(planted.suid, 0o4755);
    chmodSync(planted.sgid, 0o2750);
    chmodSync(planted.sticky, 0o5700);
    symlinkSync(outside, path.join(workspace, "link-to-outside"));

    expect(stripSetIdBits(workspace, since).stripped.sort()).toEqual(["sticky-suid", "sub/sgid", "suid"].map((f) => f.split("/").join(path.sep)));
    const mode = (file: string) => (statSync(file).mode & 0o7777).toString(8);
    expect([mode(planted.suid), mode(planted.sgid), mode(planted.sticky)]).toEqual(["755", "750", "1700"]);
    expect(mode(outside)).toBe("4755");
    expect(mode(before)).toBe("4755");
  });

  // Red team, issue 27: past PATH_MAX the path-based walk threw ENAMETOOLONG, the strip aborted and the
  // run ended "internal error" without its record; Node's own recursive rm fails there too.
  it("reach the end of a folder chain longer than PATH_MAX, and such a tree is listed and removed whole", () => {
    const root = scratchDir("set-id-deep");
    const since = Date.now() - 1_000; // the file system's clock is coarser than Date.now()
    deepChain(root);
    expect(findSetId(root)).toHaveLength(1);
    const report = stripSetIdBits(root, since);
    expect(report.closed).toEqual([]);
    expect(report.stripped).toHaveLength(1);
    expect(report.stripped[0]!.endsWith(`${NAME}${path.sep}suid`)).toBe(true);
    expect(findSetId(root)).toEqual([]);
    expect(listTree(root)).toHaveLength(LEVELS + 1);
    // What else reads a tree a run wrote (a kept home's snapshot, the untouched check) reads it whole.
    expect(snapshotHome(root).entries.filter((e) => e.type === "file" && e.sha256 && !e.sha256.startsWith("unreadable"))).toHaveLength(1);
    expect(fingerprint(root)).toHaveLength(LEVELS + 1);
    removeTree(root);
    expect(existsSync(root)).toBe(false);
  });

  it("come off a set-group-ID folder, a file its owner may not read, and what is inside a folder its owner may not read", () => {
    const root = scratchDir("set-id-hidden");
    const since = Date.now() - 1_000; // the file system's clock is coarser than Date.now()
    mkdirSync(path.join(root, "shared"), { mode: 0o777 });
    chmodSync(path.join(root, "shared"), 0o2777);
    mkdirSync(path.join(root, "closed"));
    writeFileSync(path.join(root, "closed", "suid"), "#!/bin/sh\n");
    chmodSync(path.join(root, "closed", "suid"), 0o4111);
    chmodSync(path.join(root, "closed"), 0o311);
    const report = stripSetIdBits(root, since);
    expect(report.stripped.sort()).toEqual([path.join("closed", "suid"), "shared"]);
    expect(report.closed).toEqual([]);
    expect((lstatSync(path.join(root, "shared")).mode & 0o7777).toString(8)).toBe("777");
    // The folder's own mode is put back after it was opened to be walked.
    expect((lstatSync(path.join(root, "closed")).mode & 0o7777).toString(8)).toBe("311");
    chmodSync(path.join(root, "closed"), 0o700);
    expect((lstatSync(path.join(root, "closed", "suid")).mode & 0o7777).toString(8)).toBe("111");
    chmodSync(path.join(root, "closed"), 0o311);
    removeTree(root); // a folder of mode 311 is made ours to empty
    expect(existsSync(root)).toBe(false);
  });

  // Root reads every folder, so the case above walks the closed folder without opening it: as the
  // owner who is not root (a jailed run's files belong to its caller), the walk must open it itself.
  it.runIf(process.getuid?.() === 0)("come off what is inside a folder its owner (not root) may not read, as that owner", () => {
    // The suite's scratch folders are private to root (TMPDIR too): nobody works in /tmp instead.
    const root = mkdtempSync("/tmp/set-id-nobody-");
    chownSync(root, 65534, 65534);
    try {
    const script = `
      import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
      import { stripSetIdBits } from ${JSON.stringify(path.join(REPO_ROOT, "dist", "src", "safety", "set-id.js"))};
      // Loaded as root (the checkout may be private to root), then run as nobody.
      process.setgroups([]);
      process.setgid(65534);
      process.setuid(65534);
      const root = ${JSON.stringify(root)};
      const since = Date.now() - 1000;
      mkdirSync(root + "/closed");
      writeFileSync(root + "/closed/suid", "#!/bin/sh\\n");
      chmodSync(root + "/closed/suid", 0o4111);
      chmodSync(root + "/closed", 0o311);
      process.stdout.write(JSON.stringify(stripSetIdBits(root, since)));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000, killSignal: "SIGKILL" });
    expect(JSON.parse(out)).toEqual({ stripped: [path.join("closed", "suid")], closed: [] });
    expect((lstatSync(path.join(root, "closed", "suid")).mode & 0o7777).toString(8)).toBe("111");
    expect((lstatSync(path.join(root, "closed")).mode & 0o7777).toString(8)).toBe("311");
    } finally {
      removeTree(root);
    }
  });
});

