// The answers are composed from the findings' tables: fed two different sets of numbers, the printed
// answers must change with them (a hard-coded sentence would not).
import { describe, expect, it } from "vitest";
import { composeAnswers } from "../../src/lab/answers.js";
import { NETWORK_CONFIGS } from "../../src/lab/experiments/local-state/network.js";
import type { Finding } from "../../src/lab/findings.js";
import { KNOWN_OPEN_CLASS, KNOWN_OPEN_MEANING } from "../../src/safety/red-team.js";
import { answerTo, syntheticReport } from "../helpers/lab.js";

const evidence = [{ kind: "log", summary: "synthetic" }];

const report = (findings: Record<"safety" | "local-state", Finding[]>) => syntheticReport({ "local-state": findings["local-state"], safety: findings.safety });

/** Per transport: [escaped, announced] over `attacks` disguises, split over two classes, plus controls
 *  (which run, and must not count as escapes). */
function redTeam(attacks: number, app: [number, number], exec: [number, number]): Finding {
  const rows = (transport: string, [escaped, announced]: [number, number]) => {
    const b = { escaped: Math.min(1, escaped), announced: Math.min(1, announced) };
    return [
      { transport, class: "wrappers", attempts: attacks - 3, blocked: attacks - 3 - (escaped - b.escaped), escaped: escaped - b.escaped, announced: announced - b.announced },
      { transport, class: "quoting", attempts: 3, blocked: 3 - b.escaped, escaped: b.escaped, announced: b.announced },
      { transport, class: "control (must run)", attempts: 3, blocked: 0, escaped: 3, announced: 0 },
    ];
  };
  return { id: "command-lists-red-team", question: "q", answer: "a", status: "measured", evidence, table: [...rows("app-server", app), ...rows("exec", exec)] };
}

function destinations(rows: Array<{ destination: string; tried: string[] }>): Finding {
  return {
    id: "run-destinations",
    question: "q",
    answer: "a",
    status: "measured",
    evidence,
    table: rows.map((row) => ({ destination: row.destination, by: "codex", ...Object.fromEntries(NETWORK_CONFIGS.map((c) => [c.name, row.tried.includes(c.name) ? "tried" : "—"])) })),
  };
}


describe("composeAnswers", () => {
  it("rests the guardrails answer on the red team's counts per transport, not on advice to allow listed commands", () => {
    for (const [attacks, exec] of [
      [38, [32, 32]],
      [12, [5, 4]],
    ] as Array<[number, [number, number]]>) {
      const guardrails = answerTo(composeAnswers(report({ safety: [redTeam(attacks, [0, 0], exec)], "local-state": [] })), "guardrails");
      expect(guardrails.findings).toContain("command-lists-red-team");
      expect(guardrails.answer).toContain(`against ${attacks} disguised denied commands: on app-server 0 of ${attacks} escaped`);
      expect(guardrails.answer).toContain(`on exec the list is advisory: ${exec[0]} of ${attacks} escaped, ${exec[1]} of them announced after the run`);
      expect(guardrails.recommendation).toContain(`limit commands with the policy's lists on \`--transport app-server\`, where 0 of ${attacks} disguises of the red teams' corpus got past them`);
      expect(guardrails.recommendation).toContain(`(${exec[0]} of ${attacks} escaped)`);
      expect(guardrails.recommendation).not.toMatch(/allow only commands the policy lists/);
    }
    // An escape on app-server is reported, and the lists are then not recommended there.
    const leaky = answerTo(composeAnswers(report({ safety: [redTeam(10, [2, 0], [9, 9])], "local-state": [] })), "guardrails");
    expect(leaky.answer).toContain("on app-server 2 of 10 escaped");
    expect(leaky.recommendation).not.toContain("--transport app-server");
    // The corpus's known-open escape is counted and named; with nothing else getting past, the lists
    // are still recommended there to narrow what runs, never as a boundary.
    const withKnownOpen = redTeam(10, [0, 0], [9, 9]);
    withKnownOpen.table = [
      ...withKnownOpen.table!,
      ...["app-server", "exec"].map((transport) => ({ transport, class: KNOWN_OPEN_CLASS, attempts: 1, blocked: 0, escaped: 1, announced: 0 })),
    ];
    const known = answerTo(composeAnswers(report({ safety: [withKnownOpen], "local-state": [] })), "guardrails");
    expect(known.answer).toContain(`on app-server 1 of 11 escaped (1 of them the corpus's ${KNOWN_OPEN_CLASS} class, ${KNOWN_OPEN_MEANING}; each command is judged before it runs)`);
    expect(known.answer).toContain("on exec the list is advisory: 10 of 11 escaped, 9 of them announced");
    expect(known.recommendation).toContain("lists on `--transport app-server`, where 1 of 11 disguises of the red teams' corpus got past them, 1 of them the corpus's");
    expect(known.recommendation).toContain("no boundary");
  });

  it("cites what a default run reached and which setting silenced each destination", () => {
    const [, plugins, analytics, , all] = NETWORK_CONFIGS;
    const finding = destinations([
      { destination: "dns chatgpt.com", tried: ["default", analytics!.name, "connectors (apps) off"] },
      { destination: "dns ab.chatgpt.com", tried: ["default", plugins!.name, "connectors (apps) off"] },
      { destination: "url https://github.com/x.git", tried: NETWORK_CONFIGS.map((c) => c.name) },
      { destination: "dns never.example", tried: [] },
    ]);
    const depends = answerTo(composeAnswers(report({ safety: [], "local-state": [finding] })), "depends-on");
    expect(depends.findings).toContain("run-destinations");
    expect(depends.answer).toContain("a default run tried 3 destination(s), each seen in 1 of 1 default run: dns chatgpt.com (silenced by `features.plugins=false`); dns ab.chatgpt.com (silenced by `analytics.enabled=false`); url https://github.com/x.git (no single setting silenced it)");
    expect(depends.answer).toContain(`with ${all!.config.length} settings off together it tried url https://github.com/x.git`);
    expect(depends.recommendation).toContain("add `-c features.plugins=false` and `-c analytics.enabled=false` (url https://github.com/x.git still tried); this rests on 1 traced run per configuration, so confidence is low");
    // Advice from one run per configuration is never more than low confidence.
    expect(depends.answer).toContain("Network (1 traced run per configuration)");
    expect(depends.confidence).toBe("low");
    expect(depends.wouldChangeIf).toContain("more than 1 traced run per configuration tried other destinations");
    const none = answerTo(composeAnswers(report({ safety: [], "local-state": [destinations([{ destination: "dns never.example", tried: [] }])] })), "depends-on");
    expect(none.answer).toContain("a default run tried no destination beyond the model provider");
  });

  it("says how many programs Codex started on the host and which the PATH decided, from the host-programs table", () => {
    const counts = (n: number) => Object.fromEntries(NETWORK_CONFIGS.map((c, i) => [c.name, i === 0 ? n : 0]));
    const finding: Finding = {
      id: "host-programs",
      question: "q",
      answer: "a",
      status: "measured",
      evidence,
      table: [
        { command: "lsb_release -a", "found by": "PATH", "it started": "getopt, tr", ...counts(2) },
        { command: "git rev-parse HEAD", "found by": "PATH", "it started": "—", ...counts(3) },
        { command: "bash -lc <script>", "found by": "/bin/bash", "it started": "id", ...counts(1) },
        { command: "git status", "found by": "PATH", "it started": "—", ...counts(0) },
      ],
    };
    const depends = answerTo(composeAnswers(report({ safety: [], "local-state": [finding] })), "depends-on");
    expect(depends.findings).toContain("host-programs");
    expect(depends.answer).toContain("Host programs (1 traced run per configuration): a default run's Codex itself started 6 program(s) outside its sandbox, 5 of them by a PATH search (lsb_release, git)");
    expect(depends.recommendation).toContain("a PATH with no folder in the workspace or the temp dirs");
  });
  it("says what a sandboxed run's plant made the next runs execute on the host, from the safety-next-run table", () => {
    const steering = (k: [number, number], gate: string): Finding => ({
      id: "sandboxed-plant-runs-on-host",
      question: "q",
      answer: "a",
      status: k[0] + k[1] === 4 ? "confirmed" : "mixed",
      repeats: { n: 4, k: k[0] + k[1] },
      conditions: "bare codex exec, 2 next runs after each plant",
      evidence,
      table: [
        { route: "path-folder", where: "a PATH folder in the workspace", planted: true, "control starts": 0, "next runs that ran it on the host": `${k[0]} of 2`, "starts in all": 3 * k[0], "gate: planting run": gate, "gate: next run": gate },
        { route: "bashrc-link", where: "~/.bashrc a link into the workspace", planted: true, "control starts": 0, "next runs that ran it on the host": `${k[1]} of 2`, "starts in all": k[1], "gate: planting run": "shell startup location", "gate: next run": "shell startup location" },
      ],
    });
    const both = answerTo(composeAnswers(report({ safety: [steering([2, 2], "program location")], "local-state": [] })), "guardrails");
    expect(both.findings).toContain("sandboxed-plant-runs-on-host");
    expect(both.answer).toContain("bare codex exec ran it in 4 of 4 later read-only runs whose model asked for nothing (a PATH folder in the workspace: 2 of 2; ~/.bashrc a link into the workspace: 2 of 2)");
    expect(both.answer).toContain("codex-headless refused the planting runs and the next runs before Codex started (program location, shell startup location)");
    expect(both.recommendation).toContain("keep PATH folders, shell start-up files");
    // The advice gives the count it rests on, and claims no run or sandbox that was not measured.
    expect(both.recommendation).toContain("Codex ran what a sandboxed run planted there on the host in 4 of 4 later runs, read-only ones whose model asked for nothing");
    expect(both.recommendation).not.toMatch(/in every later run, whatever that run's sandbox/);
    expect(both.conditions).toContain("next runs after a plant: bare codex exec, 2 next runs after each plant");
    const some = answerTo(composeAnswers(report({ safety: [steering([1, 0], "allowed")], "local-state": [] })), "guardrails");
    expect(some.answer).toContain("in 1 of 4 later read-only runs (a PATH folder in the workspace: 1 of 2; ~/.bashrc a link into the workspace: 0 of 2)".replace(" (", " whose model asked for nothing ("));
    expect(some.answer).toContain("before Codex started (shell startup location)");
  });

  it("says, beside what deleting a thread left, how often one more run in the home still held it, from the thread-delete table", () => {
    const remnants = (afterLater: string[]): Finding => ({
      id: "thread-delete-remnants",
      question: "q",
      answer: "a",
      status: "refuted",
      repeats: { n: afterLater.length, k: 0 },
      evidence,
      table: afterLater.map((later) => ({ method: "codex delete --force", "after the run": "state_5.sqlite", deleted: "yes", "thread/list after": "not listed", "after the deletion": "state_5.sqlite", "after one more run": later })),
    });
    const gone = answerTo(composeAnswers(report({ safety: [], "local-state": [remnants(["none", "none", "none"])] })), "isolated-auth");
    expect(gone.answer).toContain("left what it said in the home's database files in 3 of 3 tries, though Codex no longer listed it; one more run in the same home left it there in 0 of 3.");
    const kept = answerTo(composeAnswers(report({ safety: [], "local-state": [remnants(["state_5.sqlite", "none", "none"])] })), "isolated-auth");
    expect(kept.answer).toContain("one more run in the same home left it there in 1 of 3.");
  });

  it("gives the accepted-approval advice with the k of n it rests on, not 'granting full access'", () => {
    const lift: Finding = { id: "approval-accept-lifts-sandbox", question: "q", answer: "a", status: "mixed", repeats: { n: 6, k: 2 }, conditions: "3 runs per sandbox mode", evidence };
    const guardrails = answerTo(composeAnswers(report({ safety: [lift], "local-state": [] })), "guardrails");
    expect(guardrails.answer).toContain("in 2 of 6 accepted runs");
    expect(guardrails.recommendation).toContain("treat accepting an approval as letting the command past its sandbox (a write the sandbox denies landed in 2 of 6 accepted runs): decline it");
    expect(guardrails.recommendation).not.toMatch(/granting full access/);
  });
});
