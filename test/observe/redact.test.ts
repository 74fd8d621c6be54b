import { describe, expect, it } from "vitest";
import { hashPrefix, Redactor } from "../../src/observe/redact.js";

describe("Redactor", () => {
  it("redacts by name and by value, everywhere", () => {
    const redactor = new Redactor();
    redactor.addSecretsFromEnv({ OPENAI_API_KEY: "sk-very-secret-value", PATH: "/usr/bin", SHORT_TOKEN: "abc" });
    const env = redactor.redactEnv({ OPENAI_API_KEY: "sk-very-secret-value", ECHO: "key is sk-very-secret-value", PATH: "/usr/bin" });
    expect(env.OPENAI_API_KEY).toBe(`<redacted:${hashPrefix("sk-very-secret-value")}>`);
    expect(env.ECHO).toBe(`key is <redacted:${hashPrefix("sk-very-secret-value")}>`);
    expect(env.PATH).toBe("/usr/bin");
    expect(JSON.stringify(redactor.redactDeep({ a: ["x sk-very-secret-value y"] }))).not.toContain("sk-very-secret-value");
  });

  it("replaces the longest secret first", () => {
    const redactor = new Redactor(["secret-part", "secret-part-and-more"]);
    expect(redactor.redactString("secret-part-and-more")).toBe(`<redacted:${hashPrefix("secret-part-and-more")}>`);
  });
});
