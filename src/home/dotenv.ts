// `CODEX_HOME/.env`: Codex (0.171.0, dotenvy) loads it into its own environment as it starts, each
// variable the environment does not already hold, so what it names (BASH_ENV, GIT_CONFIG_GLOBAL,
// LD_PRELOAD ...) steers the programs Codex runs on the host and the commands it runs (red team 27,
// measured). Read here as dotenvy reads it, so the gate can judge the environment Codex really gets.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Above this the file is read no further than this (a variable past it is not judged). */
const MAX_BYTES = 1024 * 1024;

/** `$NAME` and `${NAME}` replaced from the variables set so far (the file's earlier lines) and the
 *  environment, as dotenvy substitutes in unquoted and double-quoted values. */
function substitute(value: string, known: (name: string) => string | undefined): string {
  return value.replace(/\\?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => {
    if (whole.startsWith("\\")) return whole.slice(1);
    return known((braced ?? bare)!) ?? "";
  });
}

/** The variables a `.env` text sets, in order (a later line wins), read as dotenvy 0.15 reads them:
 *  `[export ]NAME=value`, `#` comments, single quotes literal, double quotes with escapes and
 *  substitution, an unquoted value up to a ` #` comment, substituted. Lines it cannot read are skipped
 *  (dotenvy stops there; reading on can only judge more). */
export function parseDotenv(text: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const known = (name: string) => env[name] ?? out[name];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(lines[i]!);
    if (!match) continue;
    const name = match[1]!;
    let rest = match[2]!;
    let value: string;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value may run over several lines.
      let body = rest.slice(1);
      let end = findClosing(body, quote);
      while (end < 0 && i + 1 < lines.length) {
        body += `\n${lines[++i]!}`;
        end = findClosing(body, quote);
      }
      body = end < 0 ? body : body.slice(0, end);
      value = quote === "'" ? body : substitute(body.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c), known);
    } else {
      rest = rest.replace(/\s+#.*$/, "").trim();
      value = substitute(rest, known);
    }
    out[name] = value;
  }
  return out;
}

function findClosing(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\" && quote === '"') i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

/** What `home`'s `.env` adds to `env` as Codex loads it: the variables `env` does not hold (dotenvy
 *  never overrides). Empty when there is no such file (or it is no regular file: Codex reads nothing
 *  from a folder, and we do not open a FIFO). */
export function homeDotenvAdditions(home: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const file = path.join(home, ".env");
  let text: string;
  try {
    if (!statSync(file).isFile()) return {};
    text = readFileSync(file).subarray(0, MAX_BYTES).toString("utf8");
  } catch {
    return {};
  }
  return Object.fromEntries(Object.entries(parseDotenv(text, env)).filter(([name]) => env[name] === undefined));
}
