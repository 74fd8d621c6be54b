// Can a temporary or per-repository Codex home keep usable authentication while the user's own home stays
// untouched? Each auth mode runs against a fixture ambient home holding an API-key auth.json; the mock
// accepts only that key (checked by hash), and the ambient home is fingerprinted before and after.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AUTH_MODES, type AuthMode } from "../../../codex/vocabulary.js";
import { fingerprint } from "../../../home/fingerprint.js";
import { isUnder } from "../../../core/paths.js";
import { sha256Hex } from "../../../mock/capture.js";
import type { Experiment, LabContext, LabFixture } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";
import { FEW_RETRIES } from "../../../mock/provider-config.js";

const KEY = "sk-lab-isolation-fixture-key-7d2a";
const MODES: AuthMode[] = [...AUTH_MODES];
// Few retries: an unauthenticated run is retried 5 times by default, which proves nothing more.

function ambientFixture(ctx: LabContext, name: string): LabFixture & { ambient: string } {
  const fixture = ctx.fixture(name);
  const ambient = path.join(fixture.home, ".codex");
  mkdirSync(ambient, { recursive: true });
  writeFileSync(path.join(ambient, "auth.json"), JSON.stringify({ OPENAI_API_KEY: KEY }));
  chmodSync(path.join(ambient, "auth.json"), 0o600);
  return { ...fixture, env: { ...fixture.env, CODEX_API_KEY: KEY }, ambient };
}

/** The paths whose entry (mode, mtime, content) differs between two fingerprints of one folder. */
export function changedPaths(before: string[], after: string[]): string[] {
  const name = (line: string) => line.split(" ")[0]!;
  const a = new Set(before);
  const b = new Set(after);
  return [...new Set([...before.filter((line) => !b.has(line)), ...after.filter((line) => !a.has(line))].map(name))].sort();
}

/** The repo-home answer: the runs, where the home lay, and the working tree as measured before the
 *  first run and after the second (never assumed unchanged from where the home lay). */
export function repoHomeAnswer(r: { first: string; second: string; resumed: boolean; sameHome: boolean; outside: boolean; treeChanged: string[] }): string {
  const holds = r.first === "ok" && r.resumed && r.sameHome && r.outside;
  const tree = r.treeChanged.length
    ? `the working tree changed between before the first run and after the second: ${r.treeChanged.slice(0, 8).join(", ")}${r.treeChanged.length > 8 ? ` … (${r.treeChanged.length})` : ""}`
    : "the working tree was the same before the first run and after the second (every path, mode, mtime and content)";
  return `${holds ? "Yes" : "No"}: first run ${r.first}, second run ${r.second}${r.resumed ? " and it resumed the first run's thread (the model saw both prompts)" : ""}; both runs used ${r.sameHome ? "the same home" : "different homes"}, ${r.outside ? "outside the repository (in codex-headless's state directory, keyed by the repository's path)" : "inside the repository"}; ${tree}. One pair of runs.`;
}

export const isolationAuth: Experiment = {
  id: "isolation-auth",
  direction: "isolation",
  title: "Isolated and per-repository homes that still authenticate",
  async run(ctx): Promise<Finding[]> {
    const rows: NonNullable<Finding["table"]> = [];
    const evidence: Evidence[] = [];
    let untouched = 0;
    for (const mode of MODES) {
      ctx.progress(`auth ${mode}`);
      const fixture = ambientFixture(ctx, `auth-${mode}`);
      const before = fingerprint(fixture.ambient);
      const { record, evidence: e } = await ctx.run(`auth-${mode}`, { prompt: "hi", scenario: "hello", home: "isolated", auth: mode, config: FEW_RETRIES }, fixture);
      const same = JSON.stringify(fingerprint(fixture.ambient)) === JSON.stringify(before);
      if (same) untouched += 1;
      evidence.push(e);
      rows.push({
        auth: mode,
        outcome: record.outcome,
        token_seen: record.provider.requests.some((r) => r.bearerSha256 === sha256Hex(KEY)) ? "the right key" : record.provider.requests.some((r) => r.bearerSha256) ? "another key" : "none",
        ambient_unchanged: same,
        isolated_home_removed: !existsSync(record.home.path),
      });
    }
    const working = rows.filter((row) => row.outcome === "ok" && row.token_seen === "the right key").map((row) => row.auth);
    const findings: Finding[] = [
      {
        id: "isolation-auth-modes",
        question: "Does an isolated (temporary, 0700, outside the temp dir) CODEX_HOME keep usable authentication, per auth mode?",
        answer: `${working.length === 4 && untouched === MODES.length ? "Yes" : "No"}: authenticated with the right key in ${working.length} of ${MODES.length} modes (${working.join(", ") || "none"}); \`none\` ${rows.find((r) => r.auth === "none")?.outcome === "ok" ? "unexpectedly succeeded" : "fails with a clear not-authenticated error"}. The ambient home was byte-identical after ${untouched} of ${MODES.length} runs, and every isolated home was removed afterwards: work need not depend on the ambient home.`,
        status: working.length === 4 && untouched === MODES.length ? "confirmed" : "refuted",
        table: rows,
        evidence,
      },
    ];

    // The repository's home: reusable across runs, and kept where the run's sandbox cannot write it
    // (in the repository, a command could plant configuration the next run executes unsandboxed).
    ctx.progress("repo home");
    const repo = ambientFixture(ctx, "repo-home");
    mkdirSync(path.join(repo.cwd, ".git"), { recursive: true });
    const treeBefore = fingerprint(repo.cwd);
    const first = await ctx.run("repo-home-first", { prompt: "first", scenario: "multi-turn", home: "repo", auth: "copy" }, repo);
    const second = await ctx.run("repo-home-second", { prompt: "second", scenario: "multi-turn", home: "repo", auth: "copy", resumeThreadId: first.record.threadId }, repo);
    const repoHome = first.record.home.path;
    const sameHome = second.record.home.path === repoHome;
    const outside = !isUnder(repoHome, repo.cwd) && !existsSync(path.join(repo.cwd, ".codex-home"));
    const listing = ctx.evidence("repo-home-files.json", "home-listing", "files in the repository's home after two runs", fingerprint(repoHome).map((line) => line.split(" ")[0]));
    const resumed = second.record.outcome === "ok" && second.record.finalResponse.startsWith("Turn 2:");
    const treeChanged = changedPaths(treeBefore, fingerprint(repo.cwd));
    findings.push({
      id: "isolation-repo-home",
      question: "Can the repository's home (--home repo) keep usable auth and a thread across separate runs, while staying out of the repository, where a sandboxed command could write it?",
      answer: repoHomeAnswer({ first: first.record.outcome, second: second.record.outcome, resumed, sameHome, outside, treeChanged }),
      status: first.record.outcome === "ok" && resumed && sameHome && outside ? "confirmed" : "refuted",
      evidence: [first.evidence, second.evidence, listing],
    });
    return findings;
  },
};
