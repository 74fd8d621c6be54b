// Which bearer token the mock provider demands of a run that carries auth into its home: the carried
// API key (by hash), or none at all for `--auth none`, so a run that sent the wrong credentials fails
// as it would against the real service. The runner and the library's threads (which start one mock
// for many turns) ask here, so both check alike.
import type { AuthPlan } from "../home/auth.js";
import { sha256Hex, type MockProviderOptions } from "../mock/server.js";

export function mockAuthCheck(auth: AuthPlan | undefined): Pick<MockProviderOptions, "expectedBearerSha256"> {
  // A ChatGPT login's access token is not known beforehand (Codex may refresh it): no check.
  if (!auth || (auth.expectedToken === undefined && auth.mode !== "none")) return {};
  return { expectedBearerSha256: sha256Hex(auth.expectedToken ?? "") };
}
