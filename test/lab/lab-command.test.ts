// The lab end to end: `codex-headless lab` on the real Codex and the mock, the three files it writes,
// the user's ~/.codex left alone, and the report opened in a real headless Chromium.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hashPrefix } from "../../src/observe/redact.js";
import path from "node:path";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DIRECTIONS, findingsFileSchema, type FindingsFile } from "../../src/lab/findings.js";
import { expectUsageError, runCli, type CliResult } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { AMBIENT_FIXTURE_KEY, filesUnder, LAB_TEST_TIMEOUT_MS, sharedLab } from "../helpers/shared-lab.js";
import { fingerprint } from "../../src/home/fingerprint.js";

let f: FixtureHome;
let out: string;
let result: CliResult;
let report: FindingsFile;
let ambientBefore: string[];
let CANARY: string;

// The lab ran once for the whole suite (see helpers/shared-lab.ts); this file checks the run itself.
beforeAll(async () => {
  const lab = await sharedLab();
  ({ fixture: f, out, result, ambientBefore, canary: CANARY } = lab);
  report = findingsFileSchema.parse(JSON.parse(readFileSync(path.join(out, "findings.json"), "utf8")));
}, LAB_TEST_TIMEOUT_MS);

describe("codex-headless lab", () => {
  it("writes the three files and every direction, researched or said not to be", () => {
    expect(result.code).toBe(0);
    for (const file of ["report.md", "report.html", "findings.json"]) expect(existsSync(path.join(out, file))).toBe(true);
    expect(report.directions.map((d) => d.id)).toEqual(DIRECTIONS.map((d) => d.id));
    for (const direction of report.directions) {
      if (direction.researched) expect(direction.findings.length).toBeGreaterThan(0);
      else expect(readFileSync(path.join(out, "report.md"), "utf8")).toContain("Not yet researched");
    }
    expect(report.codexVersion).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).dependencies["@openai/codex"]);
  });

  it("has no finding without evidence, and every evidence file exists", () => {
    for (const finding of report.directions.flatMap((d) => d.findings)) {
      expect(finding.evidence.length).toBeGreaterThan(0);
      for (const evidence of finding.evidence) if (evidence.path) expect(existsSync(path.join(out, evidence.path)), evidence.path).toBe(true);
    }
  });

  it("never writes a secret from its environment: the canary reached the evidence only redacted", () => {
    const written = [result.stdout, result.stderr, ...filesUnder(out).map((file) => readFileSync(file, "utf8"))].join("\n");
    expect(written).not.toContain(CANARY);
    expect(written).not.toContain(AMBIENT_FIXTURE_KEY);
    expect(written).toContain(`<redacted:${hashPrefix(CANARY)}>`);
  });

  it("leaves the ambient ~/.codex byte-identical", () => {
    expect(fingerprint(path.join(f.home, ".codex"))).toEqual(ambientBefore);
  });

  it("report.html opens in headless Chromium: no console errors, all directions, every evidence link resolves", async () => {
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(`file://${path.join(out, "report.html")}`);
      for (const direction of DIRECTIONS) await expect(page.locator(`#direction-${direction.id}`).count()).resolves.toBe(1);
      const links = await page.locator("details a[href]").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")!));
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(existsSync(path.join(out, decodeURI(href))), href).toBe(true);
      expect(await page.locator("svg").count()).toBeGreaterThan(0);
      mkdirSync(path.join(REPO_ROOT, ".test-artifacts"), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, ".test-artifacts", "lab-report.png"), fullPage: false });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("lab bad input", () => {
  it.each([
    ["--only nosuch", ["lab", "--only", "nosuch"], /--only: unknown direction "nosuch"/],
    ["--only with a bad id among good ones", ["lab", "--only", "safety,nope"], /--only: unknown direction "nope"/],
  ])("%s", async (_name, args, message) => {
    expectUsageError(await runCli(args, fixtureHome("lab-bad")), message);
  });

  it("--provider openai without credentials refuses before spending anything", async () => {
    const g = fixtureHome("lab-openai");
    expectUsageError(await runCli(["lab", "--provider", "openai", "--out", path.join(g.cwd, "r")], g), /--provider openai: no credentials/);
    expect(existsSync(path.join(g.cwd, "r", "findings.json"))).toBe(false);
  });

  it("an unwritable --out", async () => {
    const g = fixtureHome("lab-bad");
    writeFileSync(path.join(g.cwd, "file"), "x");
    expectUsageError(await runCli(["lab", "--out", path.join(g.cwd, "file", "report")], g), /--out: cannot write to .*file\/report \(ENOTDIR\)/);
  });

  it("--compare on a folder that is not a lab report", async () => {
    const g = fixtureHome("lab-bad");
    expectUsageError(await runCli(["lab", "--compare", g.cwd], g), /--compare: .* is not a lab report \(no findings.json\)/);
    writeFileSync(path.join(g.cwd, "findings.json"), '{"not":"a report"}');
    expectUsageError(await runCli(["lab", "--compare", g.cwd], g), /--compare: .*findings.json is not a lab report/);
  });
});
