// One `codex-headless lab` run serves every lab test in the suite. The experiments take minutes; run
// once per experiment test and again for the lab command's own test, the suite paid for them twice.
// The first test file to ask runs the lab (a directory made atomically is the lock); the others, in
// other worker processes, wait for its result file. The run is the README's main job, as a user runs
// it: the CLI, a fixture HOME with an ambient ~/.codex, and a secret canary in the environment.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { fingerprint } from "../../src/home/fingerprint.js";
import { findingSchema, findingsFileSchema, type Finding, type FindingsFile } from "../../src/lab/findings.js";
import { runCli, type CliResult } from "./cli.js";
import { fixtureHome, type FixtureHome } from "./fixture-home.js";
import { TEST_CACHE, WORK_ROOT } from "./paths.js";

export const AMBIENT_FIXTURE_KEY = "sk-ambient-fixture-key-000000000000";
const ROOT = path.join(WORK_ROOT, "shared-lab");
const LOCK = path.join(ROOT, "lock");
const RESULT = path.join(ROOT, "result.json");
/** The lab's budget in the suite; CODEX_HEADLESS_TEST_LAB_WAIT_MS raises it on a machine shared with
 *  other work (on a loaded 2-core machine the lab alone took over 520 s, 429 s in CI). */
const WAIT_MS = Number(process.env.CODEX_HEADLESS_TEST_LAB_WAIT_MS) || 540_000;
/** For a test that reads the shared run: long enough to wait for the whole of it. */
export const LAB_TEST_TIMEOUT_MS = WAIT_MS + 60_000;

export interface SharedLab {
  fixture: FixtureHome;
  out: string;
  result: CliResult;
  canary: string;
  ambientBefore: string[];
}

async function runOnce(): Promise<void> {
  const fixture = fixtureHome("lab");
  const ambient = path.join(fixture.home, ".codex");
  mkdirSync(path.join(ambient, "sessions"), { recursive: true });
  writeFileSync(path.join(ambient, "config.toml"), 'model = "gpt-ambient"\n');
  writeFileSync(path.join(ambient, "auth.json"), JSON.stringify({ OPENAI_API_KEY: AMBIENT_FIXTURE_KEY }));
  chmodSync(path.join(ambient, "auth.json"), 0o600);
  const ambientBefore = fingerprint(ambient);
  const canary = `canary-lab-${randomBytes(8).toString("hex")}`;
  const out = path.join(fixture.cwd, "lab-report");
  let result: CliResult;
  try {
    result = await runCli(["lab", "--out", out], { ...fixture, env: { ...fixture.env, CANARY_API_TOKEN: canary, CODEX_HEADLESS_CACHE_DIR: TEST_CACHE }, deadlineMs: WAIT_MS - 20_000 });
  } catch (error) {
    result = { code: null, stdout: "", stderr: String(error), ms: 0 };
  }
  const shared: SharedLab = { fixture, out, result, canary, ambientBefore };
  writeFileSync(`${RESULT}.part`, JSON.stringify(shared));
  // Renamed into place whole, so a waiting reader never sees half a file.
  renameSync(`${RESULT}.part`, RESULT);
}

/** The shared lab run: started by the first caller, awaited by the rest. */
export async function sharedLab(): Promise<SharedLab> {
  mkdirSync(ROOT, { recursive: true });
  let owner = false;
  try {
    mkdirSync(LOCK);
    owner = true;
  } catch {
    // someone else runs it
  }
  if (owner) await runOnce();
  const until = Date.now() + WAIT_MS;
  while (!existsSync(RESULT)) {
    if (Date.now() > until) throw new Error(`the shared lab run did not finish within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return JSON.parse(readFileSync(RESULT, "utf8")) as SharedLab;
}

/** The shared run's findings, each checked for shape and for evidence files that exist. */
export async function sharedLabFindings(): Promise<{ findings: Finding[]; outDir: string; report: FindingsFile }> {
  const lab = await sharedLab();
  expect(lab.result.code, lab.result.stderr).toBe(0);
  const report = findingsFileSchema.parse(JSON.parse(readFileSync(path.join(lab.out, "findings.json"), "utf8")));
  const findings = report.directions.flatMap((d) => d.findings);
  for (const finding of findings) {
    findingSchema.parse(finding);
    for (const evidence of finding.evidence) if (evidence.path) expect(existsSync(path.join(lab.out, evidence.path)), evidence.path).toBe(true);
  }
  return { findings, outDir: lab.out, report };
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
