import { defineConfig } from "vitest/config";
import LabAsideSequencer from "./test/helpers/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    setupFiles: ["test/helpers/setup-env.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    sequence: { sequencer: LabAsideSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
