import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readConfig, type Config } from "./config.js";

export function handle(config: Config, request: IncomingMessage, response: ServerResponse): void {
  if (request.url === "/healthz") {
    response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  response.writeHead(200, { "content-type": "text/plain" }).end(`${config.greeting}\n`);
}

export function start(env: Readonly<Record<string, string | undefined>>): void {
  const config = readConfig(env);
  const server = createServer((request, response) => {
    handle(config, request, response);
  });
  server.listen(config.port);
  process.once("SIGTERM", () => server.close());
}
