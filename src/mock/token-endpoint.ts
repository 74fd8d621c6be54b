// A stand-in for the OAuth token endpoint Codex refreshes a ChatGPT login against; Codex reads its
// address from CODEX_REFRESH_TOKEN_URL_OVERRIDE. Like the real one, a refresh token works once: a
// second use is answered with the error code Codex reports as "already used". Tokens are fake,
// unsigned JWTs (Codex reads their claims, it does not verify them); none is ever recorded in clear.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { sha256Hex } from "./server.js";

export const REFRESH_URL_ENV = "CODEX_REFRESH_TOKEN_URL_OVERRIDE";
const ACCOUNT_ID = "codex-headless-mock-account";
/** Codex refreshes a login whose access token has expired, or whose last refresh is older than this. */
const STALE_AFTER_DAYS = 8;

export interface RefreshCall {
  refreshTokenSha256: string;
  /** Why Codex refreshed, as it says in the request (e.g. proactive_expiry). */
  reason?: string;
  outcome: "issued" | "reused" | "unknown";
  atMs: number;
}

export interface ChatgptLogin {
  /** auth.json content, as `codex login` writes it for a ChatGPT account. */
  authJson: string;
  refreshToken: string;
  accessToken: string;
}

export interface TokenEndpoint {
  url: string;
  calls: RefreshCall[];
  /** A new login this endpoint will honour; `stale` makes Codex refresh it before its first request. */
  login(options?: { stale?: boolean }): ChatgptLogin;
  /** Whether a bearer token (by hash) is an unexpired access token this endpoint handed out. */
  accepts(bearerSha256: string | undefined): boolean;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const fakeJwt = (claims: Record<string, unknown>) => `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.unsigned`;
const authClaims = { chatgpt_plan_type: "plus", chatgpt_account_id: ACCOUNT_ID, chatgpt_user_id: "codex-headless-mock-user" };

function tokenSet(expiresAtS: number): { id_token: string; access_token: string; refresh_token: string } {
  const nonce = randomBytes(8).toString("hex");
  return {
    id_token: fakeJwt({ email: "mock@codex-headless.invalid", exp: expiresAtS, "https://api.openai.com/auth": authClaims }),
    access_token: fakeJwt({ exp: expiresAtS, nonce, "https://api.openai.com/auth": authClaims }),
    refresh_token: `mock-refresh-${nonce}`,
  };
}

function parseBody(raw: string): Record<string, string> {
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

export async function startTokenEndpoint(): Promise<TokenEndpoint> {
  const liveRefresh = new Set<string>();
  const usedRefresh = new Set<string>();
  const accessExpiry = new Map<string, number>();
  const calls: RefreshCall[] = [];
  const nowS = () => Math.floor(Date.now() / 1000);

  const issue = (expiresAtS: number) => {
    const tokens = tokenSet(expiresAtS);
    liveRefresh.add(tokens.refresh_token);
    accessExpiry.set(sha256Hex(tokens.access_token), expiresAtS);
    return tokens;
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const body = parseBody(raw);
      const token = body.refresh_token ?? "";
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      const call = { refreshTokenSha256: sha256Hex(token), ...(body.refresh_reason ? { reason: body.refresh_reason } : {}), atMs: Date.now() };
      if (liveRefresh.has(token)) {
        liveRefresh.delete(token);
        usedRefresh.add(token);
        calls.push({ ...call, outcome: "issued" });
        reply(200, issue(nowS() + 3600));
      } else if (usedRefresh.has(token)) {
        calls.push({ ...call, outcome: "reused" });
        reply(401, { error: { code: "refresh_token_reused", message: "mock: this refresh token was already used" } });
      } else {
        calls.push({ ...call, outcome: "unknown" });
        reply(401, { error: { code: "refresh_token_invalidated", message: "mock: unknown refresh token" } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    calls,
    login({ stale = false } = {}) {
      const tokens = issue(stale ? nowS() - 60 : nowS() + 3600);
      const lastRefresh = new Date(Date.now() - (stale ? STALE_AFTER_DAYS + 1 : 0) * 86_400_000).toISOString();
      const authJson = `${JSON.stringify({ OPENAI_API_KEY: null, tokens: { ...tokens, account_id: ACCOUNT_ID }, last_refresh: lastRefresh }, null, 2)}\n`;
      return { authJson, refreshToken: tokens.refresh_token, accessToken: tokens.access_token };
    },
    accepts(bearerSha256) {
      const expiry = bearerSha256 ? accessExpiry.get(bearerSha256) : undefined;
      return expiry !== undefined && expiry > nowS();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Puts a login where Codex looks for it: `<codexHome>/auth.json`, private. Returns the file. */
export function installLogin(codexHome: string, login: ChatgptLogin): string {
  mkdirSync(codexHome, { recursive: true });
  const file = path.join(codexHome, "auth.json");
  writeFileSync(file, login.authJson);
  chmodSync(file, 0o600);
  return file;
}
