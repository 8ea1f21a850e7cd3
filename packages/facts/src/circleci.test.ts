import { describe, expect, it } from "vitest";
import { ciCommands, ciNodeVersions, ciPipelines, ciStations, workspace } from "./catalogue.js";
import { Facts } from "./facts.js";
import { unreadPipelines } from "./pipelines.js";
import { indexMemory } from "./repo/repo-index.js";

const config = [
  "version: 2.1",
  "orbs:",
  "  node: circleci/node@5.3.0",
  "defaults: &defaults",
  "  working_directory: ~/project/app",
  "  docker:",
  "    - image: cimg/node:<< parameters.node >>",
  "commands:",
  "  lint-all:",
  "    parameters:",
  "      fix:",
  "        type: string",
  '        default: ""',
  "    steps:",
  "      - run: yarn lint << parameters.fix >>",
  "jobs:",
  "  check:",
  "    <<: *defaults",
  "    parameters:",
  "      node:",
  "        type: string",
  '        default: "20.11"',
  "    steps:",
  "      - checkout",
  "      - node/install-packages:",
  "          pkg-manager: yarn",
  "      - lint-all",
  "      - run:",
  "          name: Types",
  "          command: yarn tsc --noEmit",
  "          working_directory: ~/project/app",
  "      - when:",
  "          condition: << pipeline.git.branch >>",
  "          steps:",
  "            - run: cd docs && yarn build",
  "      - run:",
  "          command: yarn test",
  "          working_directory: packages/core",
  "          no_output_timeout: 20m",
  "workflows:",
  "  ci:",
  "    jobs:",
  "      - check:",
  "          matrix:",
  "            parameters:",
  '              node: ["18.20", "22.12"]',
  "      - node/test:",
  "          pkg-manager: yarn",
  "          run-command: test:unit",
  "",
].join("\n");

const facts = (files: Record<string, string>) => new Facts(indexMemory(files));

describe("CircleCI pipelines", () => {
  it("reads the jobs, the reusable commands where they are used, and orb jobs that run a script", () => {
    const read = facts({ ".circleci/config.yml": config });
    const [pipeline] = read.get(ciPipelines);
    expect(pipeline?.provider).toBe("circleci");
    expect(pipeline?.jobs.map((job) => [job.id, job.line])).toEqual([
      ["check", 17],
      ["node/test", 47],
    ]);
    expect(read.get(ciCommands).map(({ line, value }) => [line, value])).toEqual([
      // The reusable command's step, at its line in `commands:`, its parameter's default filled.
      [15, "yarn lint "],
      // The job's own working_directory is where checkout puts the repository, not a directory of it.
      [30, "yarn tsc --noEmit"],
      [35, "cd docs && yarn build"],
      [37, "cd packages/core && yarn test"],
      [47, "yarn run test:unit"],
    ]);
  });

  it("credits the stations its commands run, through the scripts they call", () => {
    const read = facts({
      ".circleci/config.yml": config,
      "package.json": JSON.stringify({
        scripts: { lint: "eslint .", "test:unit": "vitest run" },
      }),
    });
    expect(read.get(workspace).projects).toHaveLength(1);
    expect([...read.get(ciStations).keys()].sort()).toEqual(["lint", "test", "typecheck"]);
  });

  it("reads the Node versions of a job's image over the parameters its workflows give", () => {
    const read = facts({ ".circleci/config.yml": config });
    expect(read.get(ciNodeVersions).map(({ line, value }) => [line, value])).toEqual([
      [17, "18.20"],
      [17, "22.12"],
    ]);
    const executor = facts({
      ".circleci/config.yml": [
        "version: 2.1",
        "executors:",
        "  node:",
        "    docker:",
        "      - image: circleci/node:lts-browsers",
        "      - image: cimg/postgres:16.1",
        "jobs:",
        "  test:",
        "    executor: node",
        "    steps: [checkout, { run: npm test }]",
        "",
      ].join("\n"),
    });
    expect(executor.get(ciNodeVersions).map(({ value }) => value)).toEqual(["lts"]);
  });

  it("is read, not reported as CI the audit does not read; config.yaml only without config.yml", () => {
    const both = facts({
      ".circleci/config.yml": "version: 2.1\njobs:\n  a:\n    steps: [{ run: npm test }]\n",
      ".circleci/config.yaml": "version: 2.1\njobs:\n  b:\n    steps: [{ run: npm run lint }]\n",
    });
    expect(both.get(ciPipelines).map((pipeline) => pipeline.path)).toEqual([
      ".circleci/config.yml",
    ]);
    expect(unreadPipelines(both.files)).toEqual([]);
    const yaml = facts({
      ".circleci/config.yaml": "version: 2.1\njobs:\n  b:\n    steps: [{ run: npm run lint }]\n",
    });
    expect(yaml.get(ciCommands).map(({ value }) => value)).toEqual(["npm run lint"]);
  });

  it("stops at a reusable command that uses itself, and at hostile sizes", () => {
    const loop = facts({
      ".circleci/config.yml": [
        "version: 2.1",
        "commands:",
        "  a:",
        "    steps: [b, { run: echo a }]",
        "  b:",
        "    steps: [a, { run: echo b }]",
        "jobs:",
        "  j:",
        "    steps: [a]",
        "",
      ].join("\n"),
    });
    expect(loop.get(ciCommands).map(({ value }) => value)).toEqual(["echo b", "echo a"]);
    // An alias can make a `when` block contain itself: such a file is not read at all.
    const cyclic = facts({
      ".circleci/config.yml": [
        "version: 2.1",
        "jobs:",
        "  j:",
        "    steps: &s",
        "      - run: echo once",
        "      - when:",
        "          condition: true",
        "          steps: *s",
        "",
      ].join("\n"),
    });
    expect(cyclic.get(ciPipelines)[0]?.document).toEqual({
      ok: false,
      problem: ".circleci/config.yml: a YAML alias contains itself (a cycle); the file is not read",
    });
    expect(cyclic.get(ciCommands)).toEqual([]);
    const values = Array.from({ length: 40 }, (_, i) => String(i));
    const matrix = facts({
      ".circleci/config.yml": [
        "version: 2.1",
        "jobs:",
        "  j:",
        "    steps:",
        "      - run: echo << parameters.a >> << parameters.b >>",
        "workflows:",
        "  w:",
        "    jobs:",
        "      - j:",
        "          matrix:",
        "            parameters:",
        `              a: [${values.join(", ")}]`,
        `              b: [${values.join(", ")}]`,
        "",
      ].join("\n"),
    });
    expect(matrix.get(ciCommands)).toHaveLength(256);
  });
});
