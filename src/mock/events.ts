// Tiny factories for the Responses API stream events Codex consumes. A scenario yields these; the
// HTTP path (sse.ts) and the WebSocket path (websocket.ts) are two encodings of the same events.

export interface ResponseEvent {
  type: string;
  [key: string]: unknown;
}

export const responseCreated = (id: string): ResponseEvent => ({ type: "response.created", response: { id } });

export const messageAdded = (itemId: string, outputIndex = 0): ResponseEvent => ({
  type: "response.output_item.added",
  output_index: outputIndex,
  item: { type: "message", role: "assistant", id: itemId, content: [] },
});

export const textDelta = (itemId: string, delta: string, outputIndex = 0): ResponseEvent => ({
  type: "response.output_text.delta",
  item_id: itemId,
  output_index: outputIndex,
  content_index: 0,
  delta,
});

export const assistantMessage = (itemId: string, text: string, outputIndex = 0): ResponseEvent => ({
  type: "response.output_item.done",
  output_index: outputIndex,
  item: { type: "message", role: "assistant", id: itemId, content: [{ type: "output_text", text }] },
});

export const functionCall = (itemId: string, callId: string, name: string, args: unknown, outputIndex = 0): ResponseEvent => ({
  type: "response.output_item.done",
  output_index: outputIndex,
  item: { type: "function_call", id: itemId, call_id: callId, name, arguments: JSON.stringify(args) },
});

export interface MockUsage {
  input_tokens: number;
  output_tokens: number;
}

export const responseCompleted = (id: string, usage: MockUsage): ResponseEvent => ({
  type: "response.completed",
  response: {
    id,
    usage: {
      input_tokens: usage.input_tokens,
      input_tokens_details: null,
      output_tokens: usage.output_tokens,
      output_tokens_details: null,
      total_tokens: usage.input_tokens + usage.output_tokens,
    },
  },
});
