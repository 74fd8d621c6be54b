// The drop-in claim, tested: a script written against @openai/codex-sdk (the pinned devDependency)
// runs unchanged against codex-headless but for its import line, on both transports, and the SDK runs
// the same script side by side on the same pinned Codex binary and a mock model. Compared: final
// answers, item and event types, error names, and what the model received (prompts, images, output
// schema, model and reasoning effort). Usage numbers are not compared.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { startMockProvider, type MockProvider } from "../../src/mock/server.js";
import { runCommand } from "../../src/process/spawn.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { onePixelPng } from "../helpers/png.js";

const SCRIPT = path.join(REPO_ROOT, "test", "fixtures", "sdk-compat", "script.mjs");
const SDK_IMPORT = 'import { Codex } from "@openai/codex-sdk";';
const KEY_ENV = "SDK_COMPAT_MOCK_KEY";
const MODEL = "compat-model";

type Side = "sdk" | "exec" | "app-server";
interface Outcome {
  steps: Record<string, Record<string, unknown>>;
  received: Array<Record<string, unknown>>;
  stderr: string;
}

/** What the model received per request, in a shape both sides can be compared by. */
function received(mock: MockProvider): Array<Record<string, unknown>> {
  return mock.requests
    .filter((request) => request.method === "POST")
    .map((request) => {
      const body = request.body as { model?: string; reasoning?: { effort?: string }; text?: { format?: { type?: string; schema?: unknown } }; input?: Array<{ role?: string; content?: Array<{ type: string; text?: string; image_url?: string }> }> };
      const user = (body.input ?? []).filter((item) => item.role === "user").at(-1);
      const parts = user?.content ?? [];
      return {
        model: body.model,
        effort: body.reasoning?.effort,
        format: body.text?.format?.type ?? null,
        schema: body.text?.format?.schema ?? null,
        prompt: parts.filter((part) => part.type === "input_text").map((part) => part.text).at(-1),
        images: parts.filter((part) => part.type === "input_image").map((part) => part.image_url),
      };
    });
}

async function runScript(side: Side): Promise<Outcome> {
  const f = fixtureHome(`sdk-compat-${side}`);
  const app = path.join(path.dirname(f.cwd), "app");
  mkdirSync(path.join(app, "node_modules", "@openai"), { recursive: true });
  const source = readFileSync(SCRIPT, "utf8");
  expect(source).toContain(SDK_IMPORT);
  // The one line that changes.
  writeFileSync(path.join(app, "script.mjs"), side === "sdk" ? source : source.replace(SDK_IMPORT, 'import { Codex } from "codex-headless";'));
  symlinkSync(REPO_ROOT, path.join(app, "node_modules", "codex-headless"));
  symlinkSync(path.join(REPO_ROOT, "node_modules", "@openai", "codex-sdk"), path.join(app, "node_modules", "@openai", "codex-sdk"));
  const image = path.join(path.dirname(f.cwd), "pixel.png");
  writeFileSync(image, onePixelPng([0, 128, 255]));
  const mock = await startMockProvider({ scenario: "multi-turn" });
  try {
    const env = { ...f.env, [KEY_ENV]: "compat-token" } as Record<string, string>;
    const params = {
      codexPath: pinnedCodexPath(),
      env,
      cwd: f.cwd,
      image,
      model: MODEL,
      // Codex pointed at the mock as any SDK user points it at a provider: a config object.
      config: { model_provider: "compat_mock", model_providers: { compat_mock: { name: "compat mock", base_url: mock.baseUrl, wire_api: "responses", env_key: KEY_ENV } } },
      extra: side === "sdk" ? {} : { transport: side },
    };
    // The project's spawner: the script in its own process group, and on its watchdog the whole tree
    // stopped, the Codex the SDK started included (a plain spawn's kill left that Codex running).
    const result = await runCommand(process.execPath, [path.join(app, "script.mjs")], { cwd: app, env: { ...f.env, SDK_COMPAT: JSON.stringify(params) }, timeoutMs: 150_000 });
    const { stdout, stderr, code } = result;
    expect(code, `${side}: ${stdout}\n${stderr}`).toBe(0);
    const steps = Object.fromEntries(
      stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { step: string })
        .map(({ step, ...rest }) => [step, rest]),
    );
    return { steps, received: received(mock), stderr };
  } finally {
    await mock.close();
  }
}

describe("an @openai/codex-sdk script, unchanged but for the import", () => {
  it("gives the SDK's answers, item types, error names and model requests on both transports", async () => {
    const [sdk, exec, appServer] = (await Promise.all((["sdk", "exec", "app-server"] as const).map(runScript))) as [Outcome, Outcome, Outcome];
    // The SDK's own run: the baseline is what we think it is.
    expect(Object.keys(sdk.steps)).toEqual(["run", "runStreamed", "resume", "outputSchema", "image", "abort"]);
    expect(sdk.steps.run).toMatchObject({ finalResponse: 'Turn 1: you said "Say hello."', idKnown: true });
    expect(sdk.steps.abort).toEqual({ error: "AbortError" });
    expect(sdk.received).toHaveLength(5);
    expect(sdk.received[0]).toMatchObject({ model: MODEL, effort: "low", format: null });
    expect(sdk.received[3]).toMatchObject({ format: "json_schema" });
    expect(sdk.received[4]!.images).toHaveLength(1);
    for (const [side, ours] of [["exec", exec], ["app-server", appServer]] as const) {
      expect(ours.steps, side).toEqual(sdk.steps);
      expect(ours.received, side).toEqual(sdk.received);
    }
  }, 200_000);
});
