// Which config.toml keys the installed Codex really reads, against the ones it publishes. The
// inventory's parser probe (a wrong value per candidate key; the parser refuses exactly the keys it
// knows) gives the keys; the app-server schema, help texts and the feature list give what is
// published. One more run shows what happens to a key the parser does not know.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildInventory, type ConfigKeyItem } from "../../../surface/inventory.js";
import { cacheDir } from "../../../core/paths.js";
import type { Experiment } from "../../experiment.js";

/** A name the parser cannot know: what does config.toml do with a misspelt or retired key? */
const MADE_UP_KEY = "codex_headless_made_up_key";

/** How Codex answered a made-up key given one way (`-c` or a line in config.toml). */
export interface MadeUpKeyRun {
  form: "-c override" | "config.toml";
  code: number | null;
  stderr: string;
}

/** What each form of the made-up key did, said for that form only: a `-c` run says nothing of
 *  config.toml, and "silently without effect" needs exit 0 and empty stderr in config.toml itself. */
export function madeUpKeyAnswer(runs: MadeUpKeyRun[], key: string): string {
  const said = (run: MadeUpKeyRun) => {
    const stderr = run.stderr.trim();
    const how = run.form === "-c override" ? `\`-c ${key}=1\`` : `\`${key} = 1\` in config.toml`;
    return run.code === 0 && !stderr ? `${how}: exit 0, empty stderr` : `${how}: exit ${String(run.code)}${stderr ? `, stderr "${stderr.split("\n")[0]!.slice(0, 160)}"` : ""}`;
  };
  const silent = runs.filter((run) => run.code === 0 && !run.stderr.trim());
  const file = runs.find((run) => run.form === "config.toml");
  const verdict =
    file && silent.includes(file)
      ? " A misspelt or retired key in config.toml is therefore without a word (whether it has any effect was not measured: the key means nothing); a tool that writes config must check its keys itself."
      : file
        ? ""
        : " config.toml itself was not tried.";
  return `A key it does not know (\`codex features list\`, one run per form): ${runs.map(said).join("; ")}.${verdict}`;
}

function explainIgnored(item: ConfigKeyItem, known: ConfigKeyItem[]): string {
  const elsewhere = known.filter((k) => k.key.endsWith(`.${item.key}`)).map((k) => k.key);
  const where = item.source === "help" ? "a -c example in a help text" : item.source === "app-server-schema" ? "the app-server schema's config type" : item.source;
  return `${item.key} (named in ${where}${elsewhere.length ? `; the parser knows it as ${elsewhere.join(", ")}` : ""})`;
}

export const surfaceConfigKeys: Experiment = {
  id: "surface-config-keys",
  direction: "surface",
  title: "Config keys the parser reads against the keys the binary publishes",
  seconds: 45,
  async run(ctx) {
    const fixture = ctx.fixture("config-keys");
    // The probe's answer depends on the binary alone; reuse one our cache already holds for it.
    const env = { ...fixture.env, CODEX_HEADLESS_CACHE_DIR: cacheDir(process.env) };
    const inventory = await buildInventory(ctx.codex.path, env, { onProgress: (message) => ctx.progress(message) });
    const probe = inventory.configKeyProbe;
    const known = inventory.configKeys.filter((k) => k.parser === "known");
    const nonFeature = (k: ConfigKeyItem) => !k.key.startsWith("features.");
    const published = known.filter((k) => k.status === "documented");
    const hidden = known.filter((k) => k.status === "hidden");
    const experimental = known.filter((k) => k.status === "experimental");
    const ignored = inventory.configKeys.filter((k) => k.status === "documented" && k.parser === "ignored");

    const madeUp = await ctx.bare(fixture, ["-c", `${MADE_UP_KEY}=1`, "features", "list"], { timeoutMs: 30_000 });
    const madeUpStderr = madeUp.stderr.trim();
    // The same key as a line of config.toml, in a home of its own: the answer's claim is about the file.
    const fileFixture = ctx.fixture("config-keys-file");
    const fileHome = path.join(fileFixture.home, "codex-home");
    mkdirSync(fileHome, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(fileHome, "config.toml"), `${MADE_UP_KEY} = 1\n`);
    const inFile = await ctx.bare(fileFixture, ["features", "list"], { codexHome: fileHome, timeoutMs: 30_000 });
    const madeUpRuns: MadeUpKeyRun[] = [
      { form: "-c override", code: madeUp.code, stderr: madeUp.stderr },
      { form: "config.toml", code: inFile.code, stderr: inFile.stderr },
    ];

    const evidence = [
      ctx.evidence("config-keys.json", "capture", `config keys of Codex ${inventory.codexVersion}: ${known.length} known to the parser, ${ignored.length} published but ignored`, { probe, configKeys: inventory.configKeys.filter(nonFeature) }),
      ctx.evidence("made-up-key.json", "capture", `-c ${MADE_UP_KEY}=1 features list: exit ${String(madeUp.code)}, ${madeUpStderr ? "stderr present" : "stderr empty"}; in config.toml: exit ${String(inFile.code)}, ${inFile.stderr.trim() ? "stderr present" : "stderr empty"}`, madeUpRuns.map((run) => ({ ...run, stderr: run.stderr.slice(0, 4000) }))),
    ];
    const topLevel = known.filter((k) => !k.key.includes("."));
    return [
      {
        id: "surface-config-keys",
        question: "Which config.toml keys does the installed Codex's parser know, how many of them does the binary publish, and what does it do with a key it does not know?",
        answer: [
          `The parser knows ${known.length} keys (${topLevel.length} at the top level; the rest one level into ${probe.tables.length} tables; entries of maps such as mcp_servers, profiles or features were not probed).`,
          `${published.length} of them are published in the app-server schema's config type, a help text or the feature list; ${hidden.length} are published nowhere in the binary (hidden), ${experimental.length} more carry "experimental" in their name.`,
          ignored.length ? `Published keys the parser ignores: ${ignored.map((k) => explainIgnored(k, known)).join("; ")}.` : "Every published key that was probed is known to the parser.",
          madeUpKeyAnswer(madeUpRuns, MADE_UP_KEY),
          `Method: ${probe.method} (${probe.candidates} candidates, ${probe.runs} runs${probe.cached ? ", read from our cache of an earlier probe of this same binary" : ""}).`,
        ].join(" "),
        status: known.length > 0 ? "measured" : "error",
        table: [...hidden.filter(nonFeature), ...ignored].map((k) => ({ key: k.key, status: k.status, parser: k.parser, "parser says": k.parserSays ?? "" })),
        evidence,
      },
    ];
  },
};
