import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import healthEndpoints from "./health-endpoints.js";
import openTelemetry from "./opentelemetry.js";

const service = (fields: Record<string, unknown>, extra: Record<string, string> = {}) => ({
  "package.json": manifest({
    name: "api",
    private: true,
    dependencies: { fastify: "5" },
    ...fields,
  }),
  ...extra,
});

describe("telemetry rules", () => {
  it("opentelemetry: the SDK loaded with --import before the app", () => {
    const wired = service({
      dependencies: { fastify: "5", "@paved/telemetry": "1" },
      scripts: { start: "node --import @paved/telemetry/register dist/main.js" },
    });
    expect(outcomes(openTelemetry, wired)).toEqual(["pass"]);
    const notLoaded = service({
      dependencies: { fastify: "5", "@opentelemetry/sdk-node": "0.200" },
      scripts: { start: "node dist/main.js" },
    });
    expect(outcomes(openTelemetry, notLoaded)).toEqual(["fail"]);
    expect(outcomes(openTelemetry, service({ scripts: { start: "node dist/main.js" } }))).toEqual([
      "fail",
    ]);
  });

  it("opentelemetry: the preload in the command the Dockerfile starts the service with", () => {
    const deps = { fastify: "5", "@paved/telemetry": "1" };
    const dockerfile = (stage: string) =>
      `FROM node:24 AS build\nCMD ["node", "--import", "@paved/telemetry/register", "x.js"]\nFROM node:24-slim\n# CMD ["node", "--import", "./otel.js"]\n${stage}`;
    const image = (stage: string) =>
      service(
        { dependencies: deps, scripts: { start: "node dist/index.js" } },
        { Dockerfile: dockerfile(stage) },
      );
    expect(
      outcomes(
        openTelemetry,
        image('CMD ["node", "--import", "./instrument.js", "dist/index.js"]\n'),
      ),
    ).toEqual(["pass"]);
    expect(
      outcomes(
        openTelemetry,
        image(
          'ENV NODE_ENV=production \\\n    NODE_OPTIONS="--import @paved/telemetry/register"\nCMD node dist/index.js\n',
        ),
      ),
    ).toEqual(["pass"]);
    // Only the final stage runs: the build stage's preload is not the service's.
    const bare = runRule(openTelemetry, image('WORKDIR /app\nCMD ["node", "dist/index.js"]\n')).get(
      ".",
    );
    expect(bare).toMatchObject([
      {
        outcome: "fail",
        remediation:
          'Add `--import @paved/telemetry/register` to the command Dockerfile starts the service with (line 6: `node dist/index.js`), or `ENV NODE_OPTIONS="--import @paved/telemetry/register"` to its final stage.',
      },
    ]);
  });

  it("opentelemetry: the fix names the file the start script runs", () => {
    const verdicts = runRule(
      openTelemetry,
      service({
        dependencies: { fastify: "5" },
        scripts: { "start:prod": "node --env-file .env dist/index.js" },
      }),
    ).get(".");
    expect(verdicts?.[0]?.remediation).toBe(
      "Add `@paved/telemetry` to the dependencies and start with `node --import @paved/telemetry/register dist/index.js` in the `start:prod` script.",
    );
    // An image that starts through the package manager runs the script: the fix stays there.
    const throughScript = runRule(
      openTelemetry,
      service(
        { dependencies: { fastify: "5" }, main: "server.js" },
        { Dockerfile: 'FROM node:24\nCMD ["npm", "start"]\n' },
      ),
    ).get(".");
    expect(throughScript?.[0]?.remediation).toBe(
      "Add `@paved/telemetry` to the dependencies and start with `node --import @paved/telemetry/register server.js`.",
    );
  });

  it("health-endpoints: a /healthz route in the sources", () => {
    expect(
      outcomes(
        healthEndpoints,
        service({}, { "src/main.ts": 'app.get("/healthz", () => ({ ok: true }));' }),
      ),
    ).toEqual(["pass"]);
    expect(
      outcomes(healthEndpoints, service({}, { "src/main.ts": 'app.get("/", () => "hi");' })),
    ).toEqual(["fail"]);
  });

  it("health-endpoints: the /health-check spellings, mounted with use()", () => {
    for (const path of ["/health-check", "/healthcheck", "/health_check"])
      expect(
        outcomes(
          healthEndpoints,
          service({}, { "src/server.ts": `app.use("${path}", healthCheckRouter);` }),
        ),
      ).toEqual(["pass"]);
    expect(
      outcomes(healthEndpoints, service({}, { "src/server.ts": 'app.use("/healthy", r);' })),
    ).toEqual(["fail"]);
  });

  it("health-endpoints: a route mentioned only in a comment is no route", () => {
    const commented =
      '/** Serves `/healthz` one day; see "/readyz" too. */\n// app.get("/healthz")\napp.get("/", () => "hi");\n';
    expect(outcomes(healthEndpoints, service({}, { "src/main.ts": commented }))).toEqual(["fail"]);
    expect(
      outcomes(healthEndpoints, service({}, { "src/main.ts": "app.get(`/readyz`, ready);" })),
    ).toEqual(["pass"]);
  });

  it("does not apply to libraries", () => {
    const library = { "package.json": manifest({ name: "lib", exports: "./index.js" }) };
    expect(outcomes(openTelemetry, library)).toEqual(["not-applicable"]);
    expect(outcomes(healthEndpoints, library)).toEqual(["not-applicable"]);
  });
});

describe("telemetry/health-endpoints reads how a path is used", () => {
  it.each([
    ["a client call to another service's health", 'await fetch(new URL("/health", upstream));'],
    ["an HTTP client's get", 'const res = await axios.get("/healthz");'],
    ["a URL built from the path", 'const url = new URL("/readyz", base);'],
  ])("fails for %s", (_, source) => {
    expect(outcomes(healthEndpoints, service({}, { "src/main.ts": source }))).toEqual(["fail"]);
  });

  it.each([
    ["a route method", 'app.get("/healthz", () => ({ ok: true }));'],
    ["a route definition", 'fastify.route({ method: "GET", url: "/readyz", handler });'],
    ["a request handler's comparison", 'if (req.url === "/health") res.end("ok");'],
  ])("passes for %s", (_, source) => {
    expect(outcomes(healthEndpoints, service({}, { "src/main.ts": source }))).toEqual(["pass"]);
  });
});

describe("telemetry/opentelemetry credits a service with its own dependencies only", () => {
  it("fails a service whose SDK is only a devDependency of the workspace root", () => {
    const files = {
      "package.json": manifest({
        private: true,
        workspaces: ["services/*"],
        devDependencies: { "@paved/telemetry": "1", "@opentelemetry/sdk-node": "0.200" },
      }),
      "services/api/package.json": manifest({
        name: "api",
        private: true,
        dependencies: { fastify: "5" },
        scripts: { start: "node --import @paved/telemetry dist/main.js" },
      }),
    };
    expect(outcomes(openTelemetry, files, "services/api")).toEqual(["fail"]);
  });
});
