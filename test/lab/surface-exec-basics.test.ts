import { describe, expect, it } from "vitest";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";
import { openStdinAnswer, type OpenStdinRow } from "../../src/lab/experiments/surface/exec-basics/open-stdin.js";

describe("surface-exec-basics experiment", () => {
  it("measures the event surface, the noise and every provider fault", async () => {
    const { findings } = await sharedLabFindings();
    expect(findingById(findings, "surface-exec-events").status).toBe("measured");
    const failures = findingById(findings, "surface-provider-failures");
    expect(failures.table).toHaveLength(9);
    // A refused connection had not ended when the overall limit stopped it (one run).
    expect(failures.table!.find((row) => row.fault === "a refused connection")?.outcome).toBe("timeout");
    for (const row of failures.table!) if (!String(row.fault).includes("then answered")) expect(row.outcome).not.toBe("ok");
    // ...unless Codex's unbounded_connection_retries feature is off: then it gives up by itself.
    expect(failures.table!.find((row) => String(row.fault).includes("unbounded_connection_retries=false"))?.outcome).toBe("codex-failed");
  }, LAB_TEST_TIMEOUT_MS);

  it("runs the cut stream: what reaches the user when the stream is cut every time, and once", async () => {
    const { findings } = await sharedLabFindings();
    const cut = findingById(findings, "cut-stream-as-seen");
    expect(cut.table).toHaveLength(2);
    const [always, once] = cut.table!;
    // Measured on 0.169.0: cut on every attempt, Codex retries (5 reconnect notices, dozens of requests)
    // and either gives up ("stream disconnected before completion", exit 1, ~42 s) or is still
    // retrying when the 60 s watchdog stops it: which one depended on the machine's load.
    expect(["codex-failed", "timeout"]).toContain(always!.outcome);
    expect(Number(always!.requests)).toBeGreaterThan(1);
    expect(always!.answer).toBe("");
    // Cut once: Codex retries and the user gets the later answer, the partial text nowhere.
    expect(once!.outcome).toBe("ok");
    expect(once!.requests).toBe(2);
    expect(String(once!.answer)).toMatch(/^Answer after 1 cut stream/);
    for (const row of cut.table!) expect(row["partial text in answer"]).toBe(0);
  }, LAB_TEST_TIMEOUT_MS);

  it("runs the open-stdin hang for real: bare Codex waits on the pipe, codex-headless with a prompt argument does not", async () => {
    const { findings } = await sharedLabFindings();
    const stdin = findingById(findings, "open-stdin-hang");
    expect(stdin.status).toBe("confirmed");
    const rows = Object.fromEntries(stdin.table!.map((row) => [String(row.variant), row]));
    expect(rows["bare codex exec, prompt as argument"]!.hung).toBe(true);
    expect(String(rows["bare codex exec, prompt as argument"]!["stderr (end)"])).toMatch(/stdin/);
    expect(rows["codex-headless run, prompt as argument"]).toMatchObject({ hung: false, exit: 0 });
    // Without a prompt argument our CLI reads the prompt from stdin: an open pipe waits too.
    expect(rows["codex-headless run, no prompt argument"]!.hung).toBe(true);
  }, LAB_TEST_TIMEOUT_MS);

  it("open-stdin verdict: never says codex-headless does not hang beside a row of ours that hung", () => {
    const row = (variant: string, hung: boolean): OpenStdinRow => ({ variant, hung, exit: hung ? null : 0, seconds: hung ? 60 : 9.5, stdout: "", stderr: "" });
    const rows = [row("bare codex exec, prompt as argument", true), row("codex-headless run, prompt as argument", false), row("codex-headless run, no prompt argument", true)];
    const { holds, answer } = openStdinAnswer(rows, 0, true);
    expect(holds).toBe(true);
    expect(answer).not.toMatch(/codex-headless does not/);
    expect(answer).toMatch(/^Yes: bare Codex hangs and codex-headless with the prompt as an argument does not \(without one it reads the prompt from stdin until EOF/);
  });
});
