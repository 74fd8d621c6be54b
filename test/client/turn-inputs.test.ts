// What a turn asks of Codex beyond its text reaches the model on both transports: an output schema,
// local images. What the library cannot pass on is a usage error before Codex starts; an aborted turn
// is an AbortError and leaves the thread usable. The mock records every request body: the tests check
// what the model received, not what we meant to send.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import type { Thread, Turn } from "../../src/client/thread.js";
import { AbortError, CodexHeadlessError, CodexRunError } from "../../src/core/errors.js";
import { isUnder, stateDir } from "../../src/core/paths.js";
import { HELLO_REPLY, SLOW_CHUNK } from "../../src/mock/scenarios.js";
import type { NormalizedEvent } from "../../src/transport/events.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { onePixelPng } from "../helpers/png.js";

const SCHEMA = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };

type Body = { text?: unknown; input?: Array<{ role?: string; content?: unknown }> };
const lastBody = (turn: { record: { provider: { requests: Array<{ body: unknown }> } } }) => turn.record.provider.requests.at(-1)!.body as Body;

/** What a call threw (undefined if it did not): taken once in a beforeAll, judged by a test. */
const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

function usageError(error: unknown): CodexHeadlessError {
  expect(error).toBeInstanceOf(CodexHeadlessError);
  expect((error as CodexHeadlessError).code).toBe("usage");
  expect((error as CodexHeadlessError).message).not.toContain("\n");
  return error as CodexHeadlessError;
}

describe.each(["exec", "app-server"] as const)("turn inputs over %s", (transport) => {
  // One thread serves the schema test and the refusal test (a Codex run is ~1.5 CPU-s of a CPU-bound
  // suite): the refused turns come first, before the thread has an id; the good turn after them is the
  // one that carries the output schema. So the turn that shows the thread stays usable after each
  // refusal is also the one whose request the schema test reads.
  const refused = "a turn that must never reach the model";
  let f: FixtureHome;
  let codex: Codex;
  let thread: Thread;
  let refusals: Array<[unknown, RegExp]>;
  let idBeforeGoodTurn: string | null;
  let goodTurn: Turn;
  beforeAll(async () => {
    f = fixtureHome("turn-schema");
    codex = new Codex({ provider: "mock", cwd: f.cwd, env: f.env, transport });
    thread = codex.startThread();
    refusals = [
      [await caught(thread.run([{ type: "text", text: refused }, { type: "local_image", path: "missing.png" }])), /^image missing\.png: no such file$/],
      [await caught(thread.run([{ type: "text", text: refused }, { type: "local_image", path: "." }])), /^image \.: not a file$/],
      [await caught(thread.run(refused, { outputSchema: "a string" })), /outputSchema: expected a JSON Schema object, got "a string"/],
      [await caught(thread.run(refused, { outputSchema: { answer: "yes" } })), /outputSchema: expected a JSON Schema with one of type, properties/],
      [await caught(thread.run(refused, { outputSchema: { type: 42 } })), /"type" must be a string or an array of strings/],
      [await caught(thread.run([{ type: "text", text: refused }, { type: "image_url", url: "https://example.invalid/x.png" } as never])), /input item 1: unsupported input item type "image_url"; expected "text" or "local_image"$/],
      [await caught(thread.run([{ type: "local_image", path: "pics/p0.png", detail: "low" } as never])), /^input item 0: unsupported key "detail"/],
      [await caught(thread.run(refused, { onRequestUserInput: async () => ({}) } as never)), /unsupported option "onRequestUserInput"/],
      [await caught(thread.runStreamed(refused, { signal: "soon" } as never)), /signal: expected an AbortSignal/],
    ];
    idBeforeGoodTurn = thread.id;
    goodTurn = await thread.run("a good turn, answered in JSON", { outputSchema: SCHEMA });
  });
  afterAll(async () => {
    await thread?.close();
  });

  it("outputSchema reaches the model as the request's json_schema text format", async () => {
    const turn = goodTurn;
    expect(turn.finalResponse).toBe(HELLO_REPLY);
    expect(lastBody(turn).text).toMatchObject({ format: { type: "json_schema", schema: SCHEMA } });
    if (transport === "exec") {
      // The schema file lay in our state directory, not the workspace, and is gone after the run.
      const file = turn.record.argv[turn.record.argv.indexOf("--output-schema") + 1]!;
      expect(isUnder(file, stateDir(f.env))).toBe(true);
      expect(existsSync(file)).toBe(false);
    }
    // A turn without a schema asks for none: the schema was the turn's, not the thread's.
    const plain = await thread.run("and now in prose");
    expect(JSON.stringify(lastBody(plain).text ?? null)).not.toContain("json_schema");
    // A later turn (exec: `exec resume`, whose argv is built apart) passes its own schema on too.
    const other = { type: "object", properties: { verdict: { type: "boolean" } }, required: ["verdict"], additionalProperties: false };
    const again = await thread.run("once more in JSON", { outputSchema: other });
    expect(lastBody(again).text).toMatchObject({ format: { type: "json_schema", schema: other } });
  });

  it("local_image items reach the model as input_image parts of the prompt's message", async () => {
    const f = fixtureHome("turn-image");
    const pixels = [onePixelPng([255, 0, 0]), onePixelPng([0, 0, 255])];
    mkdirSync(path.join(f.cwd, "pics"));
    pixels.forEach((png, i) => writeFileSync(path.join(f.cwd, "pics", `p${i}.png`), png));
    const thread = new Codex({ provider: "mock", scenario: "multi-turn", cwd: f.cwd, env: f.env, transport }).startThread();
    const prompt = "what colours are these?";
    try {
      // Relative paths are taken from the thread's cwd.
      const turn = await thread.run([
        { type: "text", text: prompt },
        { type: "local_image", path: "pics/p0.png" },
        { type: "local_image", path: path.join(f.cwd, "pics", "p1.png") },
      ]);
      // The model read the text as the user's prompt of turn 1, next to the images.
      expect(turn.finalResponse).toBe(`Turn 1: you said ${JSON.stringify(prompt)}`);
      const parts = (lastBody(turn).input ?? []).flatMap((item) => (item.role === "user" && Array.isArray(item.content) ? (item.content as Array<{ type: string; image_url?: string }>) : []));
      const images = parts.filter((part) => part.type === "input_image").map((part) => part.image_url);
      // The model received both files' own bytes, in order.
      expect(images).toEqual(pixels.map((png) => `data:image/png;base64,${png.toString("base64")}`));
      // A later turn (exec: `exec resume`) attaches its image to its own prompt's message.
      const next = await thread.run([{ type: "local_image", path: "pics/p1.png" }, { type: "text", text: "and this one?" }]);
      const lastUser = (lastBody(next).input ?? []).filter((item) => item.role === "user").at(-1)!;
      const nextImages = (lastUser.content as Array<{ type: string; image_url?: string }>).filter((part) => part.type === "input_image").map((part) => part.image_url);
      expect(nextImages).toEqual([`data:image/png;base64,${pixels[1]!.toString("base64")}`]);
      expect(next.finalResponse).toBe(`Turn 2: you said ${JSON.stringify("and this one?")}`);
    } finally {
      await thread.close();
    }
  });

  it("what cannot be passed on is a usage error before Codex starts; the thread stays usable", () => {
    for (const [error, message] of refusals) expect(usageError(error).message).toMatch(message);
    expect(() => codex.startThread({ outputSchema: SCHEMA } as never)).toThrow(/outputSchema is not a thread option/);
    expect(idBeforeGoodTurn).toBeNull();
    // The good turn after them (the schema test's first turn).
    expect(goodTurn.finalResponse).toBe(HELLO_REPLY);
    const received = JSON.stringify(goodTurn.record.provider.requests.map((r) => r.body));
    expect(received).toContain("a good turn");
    expect(received).not.toContain(refused);
  });

  it("an aborted turn throws AbortError with its record; the next turn continues the thread", async () => {
    const f = fixtureHome("turn-abort");
    const chunks = 8;
    const thread = new Codex({ provider: "mock", scenario: "slow", scenarioOptions: { delayMs: "150", chunks: String(chunks) }, cwd: f.cwd, env: f.env, transport }).startThread();
    try {
      const controller = new AbortController();
      const { events } = await thread.runStreamed("a slow answer", { signal: controller.signal });
      const seen: NormalizedEvent["type"][] = [];
      const error = await (async () => {
        for await (const event of events) {
          seen.push(event.type);
          if (event.type === "turn.started") controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AbortError);
      expect(error).toBeInstanceOf(CodexRunError);
      expect((error as Error).name).toBe("AbortError");
      const record = (error as AbortError).record as { outcome: string; threadId?: string };
      expect(record.outcome).toBe("interrupted");
      expect(seen).not.toContain("turn.completed");
      const id = thread.id;
      expect(id).toBe(record.threadId);

      // An already aborted signal: AbortError at once, nothing started.
      await expect(thread.run("never", { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError", record: undefined });

      const next = await thread.run("now finish");
      expect(next.finalResponse).toBe(SLOW_CHUNK.repeat(chunks).trimEnd());
      expect(thread.id).toBe(id);
      // Whether the aborted prompt stays in the history varied on app-server (seen both ways in full
      // suite runs), so it is not asserted; the README says not to rely on it. The next turn's own
      // prompt must reach the model.
      expect(JSON.stringify(next.record.provider.requests.at(-1)!.body)).toContain("now finish");
    } finally {
      await thread.close();
    }
  });
});
