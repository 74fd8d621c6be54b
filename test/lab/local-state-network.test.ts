// Everything a run tries to reach, from the shared lab run: a default run tries destinations beyond
// the provider, and the report says which setting stops which — or, where the tracer or the private
// network namespace is missing, that it was not measured and what installs it (never "none").
import { describe, expect, it } from "vitest";
import { EXPERIMENTS } from "../../src/lab/experiments/index.js";
import { localStateNetwork, NETWORK_CONFIGS } from "../../src/lab/experiments/local-state/network.js";
import { commandLabel, destinationsFromTrace, distinctDestinations, dnsQuestion, hostProgramsOf, programStartsFromTrace } from "../../src/lab/trace-network.js";
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

  it("reads which programs a process started, by PATH or by path, and what those started in turn", () => {
    // A child's execve can be logged before the clone() that made it returns in its parent (seen in
    // a trace of Codex 0.171.0: lsb_release's first start had no parent when read in order).
    const log = [
      `1 execve("/usr/bin/setpriv", ["/usr/bin/setpriv", "--", "/opt/codex", "exec"], 0x1 /* 3 vars */) = 0`,
      `1 execve("/opt/codex", ["/opt/codex", "exec", "--json"], 0x1 /* 3 vars */) = 0`,
      `2 execve("/usr/local/bin/lsb_release", ["lsb_release", "-a"], 0x2 /* 3 vars */) = -1 ENOENT (No such file or directory)`,
      `2 execve("/usr/bin/lsb_release", ["lsb_release", "-a"], 0x2 /* 3 vars */) = 0`,
      `1 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88) = 2`,
      `2 clone(child_stack=NULL, flags=SIGCHLD) = 3`,
      `3 execve("/usr/bin/tr", ["tr", "[:lower:]", "[:upper:]"], 0x3 /* 3 vars */) = 0`,
      `1 clone3({flags=CLONE_VM, exit_signal=SIGCHLD}, 88) = 4`,
      `4 execve("/usr/bin/git", ["git", "-c", "core.fsmonitor=false", "rev-parse", "--git-dir"], 0x4 /* 3 vars */) = 0`,
      `1 clone3({flags=CLONE_VM, exit_signal=SIGCHLD}, 88) = 5`,
      `5 execve("/bin/bash", ["/bin/bash", "-lc", "if [ -z \\"$X\\" ]; then :; fi"], 0x5 /* 3 vars */) = 0`,
      `5 clone(child_stack=NULL, flags=SIGCHLD) = 6`,
      `6 execve("/usr/bin/bwrap", ["bwrap", "--ro-bind", "/", "/"], 0x6 /* 3 vars */) = 0`,
      `6 clone(child_stack=NULL, flags=SIGCHLD) = 7`,
      `7 execve("/usr/bin/sed", ["sed", "1d"], 0x7 /* 3 vars */) = 0`,
    ].join("\n");
    const starts = programStartsFromTrace(log);
    expect(starts.map((s) => s.program)).toEqual(["setpriv", "codex", "lsb_release", "tr", "git", "bash", "bwrap", "sed"]);
    expect(starts.find((s) => s.program === "lsb_release")!.ancestry.map((a) => a.program)).toEqual(["codex", "setpriv"]);
    const programs = hostProgramsOf(starts, (s) => s.program === "codex" && s.argv[1] === "exec");
    expect(programs).toEqual([
      { command: "lsb_release -a", foundBy: "PATH", started: ["tr"], sandboxed: false },
      { command: "git rev-parse --git-dir", foundBy: "PATH", started: [], sandboxed: false },
      { command: "bash -lc <script>", foundBy: "/bin/bash", started: ["bwrap", "sed"], sandboxed: false },
    ]);
    expect(hostProgramsOf(starts, (s) => s.program === "bwrap")).toEqual([{ command: "sed 1d", foundBy: "PATH", started: [], sandboxed: true }]);
    expect(commandLabel("git", ["git", "-C", "/x", "-c", "a=b", "status", "--porcelain=v2", "--branch", "-z"])).toBe("git status --porcelain=v2 --branch");
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

  it("lists the programs Codex itself starts on the host, from the same traces", async () => {
    const { findings, report } = await sharedLabFindings();
    const finding = findingById(findings, "host-programs");
    if (finding.status === "skipped") {
      expect(report.notMeasured.find((n) => n.experiment === "local-state-network")?.install).toMatch(/strace|namespace|root/);
      return;
    }
    expect(finding.status, finding.answer).toBe("measured");
    const rows = finding.table!;
    expect(Object.keys(rows[0]!)).toEqual(["command", "found by", "it started", ...NETWORK_CONFIGS.map((c) => c.name)]);
    const row = (pattern: RegExp) => rows.find((r) => pattern.test(String(r.command)));
    // Measured on 0.171.0 (a trace read by hand): the plugins fetch, by a fixed path, which plugins
    // off stops (as run-destinations says of its URL); git in the workspace and lsb_release by PATH.
    expect(row(/^git ls-remote https:\/\/github\.com\/openai\/plugins/)).toMatchObject({ "found by": expect.stringMatching(/\/git$/), default: 1, "plugins off": 0 });
    expect(row(/^git rev-parse /)?.["found by"]).toBe("PATH");
    expect(Number(row(/^lsb_release -a$/)?.default)).toBeGreaterThan(0);
    expect(row(/^lsb_release -a$/)?.["found by"]).toBe("PATH");
    expect(finding.answer).toMatch(/none of them under a sandbox/);
    expect(finding.answer).toMatch(/Found by a PATH search \(started by name alone\): [^;]*\bgit\b/);
  }, LAB_TEST_TIMEOUT_MS);
});
