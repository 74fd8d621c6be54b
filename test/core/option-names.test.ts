// How errors and notices name a run's options: the library's keys by default, the CLI's flags once
// the CLI's entry has switched the process (core/option-names.ts).
import { afterEach, describe, expect, it } from "vitest";
import { nameOptionsAsFlags, OPTION_FLAGS, optionName } from "../../src/core/option-names.js";
import { checkSpec } from "../../src/run/check-spec.js";
import { runSpecObject, runSpecSchema } from "../../src/run/spec.js";
import { runCommand } from "../../src/cli/run.js";
import { CodexHeadlessError } from "../../src/core/errors.js";

afterEach(() => nameOptionsAsFlags(false));

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodexHeadlessError);
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("option names", () => {
  it("every option a message may name is a run option and a flag of the run command", () => {
    const keys = Object.keys(runSpecObject.shape);
    const flags = runCommand().options.map((option) => option.long);
    for (const [key, flag] of Object.entries(OPTION_FLAGS)) {
      expect(keys, key).toContain(key);
      expect(flags, key).toContain(flag);
    }
  });

  it("names an option by its key, and with its value, until the process is switched to flags", () => {
    expect(optionName("keepHome")).toBe("`keepHome`");
    expect(optionName("home", "repo")).toBe('`home: "repo"`');
    nameOptionsAsFlags();
    expect(optionName("keepHome")).toBe("--keep-home");
    expect(optionName("home", "repo")).toBe("--home repo");
  });

  it("a library caller's bad combination names the keys it passed; the CLI's, the flags", () => {
    const spec = runSpecSchema.parse({ prompt: "hi", keepHome: true, home: "ambient" });
    expect(messageOf(() => checkSpec(spec))).toBe('`keepHome` keeps a temporary home; `home: "ambient"` is not one (it outlives the run anyway)');
    nameOptionsAsFlags();
    expect(messageOf(() => checkSpec(spec))).toBe("--keep-home keeps a temporary home; --home ambient is not one (it outlives the run anyway)");
  });
});
