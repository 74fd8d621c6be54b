// Which wire a run takes to the model, per provider configuration: the Responses API over a WebSocket
// or over HTTP with server-sent events, and what each costs. Codex 0.169.0 tries the WebSocket first
// for a provider that says `supports_websockets`: the built-in `openai` provider does, and the base URL
// (`openai_base_url`, the SDK's `baseUrl`) does not change that; a custom provider does not unless its
// entry says so (codex-rs/model-provider-info/src/lib.rs, `create_openai_provider` and
// `supports_websockets`, https://github.com/openai/codex/tree/rust-v0.169.0). The mock serves both
// wires, so the same scenario's answer and the model request can be compared across them.
import { MOCK_MODEL, MOCK_TOKEN } from "../../../mock/provider-config.js";
import { readConversation, responsesRequestSchema } from "../../../mock/conversation.js";
import type { CapturedRequest } from "../../../mock/capture.js";
import { overridePairs } from "../../../codex/config-overrides.js";
import type { RunRecord } from "../../../run/record.js";
import type { Experiment, LabContext } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";
import { isReconnectNotice } from "../../../transport/events.js";

/** The feature flags whose names suggest an off switch for the WebSocket (`codex features list`). */
const WS_FEATURES_OFF = ["features.responses_websockets=false", "features.responses_websockets_v2=false"];
const PROMPT = "run the probe";

interface Variant {
  name: string;
  label: string;
  builtIn: boolean;
  refuseWebSocket?: number;
  config?: string[];
}

const VARIANTS: Variant[] = [
  { name: "builtin-base-url", label: "built-in openai provider, openai_base_url (the SDK's baseUrl); server speaks WebSocket", builtIn: true },
  { name: "mock-provider", label: "codex-headless's mock provider (a custom provider entry, as the runner writes it)", builtIn: false },
  {
    name: "builtin-no-ws-server",
    label: `built-in openai provider, openai_base_url; server answers the upgrade 404 (no WebSocket path); ${WS_FEATURES_OFF.join(", ")}`,
    builtIn: true,
    refuseWebSocket: 404,
    config: WS_FEATURES_OFF,
  },
];

export type WirePath = "websocket" | "http after refused upgrades" | "http only" | "none";

/** Which wire the model requests took, from what the mock captured. */
export function wireTaken(requests: CapturedRequest[]): { path: WirePath; refusedUpgrades: number; websocketRequests: number; httpRequests: number } {
  const refusedUpgrades = requests.filter((r) => r.websocket?.refusedWith !== undefined).length;
  const websocketRequests = requests.filter((r) => r.websocket?.message === "response.create" && r.websocket.generate !== false).length;
  const httpRequests = requests.filter((r) => r.transport === "sse" && r.method === "POST" && r.path.endsWith("/responses")).length;
  const path: WirePath = websocketRequests > 0 && httpRequests === 0 ? "websocket" : httpRequests > 0 ? (refusedUpgrades > 0 ? "http after refused upgrades" : "http only") : "none";
  return { path, refusedUpgrades, websocketRequests, httpRequests };
}

/** The last model request that produced an answer (a warm-up is not one). */
function lastModelRequest(requests: CapturedRequest[]): CapturedRequest | undefined {
  return requests.filter((r) => (r.transport === "sse" ? r.method === "POST" : r.websocket?.message === "response.create" && r.websocket.generate !== false)).at(-1);
}

const keysOf = (value: unknown): string[] => (value && typeof value === "object" ? Object.keys(value) : []);
const onlyIn = (a: string[], b: string[]) => a.filter((key) => !b.includes(key)).sort();
const toolNames = (body: unknown) => ((body as { tools?: Array<{ name?: string; type?: string }> }).tools ?? []).map((tool) => tool.name ?? tool.type ?? "?");

/** How two model requests differ: the body fields and header names only one of them has, and whether
 *  what the model is told (instructions, tools, prompts, tool outputs) is the same. */
export function compareRequests(first: CapturedRequest, second: CapturedRequest) {
  const heard = (request: CapturedRequest) => {
    const conversation = readConversation(responsesRequestSchema.parse(request.body));
    return JSON.stringify({ prompts: conversation.prompts, outputs: conversation.toolOutputs.map((output) => output.commandOutput) });
  };
  const a = first.body as Record<string, unknown>;
  const b = second.body as Record<string, unknown>;
  return {
    fieldsOnlyInFirst: onlyIn(keysOf(a), keysOf(b)),
    fieldsOnlyInSecond: onlyIn(keysOf(b), keysOf(a)),
    headersOnlyInFirst: onlyIn(keysOf(first.headers), keysOf(second.headers)),
    headersOnlyInSecond: onlyIn(keysOf(second.headers), keysOf(first.headers)),
    sameInstructions: a.instructions === b.instructions,
    sameTools: JSON.stringify(toolNames(a)) === JSON.stringify(toolNames(b)),
    sameConversation: heard(first) === heard(second),
    sameModel: a.model === b.model,
  };
}

async function runVariant(ctx: LabContext, variant: Variant): Promise<{ variant: Variant; record: RunRecord; evidence: Evidence; requests: CapturedRequest[] }> {
  const mock = await ctx.mock({ scenario: "shell", ...(variant.refuseWebSocket ? { refuseWebSocket: variant.refuseWebSocket } : {}) });
  try {
    const fixture = ctx.fixture(variant.name);
    // The built-in provider reads its key as it would a user's (CODEX_API_KEY); the same model name
    // on both sides, so the requests compare like with like.
    const { record, evidence } = variant.builtIn
      ? await ctx.run(
          variant.name,
          { prompt: PROMPT, provider: "openai", home: "isolated", timeoutMs: 45_000, config: [...overridePairs({ openai_base_url: mock.baseUrl, model: MOCK_MODEL }), ...(variant.config ?? [])] },
          fixture,
          { env: { ...fixture.env, CODEX_API_KEY: MOCK_TOKEN } },
        )
      : await ctx.run(variant.name, { prompt: PROMPT, provider: "mock", scenario: "shell", timeoutMs: 45_000, config: variant.config ?? [] }, fixture, { mock, env: fixture.env });
    return { variant, record, evidence, requests: [...mock.requests] };
  } finally {
    await mock.close();
  }
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

export const surfaceWire: Experiment = {
  id: "surface-wire",
  direction: "surface",
  title: "The wire to the model: WebSocket or HTTP, per provider configuration",
  seconds: 25,
  async run(ctx): Promise<Finding[]> {
    ctx.progress(`${VARIANTS.length} provider configurations`);
    const runs = await Promise.all(VARIANTS.map((variant) => runVariant(ctx, variant)));
    const evidence: Evidence[] = runs.map((run) => run.evidence);
    evidence.push(ctx.evidence("captures.json", "capture", "what the mock received per configuration (transport, path, websocket message, headers; bodies left out)", Object.fromEntries(runs.map((run) => [run.variant.name, run.requests.map(({ body: _body, ...rest }) => rest)]))));
    const reference = runs.find((run) => !run.variant.builtIn)!;
    const rows: NonNullable<Finding["table"]> = runs.map((run) => {
      const wire = wireTaken(run.requests);
      const firstAt = run.requests[0]?.receivedAtMs;
      const firstModel = run.requests.find((r) => r.websocket?.refusedWith === undefined && (r.transport === "websocket" ? r.websocket?.message === "response.create" : r.method === "POST"));
      return {
        configuration: run.variant.label,
        path: wire.path === "http after refused upgrades" ? `http after ${wire.refusedUpgrades} refused upgrades` : wire.path,
        "refused upgrades": wire.refusedUpgrades,
        "websocket requests": wire.websocketRequests,
        "http requests": wire.httpRequests,
        "reconnect notices": run.record.events.filter(isReconnectNotice).length,
        "seconds before the first served request": firstAt !== undefined && firstModel ? seconds(firstModel.receivedAtMs - firstAt) : null,
        "run seconds": seconds(run.record.timings.endMs - run.record.timings.startMs),
        outcome: run.record.outcome,
        "same answer as the mock provider": run.record.finalResponse === reference.record.finalResponse && run.record.outcome === "ok",
      };
    });
    const [viaWs, , fallback] = runs;
    // The wire's own difference: one provider (built-in), one request over each wire (the fallback
    // run reached HTTP). The provider's: the built-in and the mock provider, both over HTTP.
    const wsRequest = lastModelRequest(viaWs!.requests);
    const fallbackHttp = lastModelRequest(fallback!.requests);
    const mockHttp = lastModelRequest(reference.requests);
    const wireDiff = wsRequest?.transport === "websocket" && fallbackHttp?.transport === "sse" ? compareRequests(wsRequest, fallbackHttp) : undefined;
    const providerDiff = fallbackHttp?.transport === "sse" && mockHttp ? compareRequests(fallbackHttp, mockHttp) : undefined;
    evidence.push(ctx.evidence("request-diff.json", "capture", "the built-in provider's last WebSocket request against its last HTTP request (the fallback run), and the built-in provider's HTTP request against the mock provider's", { wire: wireDiff ?? null, provider: providerDiff ?? null }));
    const [wsRow, mockRow, fallbackRow] = rows;
    const list = (keys: string[]) => (keys.length ? keys.join(", ") : "none");
    const sameAnswers = rows.filter((row) => row["same answer as the mock provider"]).length;
    return [
      {
        id: "provider-wire",
        question: "Which wire does each provider configuration take to the model (WebSocket, HTTP after failed upgrades, HTTP only), at what cost, and do the answer and the model request differ between the wires?",
        answer: [
          `The built-in openai provider given a base URL took ${String(wsRow!.path)} (${String(wsRow!["websocket requests"])} model requests on one connection, after a generate:false warm-up, ${String(wsRow!["run seconds"])} s).`,
          `codex-headless's mock provider took ${String(mockRow!.path)} (${String(mockRow!["http requests"])} requests, ${String(mockRow!["run seconds"])} s): a custom provider entry, whose supports_websockets defaults to false in Codex's source (read there, not measured here).`,
          `Against a server without the WebSocket path, the built-in provider took ${String(fallbackRow!.path)}, ${String(fallbackRow!["reconnect notices"])} "Reconnecting..." notices in the events, and reached HTTP ${String(fallbackRow!["seconds before the first served request"])} s after its first attempt (run ${String(fallbackRow!["run seconds"])} s) — with ${WS_FEATURES_OFF.join(" and ")} set: neither flag turned the attempt off in that one run.`,
          `The answer was the same on every wire in ${sameAnswers} of ${rows.length} configurations.`,
          wireDiff
            ? `The model request, one provider over the two wires: fields only over WebSocket: ${list(wireDiff.fieldsOnlyInFirst)}; only over HTTP: ${list(wireDiff.fieldsOnlyInSecond)}; headers only over WebSocket: ${list(wireDiff.headersOnlyInFirst)}; only over HTTP: ${list(wireDiff.headersOnlyInSecond)}; instructions ${wireDiff.sameInstructions ? "the same" : "different"}, tools ${wireDiff.sameTools ? "the same" : "different"}, prompts and tool outputs ${wireDiff.sameConversation ? "the same" : "different"} (the WebSocket sends only what is new after previous_response_id; compared as the whole conversation).`
            : "The request could not be compared across wires (a run did not take the wire expected).",
          providerDiff
            ? `Over HTTP, the built-in provider's request against the mock provider's: headers only on the built-in: ${list(providerDiff.headersOnlyInFirst)}; only on the mock provider: ${list(providerDiff.headersOnlyInSecond)}; fields only on the built-in: ${list(providerDiff.fieldsOnlyInFirst)}; only on the mock provider: ${list(providerDiff.fieldsOnlyInSecond)}; instructions ${providerDiff.sameInstructions ? "the same" : "different"}, tools ${providerDiff.sameTools ? "the same" : "different"}, conversation ${providerDiff.sameConversation ? "the same" : "different"}.`
            : "",
        ]
          .filter(Boolean)
          .join(" "),
        status: "measured",
        conditions: "one run per configuration, the three at once; the mock's shell scenario (a tool call, then the answer); the same model name on every side",
        table: rows,
        evidence,
      },
    ];
  },
};
