// The made-up key claim is about config.toml: it may be made only from a run with the key in
// config.toml, never from a `-c` override alone.
import { describe, expect, it } from "vitest";
import { madeUpKeyAnswer } from "../../src/lab/experiments/surface/config-keys.js";

const KEY = "made_up";

describe("madeUpKeyAnswer", () => {
  it("claims nothing of config.toml from a -c override alone", () => {
    const answer = madeUpKeyAnswer([{ form: "-c override", code: 0, stderr: "" }], KEY);
    expect(answer).not.toMatch(/in config\.toml is/);
    expect(answer).toContain("config.toml itself was not tried");
  });

  it("says silent for config.toml only when the config.toml run was silent, and says each form apart", () => {
    const silent = madeUpKeyAnswer([{ form: "-c override", code: 0, stderr: "" }, { form: "config.toml", code: 0, stderr: "" }], KEY);
    expect(silent).toContain("`-c made_up=1`: exit 0, empty stderr; `made_up = 1` in config.toml: exit 0, empty stderr");
    expect(silent).toContain("A misspelt or retired key in config.toml is therefore without a word");
    const loud = madeUpKeyAnswer([{ form: "-c override", code: 0, stderr: "" }, { form: "config.toml", code: 1, stderr: "Error loading config.toml: unknown field `made_up`\n" }], KEY);
    expect(loud).toContain('`made_up = 1` in config.toml: exit 1, stderr "Error loading config.toml: unknown field `made_up`"');
    expect(loud).not.toMatch(/without a word/);
  });
});
