// The command judge on the red-team corpus and on the spellings a deny list must see through. Unit
// level (no Codex): the end-to-end table is in red-team.test.ts.
import { describe, expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { RED_TEAM_CORPUS, RED_TEAM_DENY, attemptCommand } from "../../src/safety/red-team.js";

const deny = { allow: [], deny: [...RED_TEAM_DENY] };

describe("judgeCommand", () => {
  it.each(RED_TEAM_CORPUS.map((attempt, i) => [attempt.class, attemptCommand(attempt, i).command, attempt.control === true] as const))("%s: %s", async (_class, command, control) => {
    const verdict = await judgeCommand(deny, command);
    expect(verdict.decision).toBe(control ? "accept" : "decline");
    // The same line as Codex hands it over: wrapped in the user's shell.
    expect((await judgeCommand(deny, ["/bin/bash", "-lc", command])).decision).toBe(control ? "accept" : "decline");
  });

  it("names the rule and the simple command that decided", async () => {
    expect(await judgeCommand(deny, "ls && nice -n 3 /usr/bin/rm -rf x")).toMatchObject({ decision: "decline", rule: 'commands.deny "rm"', class: "denied", command: "nice -n 3 /usr/bin/rm -rf x" });
    expect(await judgeCommand(deny, "python3 -c 'print(1)'")).toMatchObject({ decision: "decline", class: "opaque" });
    expect((await judgeCommand(deny, "python3 -c 'print(1)'")).rule).toMatch(/python3 is an interpreter/);
  });

  it("normalises flags a prefix names, and matches whole words", async () => {
    const rf = { allow: [], deny: ["rm -rf", "git push --force"] };
    for (const command of ["rm -fr x", "rm -r -f x", "rm --recursive --force x", "rm -R -f x", "git push -f origin", "git -C . push origin --force"]) {
      expect((await judgeCommand(rf, command)).decision, command).toBe("decline");
    }
    for (const command of ["rm -r x", "rm x", "rmdir x", "git push origin", "git log --grep push"]) {
      expect((await judgeCommand(rf, command)).decision, command).toBe("accept");
    }
  });

  it("declines what only the running shell can decide, when it could match", async () => {
    const list = { allow: [], deny: ["git push"] };
    expect((await judgeCommand(list, "git $SUB origin")).decision).toBe("decline");
    expect((await judgeCommand(list, "echo push | xargs git")).decision).toBe("decline");
    expect((await judgeCommand(list, "git status $X")).decision).toBe("accept");
    expect((await judgeCommand(list, "git -c alias.p=push p")).decision).toBe("decline");
  });

  it("with an allow list, every simple command must be listed", async () => {
    const strict = { allow: ["git status", "ls"], deny: [] };
    expect((await judgeCommand(strict, "git status -s && ls")).decision).toBe("accept");
    expect(await judgeCommand(strict, "ls; git push")).toMatchObject({ decision: "decline", rule: 'commands.allow does not list "git"' });
    expect((await judgeCommand(strict, "ls $(curl x)")).decision).toBe("decline");
  });

  it("accepts everything without parsing when no list is in force", async () => {
    expect((await judgeCommand({ allow: [], deny: [] }, "$(anything) {")).decision).toBe("accept");
  });
});
