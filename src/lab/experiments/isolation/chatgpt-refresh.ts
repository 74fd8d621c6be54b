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
    const describeCalls = (start: number) => {
      const calls = endpoint.calls.slice(start);
      return `${calls.filter((c) => c.outcome === "issued").length} issued, ${calls.filter((c) => c.outcome === "reused").length} refused as reused`;
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
    const concurrentOk = together.every((r) => r.record.outcome === "ok");
    rows.push({ case: `${CONCURRENT} concurrent linked runs`, runs: outcomes(together.map((r) => r.record)), refreshes: describeCalls(start), ...sourceState(shared.authFile, sharedLogin) });

    evidence.push(ctx.evidence("token-endpoint-calls.json", "capture", "every refresh request the mock token endpoint received (token hashes only)", endpoint.calls.map((c) => ({ ...c, refreshTokenSha256: c.refreshTokenSha256.slice(0, 12) }))));
    const linkWorks = link.record.outcome === "ok" && linkSourceUpdated;
    return [
      {
        id: "chatgpt-login-carry-over",
        question: "Does linking auth.json carry a ChatGPT login (single-use refresh tokens) into an isolated home without leaving the user's own login stale, where a copy does leave it stale?",
        answer: [
          linkWorks && sourceSpent && concurrentOk ? "Yes." : "No.",
          linkWorks
            ? "Link works: Codex refreshed the stale login once and wrote the new tokens through the symlink into the source auth.json, which stayed a private regular file."
            : `Link did not work as expected (${outcomes([link.record])}).`,
          sourceSpent
            ? `A copy does not: the copy refreshed first, spending the refresh token the source still holds; the source's next run was refused ("refresh token was already used") and failed (${sourceRun.record.failure?.kind ?? sourceRun.record.outcome}). So codex-headless refuses --auth copy for ChatGPT logins and recommends link; no write-back is needed.`
            : `A copy did not leave the source stale here (${outcomes([copyRun.record, sourceRun.record])}).`,
          concurrentOk
            ? `${CONCURRENT} concurrent linked runs all succeeded (${describeCalls(start)}): a run told its token was already used re-reads auth.json, finds the winner's tokens and goes on, sometimes after one 401 with its expired token.`
            : `${CONCURRENT} concurrent linked runs: ${outcomes(together.map((r) => r.record))}; concurrent runs need a lock around the refresh.`,
        ].join(" "),
        status: linkWorks && sourceSpent && concurrentOk ? "confirmed" : "refuted",
        table: rows,
        evidence,
      },
    ];
  },
};
