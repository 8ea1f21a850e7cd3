// A small service on plain node:http that uses @paved/telemetry, for `paved telemetry tail`'s
// tests: run with `node --import @paved/telemetry/register main.mjs` and
// PAVED_TELEMETRY_HTTP_SERVER_SPANS=true (plain node:http has no Fastify hooks to trace it).
import { createServer } from "node:http";
import { createLogger } from "@paved/telemetry";

const logger = createLogger({ name: "tail-fixture" });
// Logs the request's path and its body (text from the network, such as escape sequences).
const server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    logger.info({ path: request.url, ...(body === "" ? {} : { body }) }, "answering");
    response.end("ok");
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
