// `codex-headless mcp`: the MCP server over stdio. stdout belongs to the protocol; notices go to stderr.
import { Command } from "commander";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../mcp/server.js";

export function mcpCommand(): Command {
  return new Command("mcp").description("serve runs, threads and lab questions to other agents over MCP (stdio)").action(async () => {
    const server = createMcpServer();
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once("end", () => resolve());
    });
    await server.connect(transport);
    await closed;
    await server.close();
  });
}
