// What carrying a ChatGPT login (not an API key) into another home does to it. Codex refreshes a stale
// login against the endpoint CODEX_REFRESH_TOKEN_URL_OVERRIDE names — here our mock token endpoint,
// whose refresh tokens work once like the real ones — and writes the new tokens into its home's
// auth.json. Always offline: the mock model only accepts access tokens that endpoint issued.
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { installLogin, REFRESH_URL_ENV, type ChatgptLogin, type TokenEndpoint } from "../../../mock/token-endpoint.js";
import type { RunRecord } from "../../../run/record.js";
import type { Experiment, LabContext, LabFixture } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

const CONCURRENT = 3;

interface LoginFixture extends LabFixture {
  authFile: string;
}

function loginFixture(ctx: LabContext, name: string, login: ChatgptLogin, endpoint: TokenEndpoint): LoginFixture {
  const fixture = ctx.fixture(name);
  const authFile = installLogin(path.join(fixture.home, ".codex"), login);
  return { ...fixture, env: { ...fixture.env, [REFRESH_URL_ENV]: endpoint.url }, authFile };
}

const refreshTokenOf = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { tokens: { refresh_token: string } }).tokens.refresh_token;

/** The table's two columns about the source auth.json after a case ran. */
function sourceState(file: string, login: ChatgptLogin): Record<string, boolean> {
  const stat = lstatSync(file);
  return { "source holds the new tokens": refreshTokenOf(file) !== login.refreshToken, "source still 0600 regular file": stat.isFile() && (stat.mode & 0o777) === 0o600 };
}

/** What the three cases measured, as counts: the answer is built from these alone. */
export interface CarryOverCounts {
  link: { ok: boolean; issued: number; reused: number; sourceUpdated: boolean; sourcePrivate: boolean };
  copy: { sourceSpent: boolean; outcomes: string };
  concurrent: { ok: number; n: number; issued: number; reused: number; outcomes: string };
}

/** The carry-over answer: each case with its run count (k of n), nothing about how Codex got on that
 *  the runs did not show. */
export function carryOverAnswer(c: CarryOverCounts): { holds: boolean; answer: string } {
  const linkWorks = c.link.ok && c.link.sourceUpdated;
  const concurrentOk = c.concurrent.ok === c.concurrent.n;
  const holds = linkWorks && c.copy.sourceSpent && concurrentOk;
  const calls = (issued: number, reused: number) => `${issued} refresh${issued === 1 ? "" : "es"} issued, ${reused} refused as reused`;
  return {
    holds,
    answer: [
      holds ? "Yes." : "No.",
      linkWorks
        ? `Link worked in 1 of 1 run: Codex refreshed the stale login (${calls(c.link.issued, c.link.reused)}) and the new tokens landed through the symlink in the source auth.json, which ${c.link.sourcePrivate ? "stayed" : "did not stay"} a private regular file.`
        : `Link did not work as expected in its 1 run (run ${c.link.ok ? "ok" : "failed"}, source ${c.link.sourceUpdated ? "updated" : "not updated"}; ${calls(c.link.issued, c.link.reused)}).`,
      c.copy.sourceSpent
        ? `A copy does not (1 run each of the copy and the source): the copy refreshed first, spending the refresh token the source still held; the source's next run was refused and failed (${c.copy.outcomes}). So codex-headless refuses --auth copy for ChatGPT logins and recommends link.`
        : `A copy did not leave the source stale in its 1 run (${c.copy.outcomes}).`,
      concurrentOk
        ? `${c.concurrent.ok} of ${c.concurrent.n} concurrent linked runs on one stale login succeeded (${calls(c.concurrent.issued, c.concurrent.reused)}).`
        : `${c.concurrent.ok} of ${c.concurrent.n} concurrent linked runs on one stale login succeeded (${c.concurrent.outcomes}; ${calls(c.concurrent.issued, c.concurrent.reused)}): concurrent runs need a lock around the refresh.`,
    ].join(" "),
  };
}

export const isolationChatgptRefresh: Experiment = {
  id: "isolation-chatgpt-refresh",
  direction: "isolation",
  title: "A ChatGPT login carried into another home: refresh, copy and link",
  async run(ctx): Promise<Finding[]> {
    // Both servers are closed by the context when the experiment ends.
    const endpoint = await ctx.tokenEndpoint();
    const mock = await ctx.mock({ scenario: "hello", expectedBearerSha256: (sha) => endpoint.accepts(sha) });
    const linked = (name: string, fixture: LoginFixture) =>
      ctx.run(name, { prompt: "hi", provider: "mock", scenario: "hello", home: "isolated", auth: "link", timeoutMs: 60_000 }, fixture, { mock, env: fixture.env });
    const evidence: Evidence[] = [];
    const rows: NonNullable<Finding["table"]> = [];
    const callCounts = (start: number) => {
      const calls = endpoint.calls.slice(start);
      return { issued: calls.filter((c) => c.outcome === "issued").length, reused: calls.filter((c) => c.outcome === "reused").length };
    };
    const describeCalls = (start: number) => {
      const { issued, reused } = callCounts(start);
      return `${issued} issued, ${reused} refused as reused`;
    };
    const outcomes = (records: RunRecord[]) => records.map((r) => (r.outcome === "ok" ? "ok" : `${r.outcome}: ${r.failure?.message ?? r.reason ?? ""}`)).join("; ");

    // 1. Link: the refreshed tokens land in the source, through the symlink.
    ctx.progress("link, stale login");
    const linkLogin = endpoint.login({ stale: true });
    const linkHome = loginFixture(ctx, "link", linkLogin, endpoint);
    let start = endpoint.calls.length;
    const link = await linked("link", linkHome);
    evidence.push(link.evidence);
    const linkSource = sourceState(linkHome.authFile, linkLogin);
    const linkSourceUpdated = linkSource["source holds the new tokens"]!;
    rows.push({ case: "link (symlink to the source auth.json)", runs: outcomes([link.record]), refreshes: describeCalls(start), ...linkSource });
    const linkCalls = callCounts(start);

    // 2. A copy: another home with the same tokens refreshes first; then the source runs.
    ctx.progress("copy, then the source");
    const copyLogin = endpoint.login({ stale: true });
    const source = loginFixture(ctx, "copy-source", copyLogin, endpoint);
    const copy = loginFixture(ctx, "copy", copyLogin, endpoint);
    start = endpoint.calls.length;
    const copyRun = await linked("copy-refreshes", copy);
    const sourceRun = await linked("source-after-copy", source);
    evidence.push(copyRun.evidence, sourceRun.evidence);
    const copySource = sourceState(source.authFile, copyLogin);
    const sourceSpent = !copySource["source holds the new tokens"] && sourceRun.record.outcome !== "ok";
    rows.push({ case: "copy (the copy runs first, then the source)", runs: outcomes([copyRun.record, sourceRun.record]), refreshes: describeCalls(start), ...copySource });

    // 3. Concurrent linked runs on one stale login.
    ctx.progress(`${CONCURRENT} concurrent linked runs`);
    const sharedLogin = endpoint.login({ stale: true });
    const shared = loginFixture(ctx, "concurrent", sharedLogin, endpoint);
    start = endpoint.calls.length;
    const together = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => linked(`concurrent-${i + 1}`, shared)));
    evidence.push(...together.map((r) => r.evidence));
    rows.push({ case: `${CONCURRENT} concurrent linked runs`, runs: outcomes(together.map((r) => r.record)), refreshes: describeCalls(start), ...sourceState(shared.authFile, sharedLogin) });

    evidence.push(ctx.evidence("token-endpoint-calls.json", "capture", "every refresh request the mock token endpoint received (token hashes only)", endpoint.calls.map((c) => ({ ...c, refreshTokenSha256: c.refreshTokenSha256.slice(0, 12) }))));
    const concurrentCalls = callCounts(start);
    const { holds, answer } = carryOverAnswer({
      link: { ok: link.record.outcome === "ok", ...linkCalls, sourceUpdated: linkSourceUpdated, sourcePrivate: linkSource["source still 0600 regular file"]! },
      copy: { sourceSpent, outcomes: outcomes([copyRun.record, sourceRun.record]) },
      concurrent: { ok: together.filter((r) => r.record.outcome === "ok").length, n: CONCURRENT, ...concurrentCalls, outcomes: outcomes(together.map((r) => r.record)) },
    });
    return [
      {
        id: "chatgpt-login-carry-over",
        question: "Does linking auth.json carry a ChatGPT login (single-use refresh tokens) into an isolated home without leaving the user's own login stale, where a copy does leave it stale?",
        answer,
        status: holds ? "confirmed" : "refuted",
        conditions: `mock model and mock token endpoint (refresh tokens work once); one run per case, ${CONCURRENT} in the concurrent case`,
        table: rows,
        evidence,
      },
    ];
  },
};
