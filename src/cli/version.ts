// `codex-headless --version` (cli/main-all.ts): answered before any command module is loaded.
import { PROGRAM } from "./io.js";

/** `--version`: ours and the Codex a run would use, without building anything or writing a file. */
export async function versionText(): Promise<string> {
  const { ownPackageJson } = await import("../core/package-root.js");
  const { installedPinnedVersion, pinnedCodexVersion, resolveCodexPath, codexVersion } = await import("../codex/locate.js");
  const choice = process.env.CODEX_HEADLESS_CODEX ?? "pinned";
  let codex: string;
  if (choice === "pinned") {
    const installed = installedPinnedVersion();
    codex = installed ? `codex ${installed} (pinned)` : `codex ${pinnedCodexVersion()} (pinned, not installed: run npm ci)`;
  } else {
    const { path: binary } = resolveCodexPath(choice);
    codex = `codex ${await codexVersion(binary)} (${binary})`;
  }
  return `${PROGRAM} ${ownPackageJson().version}, ${codex}`;
}
