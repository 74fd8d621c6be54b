// The LabContext an experiment gets: fixture homes that are never the user's, runs through the same
// runner as `run`, and evidence files under the report folder.
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { isUnderTempDir, stateDir } from "../core/paths.js";
import { Redactor } from "../observe/redact.js";
import { runOnce } from "../run/runner.js";
import type { Evidence, NotMeasured } from "./findings.js";
import type { LabContext, LabFixture } from "./experiment.js";
import type { Provider } from "../codex/vocabulary.js";
import { writeFileReplacing } from "../core/safe-fs.js";

export interface LabContextOptions {
  outDir: string;
  experimentId: string;
  provider: Provider;
  codex: string;
  progress?: (message: string) => void;
  /** Where fixture homes are made; default: a work folder beside the report, outside the temp dir. */
  workRoot?: string;
  /** The environment fixtures start from (default: process.env minus credentials). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Where skipped variants are collected for the report. */
  notMeasured?: NotMeasured[];
}

/** Fixture homes must not live under the temp dir (Codex refuses helper binaries there). */
export function labWorkRoot(outDir: string): string {
  return isUnderTempDir(outDir) ? path.join(stateDir(), "lab-work") : path.join(path.resolve(outDir), ".work");
}

const CREDENTIAL_VARS = ["OPENAI_API_KEY", "CODEX_API_KEY", "CODEX_HOME", "CODEX_HEADLESS_STATE_DIR", "XDG_STATE_HOME"];

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "item";
}

export function createLabContext(options: LabContextOptions): LabContext {
  const outDir = path.resolve(options.outDir);
  const evidenceDir = path.join(outDir, "evidence", options.experimentId);
  const workRoot = path.join(options.workRoot ?? labWorkRoot(outDir), options.experimentId);
  const redactor = new Redactor();
  redactor.addSecretsFromEnv(options.baseEnv ?? process.env);

  const write = (name: string, content: unknown): string => {
    mkdirSync(evidenceDir, { recursive: true });
    const file = path.join(evidenceDir, safeName(name));
    const text = typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`;
    // The lab's runs may write near the report (with the real provider, any command): never through a link.
    writeFileReplacing(file, redactor.redactString(text));
    return path.relative(outDir, file);
  };

  const context: LabContext = {
    provider: options.provider,
    codex: options.codex,
    outDir,
    fixture(name) {
      mkdirSync(workRoot, { recursive: true });
      const root = mkdtempSync(path.join(workRoot, `${safeName(name)}-`));
      const home = path.join(root, "home");
      const cwd = path.join(root, "work");
      const tmp = path.join(root, "tmp");
      for (const dir of [home, cwd, tmp]) mkdirSync(dir, { recursive: true });
      const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env), HOME: home, TMPDIR: tmp, CODEX_HEADLESS_STATE_DIR: path.join(root, "state") };
      // Mock runs never see real credentials; real-provider runs keep the API key variables only.
      for (const name of CREDENTIAL_VARS) {
        if (name === "CODEX_HEADLESS_STATE_DIR") continue;
        if (options.provider === "openai" && (name === "OPENAI_API_KEY" || name === "CODEX_API_KEY")) continue;
        delete env[name];
      }
      return { home, cwd, env } satisfies LabFixture;
    },
    async run(name, spec, fixture, hooks = {}) {
      const record = await runOnce({ provider: options.provider, codex: options.codex, cwd: fixture.cwd, ...spec }, { ...hooks, env: hooks.env ?? fixture.env });
      const file = write(`${name}.record.json`, record);
      return { record, evidence: { kind: "record", summary: `${name}: ${record.outcome}, exit ${String(record.exitCode)}`, path: file } };
    },
    evidence(name, kind, summary, content): Evidence {
      return { kind, summary, path: write(name, content) };
    },
    progress(message) {
      options.progress?.(`${options.experimentId}: ${message}`);
    },
    skip(variant, why) {
      options.progress?.(`${options.experimentId}: ${variant} skipped, needs ${why.missing}`);
      options.notMeasured?.push({ experiment: options.experimentId, variant, ...why });
    },
  };
  return context;
}
