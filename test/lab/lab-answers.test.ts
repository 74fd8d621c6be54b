// What a newcomer reads first: the answers block of the shared lab run (helpers/shared-lab.ts), the
// statuses, and the one chart, checked against the findings they rest on.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findingsFileSchema, type FindingsFile } from "../../src/lab/findings.js";
import { TOP_QUESTIONS } from "../../src/lab/questions.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

async function lab(): Promise<{ report: FindingsFile; outDir: string }> {
  const { outDir } = await sharedLabFindings();
  return { outDir, report: findingsFileSchema.parse(JSON.parse(readFileSync(path.join(outDir, "findings.json"), "utf8"))) };
}

describe("lab answers", () => {
  it("answers every question with a recommendation resting on findings that measured something", async () => {
    const { report } = await lab();
    const findings = report.directions.flatMap((d) => d.findings);
    expect(report.answers.map((a) => a.question)).toEqual(TOP_QUESTIONS.map((q) => q.question));
    for (const answer of report.answers) {
      expect(answer.recommendation, answer.question).not.toMatch(/^None yet/);
      expect(answer.findings.length, answer.question).toBeGreaterThan(0);
      for (const id of answer.findings) expect(["error", "skipped"]).not.toContain(findingById(findings, id).status);
      // Composed, not copied: no finding's answer is pasted into it whole.
      for (const finding of findings) expect(answer.answer).not.toContain(finding.answer);
    }
    // The launch-context answer names a context the lab measured as closest, even with a shell missing.
    const launch = report.answers.find((a) => a.question === TOP_QUESTIONS.find((q) => q.id === "launch-context")!.question)!;
    const closest = findingById(findings, "closest-headless-context");
    const best = closest.table!.find((row) => row.clean === true)!;
    expect(launch.recommendation).toContain(`--context ${String(best.context)}`);
    expect(launch.answer).toContain(`${String(best["tool variables differing from pty"])} variable(s) differed from the pty run`);
    // The snapshot caveat rests on the stress runs' count.
    const snapshot = findingById(findings, "snapshot-first-vs-later");
    const slow = snapshot.table!.find((row) => row.variant === "slow-rc")!;
    expect(launch.answer).toContain(`slow-rc ${String(slow["first ≠ later"])} of ${String(slow.runs)}`);
    expect(launch.findings).toContain("snapshot-first-vs-later");
  }, LAB_TEST_TIMEOUT_MS);

  it("the guardrails answer carries the red team's measured counts, the depends-on answer what a run reached", async () => {
    const { report } = await lab();
    const findings = report.directions.flatMap((d) => d.findings);
    const answer = (id: string) => report.answers.find((a) => a.question === TOP_QUESTIONS.find((q) => q.id === id)!.question)!;
    const rows = (findingById(findings, "command-lists-red-team").table ?? []).filter((row) => !String(row.class).startsWith("control"));
    const total = (transport: string, key: string) => rows.filter((row) => row.transport === transport).reduce((sum, row) => sum + Number(row[key]), 0);
    const attacks = total("exec", "attempts");
    const guardrails = answer("guardrails");
    expect(guardrails.findings).toContain("command-lists-red-team");
    expect(guardrails.answer).toContain(`on app-server ${total("app-server", "escaped")} of ${attacks} escaped`);
    expect(guardrails.answer).toContain(`${total("exec", "escaped")} of ${attacks} escaped, ${total("exec", "announced")} of them announced`);
    expect(guardrails.recommendation).not.toMatch(/allow only commands the policy lists/);
    const network = findingById(findings, "run-destinations");
    const depends = answer("depends-on");
    if (network.status === "measured") {
      expect(depends.findings).toContain("run-destinations");
      const tried = (network.table ?? []).filter((row) => row.default === "tried");
      expect(depends.answer).toMatch(tried.length ? new RegExp(`a default run tried ${tried.length} destination\\(s\\)`) : /tried no destination beyond the model provider/);
      for (const row of tried) expect(depends.answer).toContain(String(row.destination));
    } else expect(depends.wouldChangeIf).toContain("run-destinations");
    // The home-carry measurement reaches the isolation answer, and its remedy the recommendation.
    const isolated = answer("isolated-auth");
    expect(isolated.findings).toEqual(expect.arrayContaining(["home-carry", "home-carry-seeded"]));
    expect(isolated.recommendation).toContain("--seed-config");
  }, LAB_TEST_TIMEOUT_MS);

  it("report.md puts each answer's recommendation and measurement first, and lists what was not measured", async () => {
    const { report, outDir } = await lab();
    const md = readFileSync(path.join(outDir, "report.md"), "utf8");
    const answers = md.slice(md.indexOf("## Answers"), md.indexOf("\n## ", md.indexOf("## Answers") + 3));
    for (const answer of report.answers) {
      const at = answers.indexOf(`### ${answer.question}\n\n**Do this:** ${answer.recommendation}\n\n**Measured:** ${answer.answer}`);
      expect(at, answer.question).toBeGreaterThanOrEqual(0);
    }
    // No bulleted copies of findings in the answers, and every skipped variant is listed with its install command.
    expect(answers).not.toMatch(/^- /m);
    for (const n of report.notMeasured) expect(md).toContain(`| ${n.variant} | ${n.missing} | \`${n.install}\` |`);
  }, LAB_TEST_TIMEOUT_MS);
});

describe("lab statuses", () => {
  it("descriptive findings are measured; a claim's answer starts with what its status says", async () => {
    const { report } = await lab();
    const findings = report.directions.flatMap((d) => d.findings);
    for (const id of ["rc-markers-per-context", "output-cleanliness", "startup-direct-vs-launched", "local-state-home-persistence", "surface-provider-failures", "safety-matrix"]) {
      expect(findingById(findings, id).status, id).toBe("measured");
    }
    for (const finding of findings) {
      if (finding.status === "confirmed") expect(finding.answer, finding.id).toMatch(/^Yes\b/);
      if (finding.status === "refuted") expect(finding.answer, finding.id).toMatch(/^No\b/);
      if (finding.status === "mixed") {
        expect(finding.repeats, finding.id).toBeDefined();
        expect(finding.repeats!.k).toBeGreaterThan(0);
        expect(finding.repeats!.k).toBeLessThan(finding.repeats!.n);
        expect(finding.answer).toMatch(new RegExp(`^In ${finding.repeats!.k} of ${finding.repeats!.n} runs`));
      }
      if (finding.status === "skipped") expect(finding.answer, finding.id).toMatch(/^(Not measured|Skipped)/);
    }
    // A varying outcome is reported k of n.
    const lift = findingById(findings, "approval-accept-lifts-sandbox");
    expect(lift.repeats?.n).toBe(6);
  }, LAB_TEST_TIMEOUT_MS);

  it("report.html charts start-up per context from the repeated runs, exactly the start-up finding's medians and ranges", async () => {
    const { report, outDir } = await lab();
    const html = readFileSync(path.join(outDir, "report.html"), "utf8");
    const startup = findingById(report.directions.flatMap((d) => d.findings), "startup-direct-vs-launched");
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(1);
    for (const row of startup.table!) {
      const n = String(row["runs ok"]).split("/")[1];
      expect(Number(n)).toBeGreaterThan(1);
      expect(svgs[0]).toContain(`${String(row["start-up ms (median)"])} ms (${String(row["start-up ms (min–max)"])}, n=${n})`);
    }
    // A table of contents before the answers, and long tables folded.
    expect(html.indexOf("<nav>")).toBeLessThan(html.indexOf('id="answers"'));
    const tables = html.match(/(<details class="table"><summary>[^<]*<\/summary>)?<table>[\s\S]*?<\/table>/g) ?? [];
    expect(tables.some((table) => table.startsWith('<details class="table">'))).toBe(true);
    for (const table of tables) {
      const rows = (table.match(/<tr>/g) ?? []).length - 1;
      if (rows > 8) expect(table.startsWith('<details class="table">')).toBe(true);
    }
  }, LAB_TEST_TIMEOUT_MS);
});
