import { describe, expect, it } from "vitest";
import { ciCommands, ciNodeVersions, ciPipelines, ciStations } from "./catalogue.js";
import { Facts } from "./facts.js";
import { unreadPipelines } from "./pipelines.js";
import { indexMemory } from "./repo/repo-index.js";

const facts = (files: Record<string, string>) => new Facts(indexMemory(files));

const manifest = JSON.stringify({
  scripts: { lint: "eslint .", build: "tsc", test: "vitest run" },
});

const staged = [
  "language: node_js",
  "node_js:",
  "  - 20",
  '  - "22"',
  "install: npm ci",
  "jobs:",
  "  include:",
  "    - stage: check",
  "      name: Lint",
  "      node_js: 22",
  "      script:",
  "        - npm run lint",
  "        - npm run build",
  "    - stage: release",
  "      install: skip",
  "      script: skip",
  "      deploy:",
  "        provider: npm",
  "",
].join("\n");

describe("Travis CI (.travis.yml)", () => {
  it("is read, not reported as CI the audit does not read", () => {
    const read = facts({ ".travis.yml": staged, "package.json": manifest });
    const [pipeline] = read.get(ciPipelines);
    expect(pipeline?.provider).toBe("travis");
    expect(unreadPipelines(read.files)).toEqual([]);
  });

  it("reads the root's job (its matrix) and each include entry, with the root's phases", () => {
    const read = facts({ ".travis.yml": staged, "package.json": manifest });
    const [pipeline] = read.get(ciPipelines);
    expect(pipeline?.jobs.map((job) => [job.id, job.line])).toEqual([
      ["default", 1],
      ["Lint", 8],
      ["jobs.include[1] (release)", 14],
    ]);
    // The root job: its own install, Travis's default script (`npm test`) at the job.
    expect(pipeline?.jobs[0]?.commands.map(({ line, value }) => [line, value])).toEqual([
      [5, "npm ci"],
      [1, "npm test"],
    ]);
    // An entry inherits the root's install and names its script; `skip` runs nothing.
    expect(pipeline?.jobs[1]?.commands.map(({ line, value }) => [line, value])).toEqual([
      [5, "npm ci"],
      [12, "npm run lint"],
      [13, "npm run build"],
    ]);
    // The release stage runs no script, and deploys to npm: `npm publish`, at its provider.
    expect(pipeline?.jobs[2]?.commands.map(({ line, value }) => [line, value])).toEqual([
      [18, "npm publish"],
    ]);
  });

  it("credits the stations its phases run, through the scripts they call", () => {
    const read = facts({ ".travis.yml": staged, "package.json": manifest });
    expect([...read.get(ciStations).keys()].sort()).toEqual([
      "lint",
      "release",
      "test",
      "typecheck",
    ]);
    const bare = facts({
      ".travis.yml": "language: node_js\nnode_js: 20\nscript: npm run lint\n",
      "package.json": manifest,
    });
    expect([...bare.get(ciStations).keys()]).toEqual(["lint"]);
  });

  it("runs Travis's defaults for Node.js where a job names no install or script", () => {
    const commandsOf = (files: Record<string, string>) =>
      facts(files)
        .get(ciCommands)
        .map(({ value }) => value);
    const bare = { ".travis.yml": "language: node_js\nnode_js: 20\n" };
    expect(commandsOf(bare)).toEqual(["npm install", "npm test"]);
    expect(commandsOf({ ...bare, "package-lock.json": "{}" })).toEqual(["npm ci", "npm test"]);
    expect(commandsOf({ ...bare, "yarn.lock": "" })).toEqual([
      "yarn --frozen-lockfile",
      "yarn test",
    ]);
    // Another language runs no Node.js defaults; `install: true` is the old spelling of skip.
    expect(commandsOf({ ".travis.yml": "language: python\nscript: make\n" })).toEqual(["make"]);
    expect(
      commandsOf({ ".travis.yml": "language: node_js\ninstall: true\nscript:\n  - npm run x\n" }),
    ).toEqual(["npm run x"]);
  });

  it("reads matrix.include, a single include mapping, and no root job beside an include alone", () => {
    const read = facts({
      ".travis.yml": [
        "language: node_js",
        "matrix:",
        "  include:",
        "    node_js: 18",
        "    script: npm run lint",
        "",
      ].join("\n"),
    });
    const [pipeline] = read.get(ciPipelines);
    expect(pipeline?.jobs.map((job) => job.id)).toEqual(["matrix.include[0]"]);
    expect(pipeline?.jobs[0]?.commands.map(({ line, value }) => [line, value])).toEqual([
      [3, "npm install"],
      [5, "npm run lint"],
    ]);
  });

  it("reads the Node versions of the root and of each entry, as written", () => {
    const read = facts({ ".travis.yml": staged });
    expect(read.get(ciNodeVersions).map(({ line, value }) => [line, value])).toEqual([
      [1, "20"],
      [1, "22"],
      [8, "22"],
      // An entry without its own inherits the first of the root's.
      [14, "20"],
    ]);
  });

  it("reads nothing of a file that is no mapping, and stays bounded on a long include", () => {
    expect(facts({ ".travis.yml": "- a\n- b\n" }).get(ciPipelines)[0]?.jobs).toEqual([]);
    const long = [
      "language: node_js",
      "jobs:",
      "  include:",
      ...Array.from({ length: 600 }, (_, i) => `    - script: echo ${String(i)}`),
      "",
    ].join("\n");
    expect(facts({ ".travis.yml": long }).get(ciPipelines)[0]?.jobs).toHaveLength(500);
  });
});
