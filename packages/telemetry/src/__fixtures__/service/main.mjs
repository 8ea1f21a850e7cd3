// A small Fastify service, all ESM, for the telemetry tests: started with
// `node --import @paved/telemetry/register main.mjs`. DOWNSTREAM is a server it calls.
import { request } from "node:http";
import Fastify from "fastify";
import { createLogger, shutdownTelemetry } from "../../../dist/index.js";

const logger = createLogger({ name: "fixture" });
const app = Fastify();
const downstream = process.env.DOWNSTREAM;

/** GET through node:http, imported as ESM. */
const get = (url) =>
  new Promise((resolve, reject) => {
    const outgoing = request(url, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });

app.get("/healthz", async () => ({ ok: true }));
app.get("/users/:id", async (req) => {
  logger.info({ user: req.params.id }, "looking up user");
  const status = downstream ? await get(`${downstream}/profile/${req.params.id}`) : 0;
  return { id: req.params.id, downstream: status };
});
app.get("/fetch", async () => {
  const response = await fetch(`${downstream}/fetched`);
  await response.arrayBuffer();
  return { status: response.status };
});
app.get("/memory", async () => ({ heapUsed: process.memoryUsage().heapUsed }));
// A route shaped like a real one: it waits on a 2 ms call (a database, another service) and
// answers 20 rows.
app.get("/orders/:customer", async (req) => {
  await new Promise((resolve) => setTimeout(resolve, 2));
  logger.info({ customer: req.params.customer }, "listing orders");
  return Array.from({ length: 20 }, (_, i) => ({
    id: `${req.params.customer}-${i}`,
    total: i * 12.5,
    status: i % 3 === 0 ? "shipped" : "open",
  }));
});

// A body arrives after the request's hooks began: the handler must still be in its trace.
app.post("/orders", async (req) => {
  logger.info({ items: req.body.items.length }, "placing order");
  return { placed: req.body.items.length };
});

if (process.env.FIXTURE_OWN_SIGNALS === "1") {
  // An application that manages its own signals: close, flush, exit 0.
  process.once("SIGTERM", async () => {
    await app.close();
    const flushed = await shutdownTelemetry();
    process.stdout.write(`${JSON.stringify({ flushed })}\n`);
    process.exit(0);
  });
}

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.stdout.write(`${JSON.stringify({ listening: address })}\n`);
