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

describe("secret names", () => {
  it("are one list: every name the policy hides from tools by default is redacted in records, but for paths and sockets", async () => {
    const { SECRET_NAME_GLOBS, isSecretName } = await import("../../src/observe/secret-names.js");
    const { defaultPolicy } = await import("../../src/safety/policy.js");
    const hidden = defaultPolicy().env.exclude;
    expect(hidden).toEqual([...SECRET_NAME_GLOBS]);
    // Formerly the redactor alone knew these two.
    expect(hidden).toEqual(expect.arrayContaining(["*SIGNATURE*", "*CERT_PASS*"]));
    for (const glob of hidden) expect(isSecretName(`MY_${glob.slice(1, -1)}_X`)).toBe(true);
    // Hidden from tools (Codex's globs have no exceptions), deliberately kept in records: no secret in them.
    expect(isSecretName("SSH_AUTH_SOCK")).toBe(false);
    expect(isSecretName("XAUTHORITY")).toBe(false);
  });
});
