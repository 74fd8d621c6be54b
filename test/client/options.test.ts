// Options in @openai/codex-sdk's names and shapes are accepted and resolved into ours; both spellings
// work, disagreeing ones and unknown keys are one-line usage errors naming the nearest known name.
// Nothing here starts Codex: what the options do to a run is checked on the real binary by
// test/client/sdk-compat.test.ts.
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { resolveOptions } from "../../src/client/options.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { fixtureHome } from "../helpers/fixture-home.js";

function usageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("usage");
    expect((error as CodexHeadlessError).message).not.toContain("\n");
    return (error as CodexHeadlessError).message;
  }
  throw new Error("expected a usage error");
}

describe("library options", () => {
  it("the SDK's names resolve to ours, its options to -c overrides in its order", () => {
    const resolved = resolveOptions({
      codexPathOverride: "/opt/codex",
      sandboxMode: "workspace-write",
      workingDirectory: "/w",
      approvalPolicy: "never",
      skipGitRepoCheck: true,
      config: { model_providers: { p: { base_url: "http://x/v1", wire_api: "responses" } }, tools: {}, n: [1, 2] },
      configOverrides: ["a.b=1"],
      model: "m-1",
      modelReasoningEffort: "high",
      networkAccessEnabled: false,
      webSearchEnabled: true,
      additionalDirectories: ["/extra"],
    });
    expect(resolved).toMatchObject({ codex: "/opt/codex", sandbox: "workspace-write", cwd: "/w", approval: "never" });
    expect(resolved.config).toEqual([
      'model_providers.p.base_url="http://x/v1"',
      'model_providers.p.wire_api="responses"',
      "tools={}",
      "n=[1, 2]",
      "a.b=1",
      'model="m-1"',
      'model_reasoning_effort="high"',
      "sandbox_workspace_write.network_access=false",
      'web_search="live"',
      'sandbox_workspace_write.writable_roots=["/extra"]',
    ]);
    expect(resolved).not.toHaveProperty("sandboxMode");
    // baseUrl and apiKey mean the OpenAI provider, as in the SDK; the key goes to Codex's env.
    expect(resolveOptions({ baseUrl: "http://127.0.0.1:1/v1", apiKey: "k" })).toMatchObject({ provider: "openai", apiKey: "k", config: ['openai_base_url="http://127.0.0.1:1/v1"'] });
    // Ours and the SDK's spelling of one option, agreeing: fine.
    expect(resolveOptions({ sandbox: "read-only", sandboxMode: "read-only", cwd: "/w", workingDirectory: "/w" })).toMatchObject({ sandbox: "read-only", cwd: "/w" });
    expect(resolveOptions({ config: ["x=1"] }).config).toEqual(["x=1"]);
  });

  it("thread options override the Codex defaults whatever the spelling; config overrides add up", () => {
    const f = fixtureHome("options-merge");
    const codex = new Codex({ sandbox: "read-only", cwd: f.cwd, env: f.env, config: { model: "a" } });
    // Not a disagreement: the thread's sandboxMode overrides the default given as `sandbox`.
    expect(() => codex.startThread({ sandboxMode: "workspace-write", config: ["model=\"b\""] })).not.toThrow();
    expect(() => codex.resumeThread("01a2100b-0000-7000-8000-000000000000", { approvalPolicy: "on-request", home: "repo" })).not.toThrow();
  });

  // `codex exec resume` takes a non-UUID for a thread name; one it did not know started a new
  // thread, silently (a newcomer trial).
  it("resumeThread with something that is no thread id: one line, before any turn", () => {
    const codex = new Codex({ provider: "mock" });
    expect(usageOf(() => codex.resumeThread("no-such-thread"))).toBe(
      'resumeThread: expected a thread id (a UUID, as thread.id gives), got "no-such-thread" (string); codex exec resume would take it for a thread name and, finding none, start a new thread',
    );
    expect(usageOf(() => codex.resumeThread(undefined as never))).toMatch(/^resumeThread: expected a thread id .*, got undefined;/);
    expect(() => codex.resumeThread("urn:uuid:01A2100B-0000-7000-8000-000000000000", { home: "repo" })).not.toThrow();
  });

  // A fresh isolated home holds no thread: Codex started and failed, "no rollout found" (a newcomer
  // trial), even on the instance whose thread had just run in its own isolated home.
  it("resumeThread on an isolated home (the mock's default): one line, before any turn", () => {
    const id = "01a2100b-0000-7000-8000-000000000000";
    for (const codex of [new Codex({ provider: "mock" }), new Codex({ home: "isolated" })]) {
      expect(usageOf(() => codex.resumeThread(id))).toBe(
        'resumeThread: an isolated home starts empty (and is removed after its thread), so it holds no thread to resume; give the home the thread ran in: home "repo", "ambient" or a path',
      );
    }
    expect(() => new Codex({ provider: "mock", home: "repo" }).resumeThread(id)).not.toThrow();
    expect(() => new Codex({ provider: "mock" }).resumeThread(id, { home: "repo" })).not.toThrow();
  });

  it("bad options: one line naming the option, the nearest known name, or the disagreement", () => {
    expect(usageOf(() => new Codex({ sandboxMod: "read-only" } as never))).toBe('unknown option "sandboxMod"; did you mean "sandboxMode"?');
    expect(usageOf(() => new Codex({ workdir: "/w" } as never))).toMatch(/^unknown option "workdir"/);
    expect(usageOf(() => new Codex().startThread({ aprovalPolicy: "never" } as never))).toBe('unknown option "aprovalPolicy"; did you mean "approvalPolicy"?');
    expect(usageOf(() => new Codex({ zzzzzzzzzzzz: 1 } as never))).toBe('unknown option "zzzzzzzzzzzz"');
    // A key named after an Object member is unknown like any other (the table of misplaced keys was a
    // plain object: its message was Object's own function).
    for (const key of ["constructor", "toString"]) expect(usageOf(() => new Codex().startThread({ [key]: 1 } as never))).toMatch(new RegExp(`^unknown option "${key}"`));
    expect(usageOf(() => new Codex({ sandbox: "read-only", sandboxMode: "workspace-write" }))).toMatch(/^sandboxMode and sandbox are one option and were given different values/);
    expect(usageOf(() => new Codex({ cwd: "/a", workingDirectory: "/b" }))).toMatch(/^workingDirectory and cwd are one option/);
    expect(usageOf(() => new Codex({ approval: "never", approvalPolicy: "untrusted" }))).toMatch(/^approvalPolicy and approval are one option/);
    expect(usageOf(() => new Codex({ codex: "pinned", codexPathOverride: "/opt/codex" }))).toMatch(/^codexPathOverride and codex are one option/);
    expect(usageOf(() => new Codex({ approvalPolicy: "on-failure" as never }))).toMatch(/^approvalPolicy: unknown approval policy "on-failure"/);
    expect(usageOf(() => new Codex({ modelReasoningEffort: "extreme" as never }))).toMatch(/^modelReasoningEffort: unknown effort "extreme"/);
    expect(usageOf(() => new Codex({ skipGitRepoCheck: false }))).toMatch(/^skipGitRepoCheck: false is not supported/);
    expect(usageOf(() => new Codex({ config: { "a.b": 1 } as never }))).toMatch(/^config override a\.b: key part "a\.b"/);
    expect(usageOf(() => new Codex({ config: { a: null } as never }))).toMatch(/^config override a: cannot be null/);
    expect(usageOf(() => new Codex({ config: [1] as never }))).toMatch(/^config\[0\]: expected a key=value string/);
    expect(usageOf(() => new Codex({ provider: "mock", baseUrl: "http://127.0.0.1:1/v1" }))).toMatch(/^baseUrl is for the openai provider/);
    expect(usageOf(() => new Codex({ baseUrl: "not a url" }))).toMatch(/^baseUrl: expected a URL/);
    expect(usageOf(() => new Codex().startThread({ threadSource: "x" } as never))).toMatch(/^threadSource: codex-headless cannot pass it on/);
    expect(usageOf(() => new Codex().startThread({ outputSchema: {} } as never))).toMatch(/^outputSchema is not a thread option/);
    // Our own options' values are still checked by the RunSpec schema, at startThread.
    expect(usageOf(() => new Codex({ sandboxMode: "everything" as never }))).toMatch(/^sandboxMode: unknown sandbox mode "everything"/);
  });

  it("what the SDK would pass on and our policy does not allow is refused before Codex starts", async () => {
    const f = fixtureHome("options-refused");
    for (const option of [{ networkAccessEnabled: true }, { additionalDirectories: [f.home] }]) {
      const thread = new Codex({ cwd: f.cwd, env: f.env, sandboxMode: "workspace-write", ...option }).startThread();
      const error = await thread.run("hi").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CodexHeadlessError);
      expect((error as CodexHeadlessError).code).toBe("refused");
      expect((error as CodexHeadlessError).message).toMatch(/env\.caller_may_override.*sandbox_workspace_write/);
      await thread.close();
    }
  });
});
