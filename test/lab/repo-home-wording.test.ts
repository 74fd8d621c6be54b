// The repo-home answer says what the working tree did, from a before/after comparison, and never
// infers "nothing in the working tree changed" from where the home lay.
import { describe, expect, it } from "vitest";
import { changedPaths, repoHomeAnswer } from "../../src/lab/experiments/isolation/auth.js";

const runs = { first: "ok", second: "ok", resumed: true, sameHome: true, outside: true };

describe("repoHomeAnswer", () => {
  it("names what changed in the working tree even when the home lay outside it", () => {
    const answer = repoHomeAnswer({ ...runs, treeChanged: [".git/index", ".gitignore"] });
    expect(answer).toMatch(/^Yes: /);
    expect(answer).not.toMatch(/nothing in the working tree/);
    expect(answer).toContain("the working tree changed between before the first run and after the second: .git/index, .gitignore");
  });

  it("calls the tree the same only when the comparison found nothing", () => {
    expect(repoHomeAnswer({ ...runs, treeChanged: [] })).toContain("the working tree was the same before the first run and after the second");
  });

  it("finds added, removed and modified paths between fingerprints", () => {
    expect(changedPaths(["a 644 1 QQ==", "b 644 1 Qg==", "c 755 1"], ["a 644 1 QQ==", "b 644 2 Qg==", "d 644 1 "])).toEqual(["b", "c", "d"]);
  });
});
