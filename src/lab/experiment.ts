// An experiment answers questions of one research direction by running Codex and comparing what it
// observed. Adding a question to the lab = adding one experiment module under experiments/.
import type { RunRecord } from "../run/record.js";
import type { RunHooks } from "../run/runner.js";
import type { RunSpecInput } from "../run/spec.js";
import type { DirectionId, Evidence, Finding } from "./findings.js";
import type { Provider } from "../codex/vocabulary.js";
import type { Missing } from "./prerequisites.js";

export interface LabFixture {
  /** A HOME of its own, with dotfiles the experiment may write. */
  home: string;
  /** A working directory for runs. */
  cwd: string;
  /** The environment a run launched from this fixture starts from (HOME, TMPDIR, no real credentials). */
  env: NodeJS.ProcessEnv;
}

export interface LabContext {
  provider: Provider;
  codex: string;
  /** The report folder; evidence paths are relative to it. */
  outDir: string;
  /** A fresh fixture home under the report's work folder; never the user's own. */
  fixture(name: string): LabFixture;
  /** Runs Codex through the same runner as `run`, in the fixture's environment, and keeps the record as
   *  evidence. Returns the record and the evidence entry pointing at it. */
  run(name: string, spec: RunSpecInput, fixture: LabFixture, hooks?: RunHooks): Promise<{ record: RunRecord; evidence: Evidence }>;
  /** Writes an evidence file (JSON for objects, text for strings) and returns its entry. */
  evidence(name: string, kind: string, summary: string, content: unknown): Evidence;
  progress(message: string): void;
  /** Records a variant not run because the host lacks `why.missing`; the report lists it with its
   *  install command. */
  skip(variant: string, why: Missing): void;
}

export interface Experiment {
  /** Unique, kebab-case; also the evidence folder name. */
  id: string;
  direction: DirectionId;
  title: string;
  /** Rough seconds it takes on an idle 2-core machine, when it is long: the lab starts the longest
   *  first, so that none of them starts last and sets the lab's wall time alone. */
  seconds?: number;
  run(ctx: LabContext): Promise<Finding[]>;
}
