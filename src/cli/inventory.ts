// `codex-headless inventory [--json]`: the published surface of the installed Codex.
import { Command } from "commander";
import { fetchCodexVersion } from "../codex/fetch-version.js";
import { buildInventory, type CommandNode, type EnvVarItem } from "../surface/inventory.js";
import { diffInventories } from "../surface/inventory-diff.js";

const note = (message: string) => process.stderr.write(`codex-headless: ${message}\n`);

function lines(node: CommandNode, indent = ""): string[] {
  const name = node.path.length ? node.path.join(" ") : "codex";
  const flags = node.options.map((o) => o.long ?? o.short).filter(Boolean).join(" ");
  return [`${indent}${name}${node.experimental ? " [experimental]" : ""}${node.aliases.length ? ` (aliases: ${node.aliases.join(", ")})` : ""}: ${flags}`, ...node.subcommands.flatMap((child) => lines(child, `${indent}  `))];
}

/** An environment variable as the listing prints it: what the bytes leave open is marked, not decided. */
function envVarLabel(variable: EnvVarItem): string {
  const name = variable.extends && variable.status === "hidden" ? `${variable.extends}(${variable.name.slice(variable.extends.length)})` : variable.name;
  return `${name}${variable.nextCapital ? `[${variable.nextCapital}]` : ""}${variable.textAfter ? `…${JSON.stringify(variable.textAfter)}` : ""}${variable.status === "hidden" ? "*" : ""}`;
}

export function inventoryCommand(): Command {
  return new Command("inventory")
    .description("the published surface of the installed Codex: commands, flags, features, config keys, app-server protocol, doctor checks, environment variables")
    .option("--json", "print the inventory as JSON")
    .option("--codex <which>", "pinned, system or a path to a codex binary (the base of --diff)", "pinned")
    .option("--diff <version>", "compare with another Codex version, fetched from the npm registry into a cache")
    .option("--no-config-probe", "skip probing the config parser (config keys then come only from the schema, help texts and features)")
    .action(async (flags: { json?: boolean; codex: string; diff?: string; configProbe: boolean }) => {
      const options = { configProbe: flags.configProbe, onProgress: note };
      if (flags.diff) {
        const other = await fetchCodexVersion(flags.diff);
        const withShapes = { ...options, schemaShapes: true };
        const diff = diffInventories(await buildInventory(flags.codex, process.env, withShapes), await buildInventory(other, process.env, withShapes));
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(diff, null, 2)}\n`
            : [`Codex ${diff.from} → ${diff.to}`, `added (${diff.added.length}):`, ...diff.added.map((i) => `  + ${i}`), `removed (${diff.removed.length}):`, ...diff.removed.map((i) => `  - ${i}`), `changed (${diff.changed.length}):`, ...diff.changed.map((i) => `  ~ ${i}`), ""].join("\n"),
        );
        return;
      }
      const inventory = await buildInventory(flags.codex, process.env, options);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(inventory, null, 2)}\n`);
        return;
      }
      const stages = new Map<string, number>();
      for (const feature of inventory.features) stages.set(feature.stage, (stages.get(feature.stage) ?? 0) + 1);
      process.stdout.write(
        [
          `Codex ${inventory.codexVersion} (${inventory.codexPath})`,
          "",
          ...lines(inventory.commands),
          "",
          `features: ${inventory.features.length} (${[...stages].map(([stage, n]) => `${n} ${stage}`).join(", ")})`,
          `environment variables named in the binary: ${inventory.envVars.map(envVarLabel).join(" ")} (* in no help text; [X]: the name runs into a lowercase word there, so X is its last letter or that word's first; A(B): A is held on its own elsewhere, so B may be this name's or a neighbouring string's)`,
          `config keys: ${inventory.configKeys.length} (${inventory.configKeys.filter((k) => k.source === "app-server-schema").length} from the app-server schema, ${inventory.configKeys.filter((k) => k.source === "help").length} from help texts, ${inventory.configKeys.filter((k) => k.source === "features list").length} feature switches, ${flags.configProbe ? `${inventory.configKeys.filter((k) => k.source === "config-parser").length} found only by probing the config parser` : "the config parser not probed"})`,
          // Skipped, the two parser lines said an empty list and "none" (a newcomer trial): say it was not asked.
          ...(flags.configProbe
            ? [
                `config keys the parser knows: ${inventory.configKeys.filter((k) => k.parser === "known").map((k) => `${k.key}${k.status === "documented" ? "" : k.status === "hidden" ? "*" : "+"}`).join(" ")} (* hidden, + experimental)`,
                `documented config keys the parser ignores: ${inventory.configKeys.filter((k) => k.status === "documented" && k.parser === "ignored").map((k) => k.key).join(" ") || "none"}`,
              ]
            : ["config keys the parser knows, and documented ones it ignores: not probed (--no-config-probe); run inventory without it to probe"]),
          `app-server protocol: ${inventory.protocol.length ? (["client-request", "server-request", "server-notification", "client-notification"] as const).map((d) => `${inventory.protocol.filter((m) => m.direction === d).length} ${d}s (${inventory.protocol.filter((m) => m.direction === d && m.status === "experimental").length} experimental)`).join(", ") : "no schema (this Codex cannot generate one)"}`,
          `doctor checks: ${inventory.doctor.available ? inventory.doctor.checks.map((c) => c.id).join(" ") : inventory.doctor.reason}`,
          "",
        ].join("\n"),
      );
    });
}
