import { defineConfig } from "vitest/config";
import LabAsideSequencer from "./test/helpers/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    setupFiles: ["test/helpers/setup-env.ts"],
    pool: "forks",
    // Two workers on 2 cores: the suite is CPU-bound (the lab alone keeps both busy). Each worker runs
    // its files one after another in one process (isolate: false): a fresh process and module graph
    // per file cost ~1.6 CPU-s a file (27 small files: 114 -> 70 CPU-s). The setup file still runs
    // per file (a new fixture HOME); src keeps no per-test state at module level that a test relies on.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    sequence: { sequencer: LabAsideSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
