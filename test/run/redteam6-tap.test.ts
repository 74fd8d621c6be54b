// Red team 6: a user's proxy with credentials is refused as the tap's upstream when it is in
// HTTPS_PROXY/https_proxy, but not when it is in ALL_PROXY/all_proxy: the tap then chains every
// CONNECT (any host, any port, from any local process that finds 127.0.0.1:PORT) through the user's
// proxy with their Proxy-Authorization. Expected to FAIL until the credentials check covers the
// variable the upstream was taken from.
import { afterEach, describe, expect, it } from "vitest";
import { policySchema } from "../../src/safety/policy.js";
import { parseRunSpec } from "../../src/run/runner.js";
import { startRunTap } from "../../src/run/tap-plan.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("the run's tap and a user's proxy credentials", () => {
  for (const name of ["ALL_PROXY", "all_proxy"]) {
    it(`is none, with a notice, for credentials in ${name}`, async () => {
      const spec = parseRunSpec({ prompt: "hi", provider: "openai", cwd: process.cwd(), idleTimeoutMs: 5000 });
      const planned = await startRunTap({ spec, mock: undefined, env: { [name]: "http://alice:secret@proxy.corp:3128" }, policy: policySchema.parse({}) });
      if (planned.tap) closers.push(() => planned.tap!.signs.close());
      expect(planned.tap).toBeUndefined();
      expect(planned.notice).toMatch(/holds credentials/);
    });
  }
});
