import { describe, expect, it } from "vitest";
import { ciCommands, ciNodeVersions, ciPipelines, ciStations } from "./catalogue.js";
import { Facts } from "./facts.js";
import { unreadPipelines } from "./pipelines.js";
import { indexMemory } from "./repo/repo-index.js";

const facts = (files: Record<string, string>) => new Facts(indexMemory(files));

const manifest = JSON.stringify({
  scripts: { lint: "eslint .", typecheck: "tsc --noEmit", test: "vitest run" },
});

const staged = [
  "trigger: [main]",
  "variables:",
  "  registry: npmjs",
  "stages:",
  "  - stage: check",
  "    jobs:",
  "      - job: line",
  "        strategy:",
  "          matrix:",
  "            node20:",
  "              nodeVersion: 20.x",
  "            node22:",
  "              nodeVersion: 22.x",
  "        steps:",
  "          - task: NodeTool@0",
  "            inputs:",
  "              versionSpec: $(nodeVersion)",
  "          - script: npm ci",
  "          - task: Npm@1",
  "            inputs:",
  "              command: custom",
  "              customCommand: run lint",
  "          - bash: npm run typecheck",
  "            workingDirectory: ./web",
  "          - template: steps/test.yml",
  "  - stage: ship",
  "    jobs:",
  "      - deployment: publish",
  "        timeoutInMinutes: 30",
  "        strategy:",
  "          runOnce:",
  "            deploy:",
  "              steps:",
  "                - script: npm publish --registry $(registry)",
  "      - template: jobs/e2e.yml",
  "",
].join("\n");

describe("Azure Pipelines (azure-pipelines.yml)", () => {
  it("reads the stages' jobs, a deployment's hooks, and names the templates it does not read", () => {
    const read = facts({ "azure-pipelines.yml": staged, "package.json": manifest });
    const [pipeline] = read.get(ciPipelines);
    expect(pipeline?.provider).toBe("azure");
    expect(pipeline?.jobs.map((job) => [job.id, job.line])).toEqual([
      ["line", 7],
      ["publish", 28],
    ]);
    // Neither template is in the repository: both are named, in the order they are used.
    expect(unreadPipelines(read.files)).toEqual([
      "azure-pipelines.yml: template `steps/test.yml`, which the audit does not read",
      "azure-pipelines.yml: template `jobs/e2e.yml`, which the audit does not read",
    ]);
  });

  it("follows local templates of steps and jobs, parameters filled, at their own lines", () => {
    const read = facts({
      "package.json": manifest,
      ".azure-pipelines.yml": [
        "jobs:",
        "  - job: Linux",
        "    steps:",
        "      - template: build/linux.yml",
        "        parameters:",
        "          script: lint",
        "  - template: /build/jobs.yml",
        "  - template: shared.yml@tools",
        "",
      ].join("\n"),
      "build/linux.yml": [
        "parameters:",
        "  - name: script",
        "    default: build",
        "steps:",
        "  - script: npm ci",
        "  - script: npm run ${{ parameters.script }}",
        "  - template: ./test.yml",
        "",
      ].join("\n"),
      "build/test.yml": "steps:\n  - bash: npm test\n  - template: linux.yml\n",
      "build/jobs.yml": "jobs:\n  - job: Types\n    steps:\n      - script: npm run typecheck\n",
    });
    const [pipeline] = read.get(ciPipelines);
    expect(pipeline?.path).toBe(".azure-pipelines.yml");
    expect(pipeline?.jobs.map((job) => job.id)).toEqual(["Linux", "Types"]);
    expect(read.get(ciCommands).map(({ path, line, value }) => [path, line, value])).toEqual([
      ["build/linux.yml", 5, "npm ci"],
      ["build/linux.yml", 6, "npm run lint"],
      ["build/test.yml", 2, "npm test"],
      ["build/jobs.yml", 4, "npm run typecheck"],
    ]);
    expect([...read.get(ciStations).keys()].sort()).toEqual(["lint", "test", "typecheck"]);
    // The cycle back to linux.yml is not followed again, and is no unread template either.
    expect(unreadPipelines(read.files)).toEqual([
      ".azure-pipelines.yml: template `shared.yml@tools`, which the audit does not read",
    ]);
  });

  it("reads script steps, npm tasks and working directories, variables filled, at their lines", () => {
    const read = facts({ "azure-pipelines.yml": staged, "package.json": manifest });
    expect(read.get(ciCommands).map(({ line, value }) => [line, value])).toEqual([
      [18, "npm ci"],
      [19, "npm run lint"],
      [23, "cd web && npm run typecheck"],
      [34, "npm publish --registry npmjs"],
    ]);
  });

  it("credits the stations its steps run, through the scripts they call", () => {
    const root = [
      "pool: { vmImage: ubuntu-latest }",
      "steps:",
      "  - script: |",
      "      npm ci",
      "      npm run lint",
      "      npm test",
      "    displayName: Line",
      "",
    ].join("\n");
    const read = facts({ "azure-pipelines.yaml": root, "package.json": manifest });
    expect(read.get(ciPipelines)[0]?.jobs.map((job) => job.id)).toEqual(["default"]);
    expect([...read.get(ciStations).keys()].sort()).toEqual(["lint", "test"]);
  });

  it("reads the Node versions of NodeTool and UseNode tasks over the job's matrix", () => {
    const read = facts({ "azure-pipelines.yml": staged });
    expect(read.get(ciNodeVersions).map(({ line, value }) => [line, value])).toEqual([
      [15, "20.x"],
      [15, "22.x"],
    ]);
    const use = facts({
      "azure-pipelines.yml":
        "jobs:\n  - job: a\n    steps:\n      - task: UseNode@1\n        inputs:\n          version: '22'\n",
    });
    expect(use.get(ciNodeVersions).map(({ value }) => value)).toEqual(["22"]);
  });

  it("reads nothing of a file that is no mapping, and stays bounded on a wide matrix and nesting", () => {
    expect(facts({ "azure-pipelines.yml": "- a\n" }).get(ciPipelines)[0]?.jobs).toEqual([]);
    const legs = Array.from({ length: 20 }, (_, i) => [
      `        l${String(i)}:`,
      `          a: a${String(i)}`,
      `          b: b${String(i)}`,
    ]).flat();
    const wide = [
      "jobs:",
      "  - job: wide",
      "    strategy:",
      "      matrix:",
      ...legs,
      "    steps:",
      "      - script: echo $(a) $(b)",
      "",
    ].join("\n");
    expect(facts({ "azure-pipelines.yml": wide }).get(ciCommands)).toHaveLength(256);
    // Each template uses the next one twice, twenty deep: a million uses, visited up to a bound.
    const bomb: Record<string, string> = {
      "azure-pipelines.yml": "steps:\n  - template: t0.yml\n",
    };
    for (let i = 0; i < 20; i += 1)
      bomb[`t${String(i)}.yml`] =
        `steps:\n  - script: echo ${String(i)}\n  - template: t${String(i + 1)}.yml\n  - template: t${String(i + 1)}.yml\n`;
    bomb["t20.yml"] = "steps:\n  - script: echo end\n";
    const [job] = facts(bomb).get(ciPipelines)[0]?.jobs ?? [];
    expect(job?.steps.length).toBe(2000);
  });
});
