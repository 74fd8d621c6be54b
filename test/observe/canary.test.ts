// Plants distinct secrets where a real run meets them — the environment, a home's auth.json, a file a
// tool reads, the prompt — makes them flow through Codex and the mock, and greps everything we wrote.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashPrefix } from "../../src/observe/redact.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { NOT_SECRETS, SECRET_CORPUS } from "./secret-corpus.js";

function everyFile(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? everyFile(full) : [full];
  });
}

describe("secret canaries", () => {
  it("never appear in stdout, stderr or the record, and each one was really seen and redacted", async () => {
    const f = fixtureHome("canary");
    const canary = (label: string) => `canary-${label}-${randomBytes(8).toString("hex")}`;
    const secrets = { env: canary("env"), auth: canary("auth"), file: canary("file"), prompt: canary("prompt") };
    // Beside the workspace: a home a sandboxed run could write is refused.
    const codexHome = path.join(path.dirname(f.cwd), "codex-home");
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(path.join(codexHome, "auth.json"), JSON.stringify({ OPENAI_API_KEY: secrets.auth }), { mode: 0o600 });
    writeFileSync(path.join(f.cwd, "secrets.env"), `SERVICE_PASSWORD=${secrets.file}\n`);
    const command = `cat "$CODEX_HOME/auth.json"; echo; cat secrets.env; env | grep CANARY_`;
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(
      ["run", "--provider", "mock", "--scenario", "shell", "--scenario-option", `command=${command}`, "--home", codexHome, "--record", recordDir, "--json", `deploy with DEPLOY_TOKEN=${secrets.prompt}`],
      { ...f, env: { ...f.env, CANARY_API_TOKEN: secrets.env } },
    );
    expect(result.code).toBe(0);
    const written = [result.stdout, result.stderr, ...everyFile(recordDir).map((file) => readFileSync(file, "utf8"))].join("\n");
    for (const [where, secret] of Object.entries(secrets)) {
      expect(written, `the ${where} canary leaked`).not.toContain(secret);
      // It reached what we wrote (through Codex, the tool and the mock) and was replaced there.
      expect(written, `the ${where} canary never reached the record`).toContain(`<redacted:${hashPrefix(secret)}>`);
    }
  });
});

describe("the secret-format corpus through a real run", () => {
  it("each format, placed in the environment, a file the tool prints, the prompt and a -c value: 0 occurrences in anything written", async () => {
    const f = fixtureHome("corpus");
    const lines = SECRET_CORPUS.map((entry) => entry.text);
    writeFileSync(path.join(f.cwd, "notes.txt"), `${lines.join("\n")}\n${NOT_SECRETS.join("\n")}\n`);
    // Neutral names: only the value's format says it is secret.
    const env = Object.fromEntries(SECRET_CORPUS.map((entry, i) => [`CORPUS_${i}`, entry.text]));
    const recordDir = path.join(path.dirname(f.cwd), "rec-corpus");
    const configEntry = SECRET_CORPUS.find((entry) => entry.name.includes("-c value"))!;
    const result = await runCli(
      ["run", "--provider", "mock", "--scenario", "shell", "--scenario-option", "command=cat notes.txt; env | grep CORPUS_", "-c", configEntry.text, "--record", recordDir, "--json", `check these:\n${lines.join("\n")}`],
      { ...f, env: { ...f.env, ...env } },
    );
    expect(result.code, result.stderr).toBe(0);
    const written = [result.stdout, result.stderr, ...everyFile(recordDir).map((file) => readFileSync(file, "utf8"))].join("\n");
    for (const entry of SECRET_CORPUS) { const at = written.indexOf(entry.secret); expect(at, `${entry.name} leaked: ${written.slice(Math.max(0, at - 200), at + 60)}`).toBe(-1); }
    // The tool really printed the file (its thread id and fingerprint lines survive redaction).
    for (const kept of NOT_SECRETS) expect(written).toContain(kept);
  });
});
