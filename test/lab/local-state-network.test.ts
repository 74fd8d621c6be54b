// Everything a run tries to reach, from the shared lab run: a default run tries destinations beyond
// the provider, and the report says which setting stops which — or, where the tracer or the private
// network namespace is missing, that it was not measured and what installs it (never "none").
import { describe, expect, it } from "vitest";
import { EXPERIMENTS } from "../../src/lab/experiments/index.js";
import { localStateNetwork, NETWORK_CONFIGS } from "../../src/lab/experiments/local-state/network.js";
import { destinationsFromTrace, distinctDestinations, dnsQuestion } from "../../src/lab/trace-network.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("local-state-network experiment", () => {
  it("is registered", () => expect(EXPERIMENTS).toContain(localStateNetwork));

  it("reads DNS questions, connections and URL fetches from an strace log, split calls joined", () => {
    // Shapes strace 6 prints with -f -x (a call interrupted by another thread is split in two).
    const query = "\\x80\\x15\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03\\x61\\x70\\x69\\x06\\x67\\x69\\x74\\x68\\x75\\x62\\x03\\x63\\x6f\\x6d\\x00\\x00\\x01\\x00\\x01";
    const log = [
      `100 execve("/opt/codex", ["codex"], 0x1 /* 3 vars */) = 0`,
      `100 clone3({flags=CLONE_VM, exit_signal=SIGCHLD} <unfinished ...>`,
      `100 <... clone3 resumed>, 88) = 101`,
      `101 sendto(39, "${query}", 32, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16) = -1 ENETUNREACH (Network is unreachable)`,
      `101 connect(47, {sa_family=AF_INET, sin_port=htons(4000), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)`,
      `102 execve("/usr/bin/git", ["/usr/bin/git", "ls-remote", "https://example.org/x.git", "HEAD"], 0x1 /* 3 vars */ <unfinished ...>`,
      `102 <... execve resumed>) = 0`,
    ].join("\n");
    expect(dnsQuestion(Buffer.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 97, 2, 98, 99, 0, 0, 1, 0, 1]))).toBe("a.bc");
    const all = destinationsFromTrace(log);
    expect(all).toContainEqual({ kind: "dns", target: "api.github.com", program: "codex", result: "ENETUNREACH" });
    expect(all).toContainEqual({ kind: "inet", target: "127.0.0.1:4000", program: "codex", result: "EINPROGRESS" });
    // Loopback (the mock provider) is not a destination beyond the provider.
    expect(distinctDestinations(all).map((d) => `${d.kind} ${d.target}`)).toEqual(["dns api.github.com", "url https://example.org/x.git"]);
  });

  it("lists what a default run tries beyond the provider, per configuration, or says what to install", async () => {
    const { findings, report } = await sharedLabFindings();
    const finding = findingById(findings, "run-destinations");
    if (finding.status === "skipped") {
      expect(report.notMeasured.find((n) => n.experiment === "local-state-network")?.install).toMatch(/strace|namespace|root/);
      return;
    }
    expect(finding.status, finding.answer).toBe("measured");
    const rows = finding.table!;
    const tried = (config: string) => rows.filter((row) => row[config] === "tried").map((row) => String(row.destination));
    // Measured on 0.169.0: a default run tries destinations beyond the provider...
    expect(tried("default").length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(["destination", "by", ...NETWORK_CONFIGS.map((c) => c.name)]);
    // ...among them a git fetch of the plugins repository, which plugins off stops.
    const gitFetch = rows.find((row) => /^url https:\/\/github\.com\/openai\/plugins/.test(String(row.destination)));
    expect(gitFetch?.default).toBe("tried");
    expect(gitFetch?.["plugins off"]).toBe("—");
    expect(tried("all three off").length).toBeLessThan(tried("default").length);
  }, LAB_TEST_TIMEOUT_MS);
});
