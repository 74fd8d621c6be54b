// The LabContext an experiment gets: the binary (located once), fixtures that are never the user's,
// runs through the same runner as `run`, the mock provider, bare runs, our CLI and the gate — each
// process spawned through process/spawn.ts, each server closed when the experiment ends — and
// evidence files under the report folder.
import { existsSync, mkdirSync, mkdtempSync, rmdirSync } from "node:fs";
import path from "node:path";
import type { CodexBinary } from "../codex/locate.js";
import type { Provider } from "../codex/vocabulary.js";
import { CodexHeadlessError } from "../core/errors.js";
import { builtCliPath } from "../core/package-root.js";
import { cacheDir, isUnderTempDir, stateDir } from "../core/paths.js";
import { writeFileReplacing } from "../core/safe-fs.js";
import { removeTree } from "../core/tree.js";
import { MOCK_KEY_ENV, MOCK_TOKEN, providerOverrides } from "../mock/provider-config.js";
import { startMockProvider } from "../mock/server.js";
import { startTokenEndpoint } from "../mock/token-endpoint.js";
import { Redactor } from "../observe/redact.js";
import { runCommand } from "../process/spawn.js";
import { runRecordSchema } from "../run/record.js";
import { runOnce } from "../run/runner.js";
import { runSpecSchema } from "../run/spec.js";
import { gateRun } from "../safety/gate.js";
import { probeSandbox } from "../safety/sandbox-probe.js";
import { withAppServer } from "../transport/app-server-requests.js";
import { buildExecArgs } from "../transport/exec-jsonl.js";
import type { BareRun, LabContext, LabFixture } from "./experiment.js";
import { buildFixture } from "./fixture.js";
import type { Evidence, NotMeasured } from "./findings.js";

export interface LabContextOptions {
  outDir: string;
  experimentId: string;
  provider: Provider;
  /** The binary, located once for the whole lab. */
  codex: CodexBinary;
  /** What runs are given as their `codex` (the lab's --codex choice), so that each run's record names
   *  it as `run` would; default the binary's path. */
  codexChoice?: string;
  progress?: (message: string) => void;
  /** Where fixture homes are made; default: a work folder beside the report, outside the temp dir. */
  workRoot?: string;
  /** The environment fixtures start from (default: process.env minus credentials). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Where skipped variants are collected for the report. */
  notMeasured?: NotMeasured[];
}

/** Where labs reporting to `outDir` keep their fixtures: beside the report (`.work`), or in the state
 *  directory when the report is under the temp dir (Codex refuses helper binaries there). */
export function labWorkRoot(outDir: string): string {
  return isUnderTempDir(outDir) ? path.join(stateDir(), "lab-work") : path.join(path.resolve(outDir), ".work");
}

/** A work folder of this lab's own under labWorkRoot, and what removes it. Two labs never share one
 *  (labs reporting to two folders under the temp dir had the same work root, and the first to end
 *  removed the other's fixtures), and removing it leaves whatever else that folder holds (a `.work` of
 *  the user's beside the report was removed whole). The parent goes too when nothing else is in it. */
export function newLabWorkRoot(outDir: string): { root: string; remove(): void } {
  const base = labWorkRoot(outDir);
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(path.join(base, "lab-"));
  return {
    root,
    remove() {
      removeTree(root);
      try {
        rmdirSync(base);
      } catch {
        // Another lab's folder, or the user's files: not ours to remove.
      }
    },
  };
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "item";
}

/** The context and what ends it: `release` closes every server the experiment started through it. */
export function createLabContext(options: LabContextOptions): LabContext & { release(): Promise<void> } {
  const outDir = path.resolve(options.outDir);
  const evidenceDir = path.join(outDir, "evidence", options.experimentId);
  const workRoot = path.join(options.workRoot ?? labWorkRoot(outDir), options.experimentId);
  const codex = options.codex;
  const redactor = new Redactor();
  redactor.addSecretsFromEnv(options.baseEnv ?? process.env);
  const closers: Array<() => Promise<void>> = [];

  /** `close` made safe to call twice (by the experiment, then by release), and registered. */
  const owned = <T extends { close(): Promise<void> }>(server: T): T => {
    const original = server.close.bind(server);
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= original());
    closers.push(close);
    return Object.assign(server, { close });
  };

  const write = (name: string, content: unknown): string => {
    mkdirSync(evidenceDir, { recursive: true });
    const file = path.join(evidenceDir, safeName(name));
    const text = typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`;
    // The lab's runs may write near the report (with the real provider, any command): never through a link.
    writeFileReplacing(file, redactor.redactString(text));
    return path.relative(outDir, file);
  };

  // A bare Codex's CODEX_HOME: the one asked for, or the fixture's own `codex-home`; made if missing.
  const labCodexHome = (fixture: { home: string }, asked: string | undefined): string => {
    const codexHome = asked ?? path.join(fixture.home, "codex-home");
    if (!existsSync(codexHome)) mkdirSync(codexHome, { recursive: true, mode: 0o700 });
    return codexHome;
  };

  const bare: LabContext["bare"] = async (fixture, args, bareOptions) => {
    const codexHome = labCodexHome(fixture, bareOptions.codexHome);
    const env = { ...fixture.env, CODEX_HOME: codexHome, ...bareOptions.env };
    const result = await runCommand(codex.path, args, {
      cwd: bareOptions.cwd ?? fixture.cwd,
      env,
      timeoutMs: bareOptions.timeoutMs,
      ...(bareOptions.input !== undefined ? { input: bareOptions.input } : {}),
      ...(bareOptions.keepStdin ? { keepStdin: true } : {}),
    });
    return { ...result, argv: [codex.path, ...args], codexHome } satisfies BareRun;
  };

  const lab = { name: "codex-headless-lab", title: null, version: "0" };
  const appServer: LabContext["appServer"] = (fixture, use, serverOptions) => {
    const codexHome = labCodexHome(fixture, serverOptions.codexHome);
    return withAppServer(codex.path, { cwd: fixture.cwd, env: { ...fixture.env, CODEX_HOME: codexHome }, clientInfo: lab, timeoutMs: serverOptions.timeoutMs }, use);
  };

  const cliPath = builtCliPath();
  const context: LabContext & { release(): Promise<void> } = {
    provider: options.provider,
    codex,
    outDir,
    fixture(name, fixtureOptions = {}) {
      mkdirSync(workRoot, { recursive: true });
      const root = mkdtempSync(path.join(workRoot, `${safeName(name)}-`));
      // Mock runs never see real credentials; real-provider runs keep the API key variables only.
      // Every fixture shares the lab's own cache (per binary: home templates, the config-key probe),
      // which the runner keeps out of every sandbox's reach as it does the state directory.
      const baseEnv = options.baseEnv ?? process.env;
      return buildFixture(root, { baseEnv, stateInRoot: true, cacheDir: cacheDir(baseEnv), keepApiKeys: options.provider === "openai", ...(fixtureOptions.gitCeiling ? { gitCeiling: true } : {}) });
    },
    async run(name, spec, fixture, hooks = {}) {
      // Validated as it comes into the lab's evidence (the runner does not parse its own records).
      // An experiment scripts the mock's scenario and runs as it is against the real service too,
      // where neither the scenario nor its options mean anything (a run refuses them): they are
      // dropped here, on purpose.
      const full = { provider: options.provider, codex: options.codexChoice ?? codex.path, cwd: fixture.cwd, ...spec };
      const { scenario: _scenario, ...real } = full;
      const record = runRecordSchema.parse(await runOnce((full.provider ?? "mock") === "mock" ? full : { ...real, scenarioOptions: {} }, { ...hooks, env: hooks.env ?? fixture.env }));
      const file = write(`${name}.record.json`, record);
      return { record, evidence: { kind: "record", summary: `${name}: ${record.outcome}, exit ${String(record.exitCode)}`, path: file } };
    },
    async mock(mockOptions) {
      return owned(await startMockProvider(mockOptions));
    },
    async tokenEndpoint() {
      return owned(await startTokenEndpoint());
    },
    bare,
    appServer,
    bareExec(fixture, mock, prompt, bareOptions) {
      const args = buildExecArgs({ cwd: fixture.cwd, configOverrides: providerOverrides({ baseUrl: mock.baseUrl, envKey: MOCK_KEY_ENV }), ...(bareOptions.sandbox ? { sandbox: bareOptions.sandbox } : {}) });
      args[args.length - 1] = prompt; // the prompt as an argument instead of "-"
      return bare(fixture, args, { ...bareOptions, env: { [MOCK_KEY_ENV]: MOCK_TOKEN, ...bareOptions.env } });
    },
    cli: existsSync(cliPath)
      ? (fixture, args, cliOptions) => {
          const [command, ...prefix] = [...(cliOptions.wrap ?? []), process.execPath];
          return runCommand(command!, [...prefix, cliPath, ...args], { cwd: fixture.cwd, env: fixture.env, timeoutMs: cliOptions.timeoutMs, ...(cliOptions.keepStdin ? { keepStdin: true } : {}) });
        }
      : undefined,
    probeSandbox(fixture, probeOptions = {}) {
      return probeSandbox(codex.path, fixture.env, probeOptions);
    },
    async gate(spec, fixture, probe) {
      const parsed = runSpecSchema.parse({ cwd: fixture.cwd, ...spec });
      try {
        await gateRun(parsed, { codexPath: codex.path, env: fixture.env, ...(probe ? { probe } : {}) });
        return undefined;
      } catch (error) {
        return error instanceof CodexHeadlessError ? error.message : String(error);
      }
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
    async release() {
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
  return context;
}
