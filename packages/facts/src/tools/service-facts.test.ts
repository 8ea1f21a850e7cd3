import { describe, expect, it } from "vitest";
import { workspace } from "../catalogue.js";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { healthRoutes } from "./health-routes.js";
import { releaseWorkflow } from "./release.js";
import { imageStart, startPreloads } from "./start-preloads.js";
import { roleOf } from "../repo/projects.js";

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

describe("image-start", () => {
  const image = (dockerfile: string | Buffer) => {
    const { facts, project } = root({ "package.json": "{}", Dockerfile: dockerfile });
    return facts.of(imageStart, project);
  };

  it("joins the final stage's ENTRYPOINT and CMD, exec or shell form", () => {
    expect(
      image(
        'FROM node:24 AS build\nCMD ["node", "build.js"]\nFROM node:24-slim\nENTRYPOINT ["node"]\nCMD ["--require", "./otel.cjs", "server.js"]\n',
      ),
    ).toEqual({
      path: "Dockerfile",
      line: 5,
      command: "node --require ./otel.cjs server.js",
      runsNode: true,
      preloads: ["./otel.cjs"],
    });
    expect(image("FROM node:24\nCMD npm start\n")).toMatchObject({
      command: "npm start",
      runsNode: false,
      preloads: [],
    });
    // An ENTRYPOINT after a CMD drops it, as Docker does.
    expect(
      image('FROM x\nCMD ["a.js"]\nentrypoint ["/usr/local/bin/node", "b.js"]\n'),
    ).toMatchObject({
      command: "/usr/local/bin/node b.js",
      runsNode: true,
      line: 3,
    });
  });

  it("reads NODE_OPTIONS in any ENV form, across continuation lines and comments", () => {
    for (const env of [
      'ENV NODE_OPTIONS="--import ./otel.js"',
      "ENV NODE_OPTIONS='--import ./otel.js'",
      "ENV NODE_OPTIONS=--import=./otel.js",
      'ENV A=1 \\\n  # the preload\n  NODE_OPTIONS="--import ./otel.js"',
    ])
      expect(image(`FROM node:24\n${env}\nCMD ["node", "dist/index.js"]\n`)?.preloads).toEqual([
        "./otel.js",
      ]);
  });

  it("reads an instruction of many continuation lines in one pass", () => {
    // 12,000 lines of one CMD (under the 256 KB read): joined line by line, each line would
    // copy all the ones before it.
    const long = `FROM node:24\nCMD node \\\n${"  --trace-warnings \\\n".repeat(12_000)}  server.js\n`;
    const found = image(long);
    expect(found?.runsNode).toBe(true);
    expect(found?.line).toBe(2);
    expect(found?.command).toHaveLength(2048);
  });

  it("has no start without a Dockerfile, a command, or readable text", () => {
    expect(image("FROM node:24\nRUN npm ci\n")).toBeUndefined();
    expect(image(Buffer.from([0xff, 0xfe, 0, 0]))).toBeUndefined();
    const { facts, project } = root({ "package.json": "{}" });
    expect(facts.of(imageStart, project)).toBeUndefined();
    // A malformed exec form is read as the shell form it then is.
    expect(image('FROM x\nCMD ["node", 1]\n')?.command).toBe('["node", 1]');
  });
});

describe("the role of a workspace package", () => {
  it("is read from its directory, else from a private package's docs framework", () => {
    expect(roleOf("apps/www")).toEqual({ role: "docs", source: "under www/" });
    expect(
      roleOf("packages/guide", { private: true, dependencies: { "@docusaurus/core": "3" } }),
    ).toEqual({
      role: "docs",
      source: "depends on @docusaurus/core",
    });
    expect(roleOf("packages/theme", { devDependencies: { vitepress: "1" } })).toEqual({
      role: "product",
    });
    expect(roleOf("packages/app", { private: true, dependencies: "vitepress" as never })).toEqual({
      role: "product",
    });
  });
});

describe("release by a container image", () => {
  const released = (files: Record<string, string>) => {
    const { facts } = root({ "package.json": '{ "private": true }', ...files });
    return releaseWorkflow(facts.files, facts.get(workspace).projects);
  };
  const steps = (on: string, uses: string) =>
    `on: ${on}\njobs:\n  image:\n    runs-on: x\n    steps:\n      - uses: ${uses}\n`;

  it("counts an image pushed from a workflow that can release", () => {
    expect(
      released({ ".github/workflows/i.yml": steps("push", "redhat-actions/push-to-registry@v2") }),
    ).toEqual({
      message: "CI publishes a container image with redhat-actions/push-to-registry.",
      path: ".github/workflows/i.yml",
      line: 6,
    });
    expect(
      released({
        ".github/workflows/i.yml": `${steps("push", "docker/bake-action@v6")}        with:\n          push: "true"\n`,
      })?.message,
    ).toBe("CI publishes a container image with docker/bake-action.");
    expect(
      released({ ".github/workflows/i.yml": steps("push", "docker/build-push-action@v6") }),
    ).toBeUndefined();
    expect(
      released({
        ".github/workflows/i.yml": steps("pull_request", "redhat-actions/push-to-registry@v2"),
      }),
    ).toBeUndefined();
  });
});
