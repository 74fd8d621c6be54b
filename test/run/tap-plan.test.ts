// Which tap a run's idle limit counts through, decided before anything is spawned: none without an
// idle limit; for OpenAI's own hosts (https) our CONNECT proxy, counting those hosts; the jail's
// forwarder in a jail; none, with a notice, where the user's proxy cannot be chained to or carries
// credentials. The taps under the real Codex: test/transport/stall.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { policySchema } from "../../src/safety/policy.js";
import { parseRunSpec } from "../../src/run/runner.js";
import { startRunTap } from "../../src/run/tap-plan.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const policy = policySchema.parse({});
const spec = (extra: Record<string, unknown> = {}) => parseRunSpec({ prompt: "hi", provider: "openai", cwd: process.cwd(), idleTimeoutMs: 5000, ...extra });

async function plan(specExtra: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const planned = await startRunTap({ spec: spec(specExtra), mock: undefined, env, policy });
  if (planned.tap) closers.push(() => planned.tap!.signs.close());
  return planned;
}

describe("the run's tap", () => {
  it("is our CONNECT proxy for OpenAI's hosts, chained to the user's http proxy and kept from the tools", async () => {
    const planned = await plan({}, { HTTPS_PROXY: "http://proxy.corp:3128" });
    expect(planned.tap).toMatchObject({ kind: "proxy", codexEnv: { HTTPS_PROXY: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), https_proxy: expect.any(String) } });
    expect(planned.tap!.toolOverrides).toContain('shell_environment_policy.set.HTTPS_PROXY="http://proxy.corp:3128"');
    expect(planned.tap!.describe()).toEqual({ kind: "proxy", bytesFromProvider: 0, chained: false });
  });

  it("is none without an idle limit, the jail's forwarder in a jail, and none with a notice for a proxy we cannot chain to or one with credentials", async () => {
    expect(await plan({ idleTimeoutMs: undefined }, {})).toEqual({});
    expect(await plan({ jail: true }, {})).toEqual({ fromJail: true });
    expect((await plan({}, { ALL_PROXY: "socks5://127.0.0.1:1080" })).notice).toMatch(/not an http proxy/);
    expect((await plan({}, { https_proxy: "http://alice:secret@proxy.corp:3128" })).notice).toMatch(/holds credentials/);
    // An http base URL that is not the mock's: not ours to replace, and Codex does not use HTTPS_PROXY for it.
    expect(await plan({ config: ['openai_base_url="http://127.0.0.1:9/v1"'] }, {})).toEqual({});
  });
});
