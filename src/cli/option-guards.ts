// One rule for every option of every command that takes a value: an empty value, or the option given
// twice, is bad input (exit 2), never silently taken. Found by a newcomer trial: `--policy ""` ran
// under the built-in policy (a script's `--policy "$P"` with P unset loses its policy), a second
// `--policy` or `--sandbox` replaced the first, and `--provider mock --provider openai` reached the
// paid service. Repeatable options (collected into a list) are left as they are.
import type { Command, Option } from "commander";
import { CodexHeadlessError } from "../core/errors.js";
import { collect } from "./io.js";

const takesValue = (option: Option): boolean => (option.required || option.optional) && !option.variadic && option.parseArg !== collect;

/** Guards `command`'s options and its subcommands', and makes each subcommand's errors ours (one
 *  line, exit 2) as the entry point does for the top level. */
export function guardOptions(command: Command): void {
  for (const option of command.options) {
    if (!takesValue(option)) continue;
    const name = option.long ?? option.short ?? option.flags;
    const parse = option.parseArg;
    option.argParser((value: string, previous: unknown) => {
      if (value.trim() === "") throw new CodexHeadlessError("usage", `${name}: empty value`);
      // Commander marks an option "cli" once the command line gave it: this is a second one.
      if (command.getOptionValueSource(option.attributeName()) === "cli") throw new CodexHeadlessError("usage", `${name} given twice; give it once`);
      return parse ? parse(value, previous) : value;
    });
  }
  for (const sub of command.commands) {
    sub.configureOutput({ outputError: () => {} }).exitOverride();
    guardOptions(sub);
  }
}
