// `lab --compare` over recorded reports (no Codex needed): old → new per finding, status flips, the
// noise rule, and the cross-version section's ranking; then `lab --codex` bad input end to end.
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareReports, formatComparison, judgeChange, rateRange, surfaceNotices } from "../../src/lab/compare.js";
import { findingsFileSchema, type FindingsFile } from "../../src/lab/findings.js";
import type { InventoryDiff } from "../../src/surface/inventory-diff.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "lab-compare");
const recorded = (name: string): FindingsFile => findingsFileSchema.parse(JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")));

/** The recorded report with some findings replaced (by id), as a second run might have written it. */
function variant(base: FindingsFile, version: string, edits: Record<string, Partial<FindingsFile["directions"][number]["findings"][number]>>): FindingsFile {
  const next = structuredClone(base);
  next.codexVersion = version;
  for (const direction of next.directions) direction.findings = direction.findings.map((f) => (edits[f.id] ? { ...f, ...edits[f.id] } : f));
  return next;
}

describe("the noise rule", () => {
  it("k-of-n: attributed to the version only with n ≥ 3 a side and ranges apart", () => {
    expect(rateRange({ n: 3, k: 0 })).toEqual([0, 0.25]);
    expect(rateRange({ n: 3, k: 3 })).toEqual([0.75, 1]);
    const side = (k: number, n: number) => ({ status: "mixed", answer: `${k}/${n}`, repeats: { n, k } });
    expect(judgeChange(side(0, 3), side(3, 3)).verdict).toBe("version");
    expect(judgeChange(side(1, 3), side(3, 3)).verdict).toBe("version");
    expect(judgeChange(side(2, 3), side(3, 3))).toMatchObject({ verdict: "within noise", why: expect.stringContaining("overlap") });
    // Two runs a side, however far apart, cannot tell a change from noise; nor can one run.
    expect(judgeChange(side(0, 2), side(2, 2))).toMatchObject({ verdict: "within noise", why: expect.stringContaining("n=2 vs n=2") });
    expect(judgeChange({ status: "confirmed", answer: "yes" }, { status: "refuted", answer: "no" })).toMatchObject({ verdict: "within noise", why: expect.stringContaining("n=1 vs n=1") });
  });

  it("p25–p75: a spread that moved clear of the old one is a change, an overlapping one is noise", () => {
    const side = (p25: number, p75: number, n = 3) => ({ status: "measured", answer: "a", spread: { n, p25, median: (p25 + p75) / 2, p75, unit: "ms" } });
    expect(judgeChange(side(100, 120), side(200, 240))).toMatchObject({ verdict: "version", why: "p25–p75 100–120 ms (n=3) vs 200–240 ms (n=3): no overlap" });
    expect(judgeChange(side(100, 120), side(115, 140)).verdict).toBe("within noise");
    expect(judgeChange(side(100, 120, 2), side(200, 240)).verdict).toBe("within noise");
  });
});

describe("compareReports over a recorded report", () => {
  // A report the lab wrote on Codex 0.171.0 (paths shortened); the other side is the same report with
  // the findings a test names replaced, under another version.
  let a: FindingsFile;
  beforeAll(() => {
    a = recorded("findings-0.171.0.json");
  });

  it("names both versions, shows old and new side by side, marks flips, and separates change from noise", () => {
    const b = variant(a, "0.171.0", {
      // A repeated claim that flipped clean (0/3 → 3/3): the version.
      "approval-accept-lifts-sandbox": { status: "confirmed", answer: "Yes: accepted in 3 of 3 runs.", repeats: { n: 3, k: 3 } },
      // A one-run finding whose answer changed: noise by rule, however different it reads.
      "surface-noise-stdin": { answer: "Different words this time." },
    });
    const base = variant(a, "0.169.0", { "approval-accept-lifts-sandbox": { status: "refuted", answer: "No: accepted in 0 of 3 runs.", repeats: { n: 3, k: 0 } } });
    const comparison = compareReports(base, b);
    expect(comparison.versionsDiffer).toBe(true);
    const flip = comparison.changes.find((c) => c.id === "approval-accept-lifts-sandbox")!;
    expect(flip).toMatchObject({ change: "changed", flip: true, verdict: "version", before: { status: "refuted" }, after: { status: "confirmed" } });
    expect(comparison.changes.find((c) => c.id === "surface-noise-stdin")).toMatchObject({ flip: false, verdict: "within noise", category: "changes cleanliness" });
    expect(comparison.changes).toHaveLength(2);

    const text = formatComparison(comparison);
    expect(text.split("\n")[0]).toMatch(/^lab --compare: Codex 0\.169\.0 \(.*\) → Codex 0\.171\.0 \(/);
    expect(text).toMatch(/~ approval-accept-lifts-sandbox \[FLIP refuted → confirmed\] \[changed with the version: 0\/3 \(0–0\.25\) vs 3\/3 \(0\.75–1\): no overlap\]/);
    expect(text).toMatch(/^ {6}0\.169\.0 {2}refuted 0\/3 — No: accepted in 0 of 3 runs\.$/m);
    expect(text).toMatch(/^ {6}0\.171\.0 {2}confirmed 3\/3 — Yes: accepted in 3 of 3 runs\.$/m);
    expect(text).toMatch(/~ surface-noise-stdin \[within noise: n=1 vs n=1/);
    expect(text).toContain("What changed in Codex between 0.169.0 and 0.171.0 that a headless user would notice");
  });

  it("the same report against itself: nothing changed, no cross-version section", () => {
    const comparison = compareReports(a, a);
    expect(comparison.changes).toEqual([]);
    expect(comparison.unchanged).toBe(a.directions.flatMap((d) => d.findings).length);
    expect(formatComparison(comparison)).not.toContain("What changed in Codex");
  });

  it("added and removed findings are the lab's, not Codex's: listed without a verdict", () => {
    const b = structuredClone(a);
    b.directions[0]!.findings[0]!.id = "renamed-finding";
    const changes = compareReports(a, b).changes;
    expect(changes.map((c) => `${c.change} ${c.id}`)).toEqual(["added renamed-finding", `removed ${a.directions[0]!.findings[0]!.id}`]);
    expect(changes.every((c) => c.verdict === undefined)).toBe(true);
  });

  it("ranks what a headless user would notice: parser, default, cleanliness, persistence", () => {
    // A recorded `inventory --diff` between 0.171.0 and 0.169.0.
    const diff = JSON.parse(readFileSync(path.join(FIXTURES, "inventory-diff-0.171.0-0.169.0.json"), "utf8")) as InventoryDiff;
    const persistenceId = a.directions.flatMap((d) => d.findings).find((f) => !f.spread && f.evidence.some((e) => e.kind === "home-diff"))!.id;
    const edit = (k: number) => ({ status: "measured" as const, answer: `${k}`, repeats: { n: 4, k } });
    const base = variant(a, "0.169.0", { [persistenceId]: edit(0), "output-cleanliness": edit(0) });
    const b = variant(a, "0.171.0", { [persistenceId]: edit(4), "output-cleanliness": edit(4) });
    const comparison = compareReports(base, b, diff);
    const order = comparison.notices.map((n) => n.category);
    expect(order).toEqual([...order].sort((x, y) => ["breaks a parser", "changes a default", "changes cleanliness", "changes persistence"].indexOf(x) - ["breaks a parser", "changes a default", "changes cleanliness", "changes persistence"].indexOf(y)));
    expect(new Set(order)).toEqual(new Set(["breaks a parser", "changes a default", "changes cleanliness", "changes persistence"]));
    // A feature whose stage changed is a changed default; a protocol method we never call is not listed.
    expect(comparison.notices).toContainEqual({ category: "changes a default", line: expect.stringMatching(/^~ feature tui_workspace: /) });
    expect(comparison.notices.some((n) => n.line.includes("thread/search/stream"))).toBe(false);
    expect(formatComparison(comparison)).toMatch(/\[changes persistence\] .*: measured → measured \(0\/4 .* vs 4\/4 .*: no overlap\)/);
  });

  it("a schema change to a type the transports parse breaks a parser; one to a type they never read does not", () => {
    const diff: InventoryDiff = { from: "0.169.0", to: "0.171.0", added: ["schema v2/ItemCompletedNotification.turnIndex (integer, required)", "schema v2/Project.position (integer, required)"], removed: ["protocol server-notification item/agentMessage/delta"], changed: [] };
    expect(surfaceNotices(diff)).toEqual([
      { category: "breaks a parser", line: "+ schema v2/ItemCompletedNotification.turnIndex (integer, required)" },
      { category: "breaks a parser", line: "- protocol server-notification item/agentMessage/delta" },
    ]);
  });
});

describe("lab --codex bad input: one line, exit 2, nothing written", () => {
  it("an unknown version, an unreachable registry, a binary that is not Codex", async () => {
    const g = fixtureHome("lab-codex-bad");
    const out = path.join(g.cwd, "r");
    expectUsageError(await runCli(["lab", "--codex", "0.0.999", "--out", out], { ...g, deadlineMs: 120_000 }), /^codex-headless: --codex 0\.0\.999: (no such version on the npm registry|the npm registry is not reachable)/);
    // Nothing listens on port 9 of the loopback: the registry cannot be reached.
    const offline = { ...g.env, npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0" };
    expectUsageError(await runCli(["lab", "--codex", "0.1.0", "--out", out], { ...g, env: offline, deadlineMs: 120_000 }), /^codex-headless: --codex 0\.1\.0: the npm registry is not reachable/);
    const impostor = path.join(path.dirname(g.cwd), "not-codex");
    writeFileSync(impostor, "#!/bin/sh\necho 'hello from something else'\n");
    chmodSync(impostor, 0o755);
    expectUsageError(await runCli(["lab", "--codex", impostor, "--out", out], g), /^codex-headless: --codex .*not-codex: .*printed no Codex version/);
    expect(existsSync(path.join(out, "findings.json"))).toBe(false);
  }, 240_000);
});
