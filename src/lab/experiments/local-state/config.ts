// Which configuration wins: config.toml, `-c` overrides, `--profile` (a file layer in the pinned Codex,
// or the older [profiles.NAME] table), and a project's own .codex/config.toml, trusted or not. Each
// layer sets `developer_instructions` to its own marker; the marker that reaches the model (in the
// request the mock captured) is the layer that won.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunSpecInput } from "../../../run/spec.js";
import type { Experiment } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

interface Variant {
  name: string;
  spec: Partial<RunSpecInput>;
  profileFile?: boolean;
  profileTable?: boolean;
  project?: boolean;
  trusted?: boolean;
}

const DASH_C = 'developer_instructions="marker-dash-c"';
const VARIANTS: Variant[] = [
  { name: "config.toml", spec: {} },
  { name: "config.toml + -c", spec: { config: [DASH_C] } },
  { name: "config.toml + --profile p (p.config.toml)", spec: { profile: "p" }, profileFile: true },
  { name: "config.toml + --profile p + -c", spec: { profile: "p", config: [DASH_C] }, profileFile: true },
  { name: "config.toml + --profile p ([profiles.p] table)", spec: { profile: "p" }, profileTable: true },
  { name: "config.toml + project .codex/config.toml, untrusted", spec: {}, project: true },
  { name: "config.toml + project .codex/config.toml, trusted", spec: {}, project: true, trusted: true },
];

const toml = (value: string) => JSON.stringify(value);

export const localStateConfig: Experiment = {
  id: "local-state-config",
  direction: "local-state",
  title: "Which configuration layer wins",
  async run(ctx): Promise<Finding[]> {
    const rows: NonNullable<Finding["table"]> = [];
    const evidence: Evidence[] = [];
    const results = new Map<string, { winner: string; outcome: string; warning?: string; failure?: string }>();
    for (const variant of VARIANTS) {
      ctx.progress(variant.name);
      const fixture = ctx.fixture(variant.name.replace(/\W+/g, "-"));
      // The project is its own git root, so its trust entry is keyed by this directory.
      mkdirSync(path.join(fixture.cwd, ".git"), { recursive: true });
      const home = path.join(fixture.home, "codex-home");
      mkdirSync(home, { recursive: true });
      let config = 'developer_instructions = "marker-config-toml"\n';
      if (variant.trusted) config += `\n[projects.${toml(fixture.cwd)}]\ntrust_level = "trusted"\n`;
      if (variant.profileTable) config += '\n[profiles.p]\ndeveloper_instructions = "marker-profile-table"\n';
      writeFileSync(path.join(home, "config.toml"), config);
      if (variant.profileFile) writeFileSync(path.join(home, "p.config.toml"), 'developer_instructions = "marker-profile-file"\n');
      if (variant.project) {
        mkdirSync(path.join(fixture.cwd, ".codex"), { recursive: true });
        writeFileSync(path.join(fixture.cwd, ".codex", "config.toml"), 'developer_instructions = "marker-project"\n');
      }
      const { record, evidence: e } = await ctx.run(`config-${variant.name.replace(/\W+/g, "-")}`, { prompt: "hi", scenario: "hello", home, timeoutMs: 45_000, ...variant.spec }, fixture);
      evidence.push(e);
      const request = record.provider.requests.find((r) => r.path.endsWith("/responses"));
      const markers = [...new Set(JSON.stringify(request?.body ?? "").match(/marker-[a-z-]+/g) ?? [])];
      const winner = markers.length === 1 ? markers[0]!.replace("marker-", "") : markers.length ? markers.join("+") : "none (no request)";
      const warning = record.stderr.find((s) => s.class === "project-trust-warning")?.line;
      results.set(variant.name, { winner, outcome: record.outcome, ...(warning ? { warning } : {}), ...(record.failure ? { failure: record.failure.message } : {}) });
      rows.push({ layers: variant.name, outcome: record.outcome, "reached the model": winner, note: record.failure?.message.slice(0, 240) ?? warning?.slice(0, 240) ?? null });
    }
    const winnerOf = (name: string) => results.get(name)!;
    const dashC = winnerOf("config.toml + -c").winner === "dash-c" && winnerOf("config.toml + --profile p + -c").winner === "dash-c";
    const profileFile = winnerOf("config.toml + --profile p (p.config.toml)").winner === "profile-file";
    const table = winnerOf("config.toml + --profile p ([profiles.p] table)");
    const untrusted = winnerOf("config.toml + project .codex/config.toml, untrusted");
    const trusted = winnerOf("config.toml + project .codex/config.toml, trusted");
    return [
      {
        id: "local-state-config-precedence",
        question: "Which configuration layer reaches the model: config.toml, --profile, -c, or the project's .codex/config.toml?",
        answer: [
          dashC ? "`-c` overrides beat every file, a profile included." : "`-c` did not win over every file here.",
          profileFile ? "`--profile p` layers $CODEX_HOME/p.config.toml over config.toml." : "`--profile p` with p.config.toml did not take effect.",
          table.outcome === "ok"
            ? `The older [profiles.p] table still works (${table.winner} reached the model).`
            : `The older [profiles.p] table is refused outright: the run failed before any request (${(table.failure ?? "").split(";")[0]!.replace(/\/\S*\/(?=config\.toml)/g, "$CODEX_HOME/")}).`,
          untrusted.winner === "config-toml"
            ? `A project's .codex/config.toml is ignored until the project is trusted${untrusted.warning ? ", with a warning on stderr" : ""}; trusted, it ${trusted.winner === "project" ? "wins over the user's config.toml" : `gave ${trusted.winner}`}.`
            : `An untrusted project's .codex/config.toml gave ${untrusted.winner}.`,
          "A tool that launches Codex in a repository it did not mark trusted therefore runs with different settings than the user's own trusted shell session.",
        ].join(" "),
        status: "measured",
        table: rows,
        evidence,
      },
    ];
  },
};
