// The jail's cost (issue 27): the same run, jailed (`--jail`: prlimit + bubblewrap + the in-jail
// forwarder) and unjailed, through `runOnce` with one shared mock, samples interleaved with a
// rotating order so drift in the machine's load hits both series alike. The run: danger-full-access
// (the level the jail exists for), one `shell` turn running one command, a fresh isolated home each.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startMockProvider } from "../src/mock/server.js";
import { runOnce } from "../src/run/runner.js";
import { benchFixture } from "./fixture.js";
import { interleaved, timed, type Benchmark, type BenchResult } from "./suite.js";

// Unjailed danger-full-access needs the operator's statement of an external sandbox; this benchmark's
// fixture is disposable and the command is `echo`.
const POLICY = `[sandbox]
modes = ["read-only", "workspace-write", "danger-full-access"]
[danger]
allow = true
externally_sandboxed = true
require_container = false
`;

export const jail: Benchmark = {
  id: "jail",
  title: "The outer jail (--jail) against the same run unjailed",
  async run({ repetitions, workDir, progress }): Promise<BenchResult> {
    const fixture = benchFixture(workDir, "jail");
    const policy = path.join(fixture.root, "policy.toml");
    writeFileSync(policy, POLICY);
    const mock = await startMockProvider({ scenario: "shell", options: { command: "echo jailed-or-not" } });
    const once = async (jailed: boolean) => {
      const record = await runOnce(
        { prompt: "run it", provider: "mock", scenario: "shell", cwd: fixture.cwd, sandbox: "danger-full-access", approval: "never", policy, jail: jailed, timeoutMs: 120_000 },
        { mock, env: fixture.env },
      );
      if (record.outcome !== "ok") throw new Error(`${jailed ? "jailed" : "unjailed"} run failed: ${record.reason ?? record.outcome}`);
    };
    let series;
    try {
      await once(true); // warm the file cache once; not counted
      series = await interleaved({ unjailed: () => timed(() => once(false)), jailed: () => timed(() => once(true)) }, repetitions, (round) => progress?.(`jail ${round}/${repetitions}`));
    } finally {
      await mock.close();
      rmSync(fixture.root, { recursive: true, force: true });
    }
    return {
      id: this.id,
      title: this.title,
      method:
        "Wall time of one `shell` turn (two model requests, one command) per run through `runOnce`, danger-full-access and approval never, one shared mock, a fresh isolated home per run. jailed: the same spec with `jail: true` (prlimit, bubblewrap with new user, pid, network and mount namespaces, the in-jail Node forwarder, the Unix-socket relay to the mock). Samples interleaved, order alternating each round.",
      series: [
        { name: "unjailed", unit: "ms", samples: series.unjailed },
        { name: "jailed (--jail)", unit: "ms", samples: series.jailed },
      ],
      comparisons: [{ subject: "jailed (--jail)", baseline: "unjailed" }],
    };
  },
};
