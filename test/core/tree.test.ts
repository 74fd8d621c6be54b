// The one tree lister, and the two judges that rest on it seeing through (or not through) links.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, listTree } from "../../src/core/tree.js";
import { controlFiles } from "../../src/home/seal.js";
import { scratchDir } from "../helpers/paths.js";

describe("listTree", () => {
  it("lists sorted, parents first, links reported and not followed, a missing root empty", () => {
    const root = scratchDir("tree");
    const outside = scratchDir("tree-outside");
    writeFileSync(path.join(outside, "secret"), "x");
    mkdirSync(path.join(root, "b/c"), { recursive: true });
    writeFileSync(path.join(root, "b/c/f"), "1");
    writeFileSync(path.join(root, "a"), "2");
    symlinkSync(outside, path.join(root, "b/link"));
    expect(listTree(root).map((e) => e.relative)).toEqual(["a", "b", "b/c", "b/c/f", "b/link"]);
    expect(filesUnder(root)).toEqual(["a", "b/c/f", "b/link"]);
    expect(listTree(path.join(root, "missing"))).toEqual([]);
    // The root itself is read as named: a linked home lists its target's entries.
    expect(listTree(path.join(root, "b/link")).map((e) => e.relative)).toEqual(["secret"]);
  });

  it("a home's rules folder given as a link is fingerprinted as the link and through it", () => {
    const home = scratchDir("tree-home");
    const elsewhere = scratchDir("tree-rules");
    writeFileSync(path.join(elsewhere, "default.rules"), 'prefix_rule(pattern=["rm"], decision="forbidden")\n');
    symlinkSync(elsewhere, path.join(home, "rules"));
    const before = controlFiles(home);
    expect(before.rules).toBe(`link:${elsewhere}`);
    expect(Object.keys(before)).toContain(path.join("rules", "default.rules"));
    // A run that can write the link's target loosens the rules: the fingerprint must change.
    writeFileSync(path.join(elsewhere, "default.rules"), "");
    expect(controlFiles(home)).not.toEqual(before);
  });
});
