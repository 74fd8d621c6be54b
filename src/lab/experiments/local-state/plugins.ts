// Plugins on vs off: what a run writes for plugins (cache, manifests, locks), what it prints, what it
// asks the network for, and how long it takes — the same run with `--disable plugins` and without.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { diffSnapshots, snapshotHome } from "../../../home/snapshot.js";
import type { Experiment } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

const VARIANTS = [
  { name: "plugins on (default)", config: [] as string[] },
  { name: "plugins off", config: ["features.plugins=false"] },
];
const ROUNDS = 3;

export const localStatePlugins: Experiment = {
  id: "local-state-plugins",
  direction: "local-state",
  title: "Plugins on vs off: files, noise, requests and start-up time",
  async run(ctx): Promise<Finding[]> {
    const rows: NonNullable<Finding["table"]> = [];
    const evidence: Evidence[] = [];
    for (const variant of VARIANTS) {
      ctx.progress(variant.name);
      const times: number[] = [];
      let pluginFiles = 0;
      let stderrLines = 0;
      let nonModelRequests = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const fixture = ctx.fixture(`${variant.name}-${round}`.replace(/\W+/g, "-"));
        const home = path.join(fixture.home, "codex-home");
        mkdirSync(home, { recursive: true, mode: 0o700 });
        const before = snapshotHome(home);
        const name = `${variant.name}-${round}`.replace(/\W+/g, "-");
        const { record, evidence: e } = await ctx.run(name, { prompt: "hi", scenario: "hello", home, config: variant.config }, fixture);
        const diff = diffSnapshots(before, snapshotHome(home));
        times.push(record.timings.endMs - record.timings.startMs);
        if (round === 0) {
          evidence.push(e, ctx.evidence(`${name}.diff.json`, "home-diff", `${variant.name}: what the run wrote`, diff));
          pluginFiles = diff.byClass["plugin-cache"] ?? 0;
          stderrLines = record.stderr.length;
          nonModelRequests = record.provider.requests.filter((r) => !r.path.endsWith("/responses")).length;
        }
      }
      const sorted = [...times].sort((a, b) => a - b);
      rows.push({ variant: variant.name, plugin_cache_files: pluginFiles, stderr_lines: stderrLines, other_requests_to_provider: nonModelRequests, median_ms: sorted[Math.floor(sorted.length / 2)]! });
    }
    const [on, off] = rows;
    return [
      {
        id: "local-state-plugins-on-off",
        question: "What does the plugins feature cost a headless run, and does turning it off change anything visible?",
        answer: `Plugins on: ${on!.plugin_cache_files} plugin-cache file(s), ${on!.stderr_lines} stderr line(s), median ${on!.median_ms} ms; off (features.plugins=false): ${off!.plugin_cache_files} file(s), ${off!.stderr_lines} line(s), median ${off!.median_ms} ms (${ROUNDS} runs each, fresh home each). Requests to the provider other than the model call: ${on!.other_requests_to_provider} vs ${off!.other_requests_to_provider}.`,
        status: "measured",
        table: rows,
        evidence,
      },
    ];
  },
};
