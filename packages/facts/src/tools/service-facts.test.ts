import { describe, expect, it } from "vitest";
import { workspace } from "../catalogue.js";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { healthRoutes } from "./health-routes.js";
import { startPreloads } from "./start-preloads.js";

const root = (files: Record<string, string | Buffer>) => {
  const facts = new Facts(indexMemory(files));
  return { facts, project: facts.get(workspace).projects[0]! };
};

describe("health-routes", () => {
  it("finds a route the service registers, not a request it makes or a comment", () => {
    const { facts, project } = root({
      "package.json": "{}",
      "src/client.ts": 'await fetch(new URL("/healthz", upstream));\n// app.get("/readyz")\n',
      "src/app.ts": 'app.get("/readyz", (_req, res) => res.send("ok"));\n',
      "src/app.test.ts": 'app.get("/healthz", () => {});\n',
    });
    expect(facts.of(healthRoutes, project)).toEqual({
      served: { path: "src/app.ts", route: "/readyz" },
      unreadable: [],
    });
  });

  it("lists the sources it could not read", () => {
    const { facts, project } = root({ "package.json": "{}", "src/a.js": Buffer.from([0, 0, 1]) });
    const found = facts.of(healthRoutes, project);
    expect(found.served).toBeUndefined();
    expect(found.unreadable).toHaveLength(1);
  });
});

describe("start-preloads", () => {
  it.each([
    ["node --import @paved/telemetry/register dist/main.js", ["@paved/telemetry/register"]],
    ["node --import=./otel.mjs -r dotenv/config app.js", ["./otel.mjs", "dotenv/config"]],
    ['NODE_OPTIONS="--require ./tracing.cjs" node app.js', ["./tracing.cjs"]],
    ["node dist/main.js", []],
  ])("%s", (start, preloads) => {
    const { facts, project } = root({ "package.json": JSON.stringify({ scripts: { start } }) });
    expect(facts.of(startPreloads, project)).toEqual({
      script: { name: "start", command: start },
      preloads,
    });
  });

  it("falls back to start:prod, and has no script without either", () => {
    const prod = root({
      "package.json": JSON.stringify({ scripts: { "start:prod": "node a.js" } }),
    });
    expect(prod.facts.of(startPreloads, prod.project).script?.name).toBe("start:prod");
    const none = root({ "package.json": "{}" });
    expect(none.facts.of(startPreloads, none.project)).toEqual({ preloads: [] });
  });
});
