import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PackageManifest } from "./project.js";
import {
  argumentsTo,
  directoryParts,
  scriptCalls,
  scriptsCalled,
  segmentsOf,
  stationsRun,
  toolCalls,
  toolsRun,
} from "./commands.js";

describe("segmentsOf", () => {
  /** The definition: the runs between `;`, `|`, `&` and line breaks, none empty, each cut at 512. */
  function reference(command: string): string[] {
    const segments: string[] = [];
    let start = 0;
    for (let i = 0; i <= command.length; i += 1) {
      const char = command[i];
      if (i === command.length || char === ";" || char === "|" || char === "&" || char === "\n") {
        if (i > start) segments.push(command.slice(start, Math.min(i, start + 512)));
        start = i + 1;
      }
    }
    return segments;
  }

  it("splits a command line into its simple commands, each bounded", () => {
    expect(segmentsOf("pnpm lint && pnpm test | tee log; echo done\n")).toEqual([
      "pnpm lint ",
      " pnpm test ",
      " tee log",
      " echo done",
    ]);
    expect(segmentsOf(`eslint ${"x".repeat(2000)}`)[0]).toHaveLength(512);
    const piece = fc.constantFrom("a", " ", ";", "|", "&", "\n", "\r", "eslint", "x".repeat(300));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const command = pieces.join("");
        expect(segmentsOf(command)).toEqual(reference(command));
      }),
      { seed: 20261201, numRuns: 2000 },
    );
  });
});

describe("stationsRun", () => {
  it("follows scripts through the root and package manifests", () => {
    const manifests: PackageManifest[] = [
      { scripts: { check: "pnpm run lint && nx run-many -t test", lint: "eslint ." } },
      { scripts: { test: "vitest run" } },
    ];
    expect([...stationsRun("pnpm check", manifests)].sort()).toEqual(["lint", "test"]);
    expect([...stationsRun("pnpm install", manifests)]).toEqual([]);
  });

  it("stops a script that calls itself", () => {
    const manifests: PackageManifest[] = [{ scripts: { loop: "pnpm loop && tsc" } }];
    expect([...stationsRun("pnpm loop", manifests)]).toEqual(["typecheck"]);
  });

  it("works each script out once when many packages share script names", { timeout: 2000 }, () => {
    // Every package's `test` calls the root's, which calls every package's: unshared, the
    // walk would visit 60^4 scripts.
    const manifests: PackageManifest[] = [
      { scripts: { test: "nx run-many -t test lint", lint: "pnpm -r lint" } },
      ...Array.from({ length: 60 }, (): PackageManifest => ({
        scripts: { test: "pnpm -w test && vitest run", lint: "pnpm -w lint && eslint ." },
      })),
    ];
    expect([...stationsRun("pnpm test", manifests)].sort()).toEqual(["lint", "test"]);
  });

  it("reads each manifest's scripts once, however many commands and names it follows", () => {
    // A 700-package workspace audited in 6.5 s, 5.4 s of it asking every manifest for every
    // script name of every command met (pre, the name, post): now an index of names, per list.
    let reads = 0;
    const counted = (manifest: PackageManifest): PackageManifest =>
      new Proxy(manifest, {
        get(target, key, receiver) {
          if (key === "scripts") reads += 1;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    const manifests = [
      counted({ scripts: { check: "pnpm lint && pnpm test && pnpm build", lint: "eslint ." } }),
      ...Array.from({ length: 300 }, (_, i) =>
        counted({ scripts: { test: `vitest run --project p${String(i)}`, build: "tsc -b" } }),
      ),
    ];
    const memo = new Map<string, ReturnType<typeof toolsRun>>();
    const options = { ownBins: new Map<string, string>() };
    for (const command of [
      "pnpm check",
      "pnpm test",
      "pnpm run build",
      "npm run lint",
      "pnpm check",
    ])
      toolsRun(command, manifests, 4, memo, options);
    expect(reads).toBe(manifests.length);
    expect(
      toolsRun("pnpm check", manifests, 4, memo, options)
        .map((call) => call.station)
        .sort(),
    ).toEqual(["build", "lint", "test", "typecheck"]);
  });
});

describe("pnpm's regex selector", () => {
  it("runs every script `pnpm run /regex/` matches, and a pattern RE2 refuses runs none", () => {
    const manifests: PackageManifest[] = [
      { scripts: { test: "pnpm run /^test:/", "test:lint": "oxlint", "test:unit": "vitest run" } },
    ];
    expect(scriptsCalled("pnpm run /^test:/")).toEqual(["/^test:/"]);
    expect([...stationsRun("pnpm test", manifests)].sort()).toEqual(["lint", "test"]);
    expect([...stationsRun("pnpm run /^(?=test)/", manifests)]).toEqual([]);
  });
});

describe("toolCalls", () => {
  it("knows a tool by its path, its .js or .mjs file, its pinned version, or its own bin", () => {
    const tools = (command: string, ownBins?: Map<string, string>) =>
      toolCalls(command, ownBins ? { ownBins } : {}).map((call) => call.tool.id);
    expect(tools("./node_modules/.bin/tsc --noEmit")).toEqual(["tsc"]);
    expect(tools("node node_modules/eslint/bin/eslint.js .")).toEqual(["eslint"]);
    expect(tools("npx semantic-release@25")).toEqual(["semantic-release"]);
    // standard lints and formats: a call for each station.
    expect(tools("./bin/cmd.cjs --verbose", new Map([["bin/cmd.cjs", "standard"]]))).toEqual([
      "standard",
      "standard",
    ]);
    expect(tools("./bin/cmd.cjs --verbose")).toEqual([]);
  });
});

describe("scriptsCalled", () => {
  it("reads every runner's form, and nothing from a command that calls no script", () => {
    expect(scriptsCalled("bun run build")).toEqual(["build"]);
    expect(scriptsCalled("yarn lint")).toEqual(["lint"]);
    expect(scriptsCalled("npm-run-all2 clean build:*")).toEqual(["clean", "build:*"]);
    expect(scriptsCalled("run-p lint test")).toEqual(["lint", "test"]);
    expect(scriptsCalled("run-s check")).toEqual(["check"]);
    expect(scriptsCalled("turbo run build")).toEqual(["build"]);
    expect(scriptsCalled("nx test my-lib")).toEqual(["test"]);
    expect(scriptsCalled("nx run app:build")).toEqual(["build"]);
    expect(scriptsCalled("deno task check")).toEqual(["check"]);
    expect(scriptsCalled("eslint . && vitest run && tsc -b")).toEqual([]);
  });

  it("names the scripts and Nx targets a command runs", () => {
    expect(scriptsCalled("pnpm run build && npm test && nx affected -t lint typecheck")).toEqual([
      "build",
      "test",
      "lint",
      "typecheck",
    ]);
  });
});

describe("scriptCalls", () => {
  it("tells a script run in the command's own package from one run in every package", () => {
    const calls = (command: string) =>
      scriptCalls(command).map(({ name, everywhere }) => `${name}${everywhere ? " (all)" : ""}`);
    expect(calls("pnpm lint && npm run test && yarn build && bun run check")).toEqual([
      "lint",
      "test",
      "build",
      "check",
    ]);
    expect(calls("pnpm -r lint && pnpm run -r test && pnpm --recursive build")).toEqual([
      "lint (all)",
      "test (all)",
      "build (all)",
    ]);
    // npm reads its flags anywhere before `--`.
    expect(calls("npm run test --workspaces && npm run lint -- --workspaces")).toEqual([
      "test (all)",
      "lint",
    ]);
    expect(calls("yarn workspaces foreach -A run lint && yarn workspaces run test")).toEqual([
      "lint (all)",
      "test (all)",
    ]);
    expect(calls("lerna run build --stream && nx affected -t lint && turbo run test")).toEqual([
      "build (all)",
      "lint (all)",
      "test (all)",
    ]);
    // Turborepo: `//#task` is the root's own task, `pkg#task` one package's; options end the list.
    expect(calls("turbo run build test:types //#lint web#e2e --filter=web && turbo lint")).toEqual([
      "build (all)",
      "test:types (all)",
      "lint",
      "e2e (all)",
      "lint (all)",
    ]);
    // Selected packages (`--filter`, `-w`): `directoryParts` works out which; unknown, any.
    expect(calls("pnpm run --filter @scope/a test:all && npm -w b test")).toEqual([
      "test:all (all)",
      "test (all)",
    ]);
    // pnpm's `-w` is the workspace root.
    expect(calls("pnpm -w check")).toEqual(["check"]);
    expect(calls("deno task test && deno task -r check && run-s lint:*")).toEqual([
      "test",
      "check (all)",
      "lint:*",
    ]);
  });

  it("runs a workspace root's own script, not a package's of the same name", async () => {
    const { Facts } = await import("./facts.js");
    const { ciStations } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const stations = (run: string, root: Record<string, string>) =>
      [
        ...new Facts(
          indexMemory({
            "package.json": JSON.stringify({ workspaces: ["packages/*"], scripts: root }),
            "packages/a/package.json": JSON.stringify({
              name: "a",
              scripts: { lint: "eslint .", test: "vitest run", check: "npm run lint" },
            }),
            ".github/workflows/ci.yml": `on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ${run}\n`,
          }),
        )
          .get(ciStations)
          .keys(),
      ].sort();
    // The root's `lint` echoes: `pnpm lint` lints nothing, though a package's `lint` would.
    expect(stations("pnpm lint && pnpm test", { lint: "echo no", test: "echo none" })).toEqual([]);
    expect(stations("pnpm -r lint", { lint: "echo no" })).toEqual(["lint"]);
    expect(stations("pnpm lint", { lint: "pnpm -r lint" })).toEqual(["lint"]);
    expect(stations("npm run lint --workspaces", {})).toEqual(["lint"]);
    // What a package's script calls is that package's (or any package's) script.
    expect(stations("pnpm -r check", {})).toEqual(["lint"]);
    expect(stations("pnpm --filter a check", {})).toEqual(["lint"]);
  });

  it("follows Turborepo's root task `//#lint` to the root's script", async () => {
    const { Facts } = await import("./facts.js");
    const { ciStations } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const facts = new Facts(
      indexMemory({
        "package.json": JSON.stringify({
          workspaces: ["packages/*"],
          scripts: { build: "turbo run build //#lint", lint: "dprint check" },
        }),
        "turbo.json": JSON.stringify({ tasks: { build: {}, "//#lint": {} } }),
        "packages/a/package.json": JSON.stringify({ name: "a", scripts: { build: "tsc" } }),
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pnpm build && echo done\n",
      }),
    );
    expect([...facts.get(ciStations).keys()].sort()).toEqual(["format", "typecheck"]);
  });

  it("runs any script of a repository of one package wherever it is called from", async () => {
    const { Facts } = await import("./facts.js");
    const { ciStations } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const facts = new Facts(
      indexMemory({
        "package.json": JSON.stringify({ scripts: { lint: "eslint .", ci: "npm run lint" } }),
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: npm run ci\n",
      }),
    );
    expect([...facts.get(ciStations).keys()]).toEqual(["lint"]);
  });
});

describe("anySegment", () => {
  it("tests each simple command, cut to a bounded length, so hostile scripts cannot make it backtrack", async () => {
    const { anySegment } = await import("./commands.js");
    expect(anySegment(/\bnode\b.*--test\b/, "npm ci && node --test src")).toBe(true);
    expect(anySegment(/\bnode\b.*--test\b/, "node build.js; echo --test")).toBe(false);
    // Past the bound the rest of a segment is not looked at.
    expect(anySegment(/--test$/, `node ${"x".repeat(600)} --test`)).toBe(false);
    expect(anySegment(/\bnode\b[^&|;\n]*\s--test\b/, "node ".repeat(100_000))).toBe(false);
  });
});

describe("Deno tasks", () => {
  it("names the task `deno task` runs, past its options", () => {
    expect(
      scriptsCalled("deno task test && deno task --cwd=pkg check && deno task -c deno.jsonc lint"),
    ).toEqual(["test", "check", "lint"]);
  });

  it("follows `deno task x` in CI through deno.jsonc's tasks (comments and all) to what they run", async () => {
    const { Facts } = await import("./facts.js");
    const { ciStations, workspace } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const { lineToolCalls } = await import("./tools/tools.js");
    const facts = new Facts(
      indexMemory({
        "deno.jsonc": `{
  // tasks run by CI
  "tasks": {
    "test": "deno test --allow-read ./test/",
    "ci": { "description": "all", "dependencies": ["check"], "command": "deno task test" },
    "check": "deno check src/mod.ts",
  },
}`,
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: deno task ci\n",
      }),
    );
    expect([...facts.get(ciStations).keys()].sort()).toEqual(["test", "typecheck"]);
    const root = facts.get(workspace).projects[0];
    if (!root) throw new Error("no root");
    const { calls, by } = facts.of(lineToolCalls, root);
    expect(calls.map((call, i) => [call.tool.id, by[i]])).toContainEqual([
      "deno-test",
      'the "test" task of deno.jsonc',
    ]);
  });
});

describe("arguments passed on to a script", () => {
  it("are what follows the name for pnpm, Yarn and Bun, and what follows -- for npm", () => {
    expect(argumentsTo("pnpm format --write --list-different", "format")).toBe(
      "--write --list-different",
    );
    expect(argumentsTo("npm run format -- --check", "format")).toBe("--check");
    expect(argumentsTo("npm run format --silent", "format")).toBe("");
    expect(argumentsTo("yarn lint && pnpm -s run format --check", "format")).toBe("--check");
    expect(argumentsTo("bun run format", "format")).toBe("");
    expect(argumentsTo("pnpm formatter --check", "format")).toBe("");
  });

  it("reach the script's command, so a check flag given by the caller counts", () => {
    const manifests: PackageManifest[] = [
      {
        scripts: {
          format: 'prettier "**/*" --ignore-unknown',
          "format:check": "pnpm format --check",
          "format:fix": "pnpm format --write --list-different",
        },
      },
    ];
    const formats = (command: string) =>
      toolsRun(command, manifests, 4, new Map(), { fixes: true }).filter(
        (call) => call.station === "format",
      );
    expect(formats("pnpm format:check").map((call) => call.fixes ?? false)).toEqual([false]);
    expect(formats("npm run format -- --check").map((call) => call.fixes ?? false)).toEqual([
      false,
    ]);
    // Prettier's own `--write` with `--list-different` still lists what differs.
    expect(formats("pnpm format:fix")).toHaveLength(1);
    expect(formats("pnpm format")).toEqual([]);
  });
});

describe("commands that change directory", () => {
  it("cuts a command where it changes into a directory, and leaves it whole otherwise", () => {
    expect(directoryParts("cd test/bundle-app && npm run test && npm run lint")).toEqual([
      { dir: "test/bundle-app", command: "npm run test && npm run lint" },
    ]);
    expect(directoryParts("npm ci && cd ./docs/ && npm run build; cd . && npm test")).toEqual([
      { dir: undefined, command: "npm ci" },
      { dir: "docs", command: "npm run build" },
      { dir: undefined, command: "npm test" },
    ]);
    expect(directoryParts("pnpm --dir packages/a lint && yarn --cwd=b build")).toEqual([
      { dir: "packages/a", command: "pnpm --dir packages/a lint" },
      { dir: "b", command: "yarn --cwd=b build" },
    ]);
    // Where it lands cannot be told, or it never moves: read as a whole.
    for (const command of [
      "cd $DIR && npm test",
      "cd ../other && npm test",
      "npm test",
      "git -C x log",
    ])
      expect(directoryParts(command)).toBeUndefined();
  });

  it("runs the scripts of the directory CI changes into, not the root's", async () => {
    const { Facts } = await import("./facts.js");
    const { ciStations } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const stations = (run: string, extra: Record<string, string> = {}) =>
      [
        ...new Facts(
          indexMemory({
            "package.json": JSON.stringify({
              workspaces: ["packages/*"],
              scripts: { test: "eslint . && node --test" },
            }),
            "packages/a/package.json": JSON.stringify({
              name: "a",
              scripts: { check: "tsc --noEmit" },
            }),
            "test/bundle-app/package.json": JSON.stringify({
              scripts: { test: "node bundle-test.js" },
            }),
            ".github/workflows/ci.yml": `on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ${run}\n${extra["step"] ?? ""}`,
          }),
        )
          .get(ciStations)
          .keys(),
      ].sort();
    expect(stations("npm test")).toEqual(["lint", "test"]);
    // A fixture's own test script, in a directory that is no project: nothing the audit knows.
    expect(stations("cd test/bundle-app && npm run test")).toEqual([]);
    expect(stations("npm test", { step: "        working-directory: test/bundle-app\n" })).toEqual(
      [],
    );
    expect(stations("npm --prefix test/bundle-app test")).toEqual([]);
    // A workspace package's own scripts, and direct tool calls wherever they run.
    expect(stations("cd packages/a && npm run check")).toEqual(["typecheck"]);
    expect(stations("cd test/bundle-app && npx eslint .")).toEqual(["lint"]);
    expect(
      stations("npm test", { step: "        working-directory: ${{ inputs.dir }}\n" }),
    ).toEqual(["lint", "test"]);
  });

  it("runs the scripts of the packages a command selects", async () => {
    const { Facts } = await import("./facts.js");
    const { ciStations } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const stations = (run: string) =>
      [
        ...new Facts(
          indexMemory({
            "package.json": JSON.stringify({
              workspaces: ["packages/*", "playground/*"],
              scripts: { build: "pnpm run --filter=./packages/** build", check: "vitest run" },
            }),
            "packages/a/package.json": JSON.stringify({
              name: "@x/a",
              scripts: { build: "tsdown" },
            }),
            "packages/b/package.json": JSON.stringify({
              name: "@x/b",
              scripts: { build: "tsdown", lint: "eslint ." },
            }),
            // A name a backtracking matcher of the crafted selector below would take for ever on.
            "packages/long/package.json": JSON.stringify({ name: "a".repeat(60) }),
            "playground/data/package.json": JSON.stringify({
              name: "data",
              scripts: { build: "tsc", lint: "oxlint" },
            }),
            ".github/workflows/ci.yml": `on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ${run}\n`,
          }),
        )
          .get(ciStations)
          .keys(),
      ].sort();
    // The playground's tsc is outside the filter: no type check.
    expect(stations("pnpm --filter=./packages/** build")).toEqual(["build"]);
    expect(stations("pnpm --filter data build")).toEqual(["typecheck"]);
    expect(stations("pnpm -F '@x/*' lint")).toEqual(["lint"]);
    expect(stations("pnpm --filter '!@x/b' --filter '{./packages/*}' lint")).toEqual([]);
    expect(stations("npm -w packages/b run lint")).toEqual(["lint"]);
    expect(stations("yarn workspace data lint")).toEqual(["lint"]);
    expect(stations("pnpm -w check")).toEqual(["test"]);
    // Selectors it cannot follow (dependencies, changes since a ref) take every package.
    expect(stations("pnpm --filter data... lint")).toEqual(["lint"]);
    expect(stations("pnpm --filter '[origin/main]' build")).toEqual(["build", "typecheck"]);
    // A selector is the repository's: matched by the linear-time glob engine, whatever its shape.
    expect(stations(`pnpm --filter '${"*a".repeat(40)}b' lint`)).toEqual([]);
  });
});
