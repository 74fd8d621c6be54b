import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CapturedRequest } from "../../src/mock/server.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("surface-wire experiment", () => {
  it("reports the wire each provider configuration took, as the mock captured it, and compares answers and requests", async () => {
    const { findings, outDir } = await sharedLabFindings();
    const finding = findingById(findings, "provider-wire");
    expect(finding.status).toBe("measured");
    const [builtIn, mockProvider, noWsServer] = finding.table!;
    // The built-in provider given a base URL speaks WebSocket to a server that has it; the mock
    // provider as codex-headless configures it speaks HTTP only; a server without the WebSocket path
    // costs the built-in provider refused upgrades before HTTP.
    expect(builtIn).toMatchObject({ path: "websocket", "refused upgrades": 0, "http requests": 0, "reconnect notices": 0, outcome: "ok" });
    expect(mockProvider).toMatchObject({ path: "http only", "refused upgrades": 0, "websocket requests": 0, outcome: "ok" });
    expect(noWsServer!.path).toBe(`http after ${String(noWsServer!["refused upgrades"])} refused upgrades`);
    expect(noWsServer!["refused upgrades"]).toBeGreaterThan(1);
    // The table's paths are the captures' transports.
    const captures = finding.evidence.find((e) => e.path?.endsWith("captures.json"))!;
    const byVariant = JSON.parse(readFileSync(path.join(outDir, captures.path!), "utf8")) as Record<string, Array<Omit<CapturedRequest, "body">>>;
    expect(new Set(byVariant["builtin-base-url"]!.map((r) => r.transport))).toEqual(new Set(["websocket"]));
    expect(new Set(byVariant["mock-provider"]!.map((r) => r.transport))).toEqual(new Set(["sse"]));
    expect(byVariant["builtin-no-ws-server"]!.filter((r) => r.websocket?.refusedWith === 404)).toHaveLength(Number(noWsServer!["refused upgrades"]));
    // Same answer on every wire, said in the answer with its count; the request compared across wires.
    expect(finding.table!.every((row) => row["same answer as the mock provider"] === true)).toBe(true);
    expect(finding.answer).toContain(`same on every wire in 3 of 3 configurations`);
    const diff = finding.evidence.find((e) => e.path?.endsWith("request-diff.json"))!;
    const { wire } = JSON.parse(readFileSync(path.join(outDir, diff.path!), "utf8")) as { wire: { fieldsOnlyInFirst: string[]; sameConversation: boolean } };
    expect(wire.fieldsOnlyInFirst).toContain("previous_response_id");
    expect(wire.sameConversation).toBe(true);
  }, LAB_TEST_TIMEOUT_MS);
});
