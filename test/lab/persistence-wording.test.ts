// The persistence answers say what the runs left, from their home diffs: where --version wrote is
// read from the paths, and the snapshot answer says how many runs it rests on.
import { describe, expect, it } from "vitest";
import { shellSnapshotAnswer, versionWritesAnswer } from "../../src/lab/experiments/local-state/persistence.js";

describe("persistence wording", () => {
  it("names where --version wrote from the paths it added, not a fixed folder", () => {
    const answer = versionWritesAnswer(["cache", "cache/x.json"]);
    expect(answer).not.toMatch(/arg0-linux/);
    expect(answer).toContain("Yes: it added 2 path(s) (cache, cache/x.json), under cache, cache/x.json.");
    expect(versionWritesAnswer([])).toBe("No: the home was unchanged.");
  });

  it("says the snapshot runs were one each and claims no more than the home diff", () => {
    const answer = shellSnapshotAnswer(0, 0, 4690, 5199);
    expect(answer).toContain("left 0 shell-snapshot file(s) in CODEX_HOME; with features.shell_snapshot=false, 0 (one run each)");
    expect(answer).not.toMatch(/it is not state a later run inherits/);
  });
});
