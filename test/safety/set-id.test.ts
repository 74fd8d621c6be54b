// After a jailed run the set-user-ID and set-group-ID bits come off the files the run changed in its
// workspace (safety/set-id.ts): never off a file the run did not change, never through a link.
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stripSetIdBits } from "../../src/safety/set-id.js";
import { scratchDir } from "../helpers/paths.js";

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

    expect(stripSetIdBits(workspace, since).sort()).toEqual(["sticky-suid", "sub/sgid", "suid"].map((f) => f.split("/").join(path.sep)));
    const mode = (file: string) => (statSync(file).mode & 0o7777).toString(8);
    expect([mode(planted.suid), mode(planted.sgid), mode(planted.sticky)]).toEqual(["755", "750", "1700"]);
    expect(mode(outside)).toBe("4755");
    expect(mode(before)).toBe("4755");
  });
});
