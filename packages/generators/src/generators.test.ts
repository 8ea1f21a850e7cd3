import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import * as nodeFs from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GeneratorError } from "./names.js";
import { planNew, type NewOptions } from "./plan.js";
import { templatePnpmVersion } from "./render.js";
import { diskTree, writePlan, type WriterFs } from "./write.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-generators-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function directory(files: Record<string, string> = {}): string {
  counter += 1;
  const dir = join(scratch, `case-${String(counter)}`);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Every file under a directory, path to content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) visit(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  visit(dir);
  return files;
}

const pnpm = templatePnpmVersion;
/** The install step, with how to get the pinned pnpm on a machine with only Node and npm. */
const install = `pnpm install   # no pnpm ${pnpm}? npm install --global pnpm@${pnpm}, or npx pnpm@${pnpm} install`;

const service: NewOptions = { kind: "service", name: "orders", owner: "@acme/payments" };

const workspace = {
  "package.json": JSON.stringify({ name: "acme", private: true }),
  "pnpm-workspace.yaml": "# Our packages\npackages:\n  - packages/*\n",
  "tsconfig.json":
    '{\n  // Solution file\n  "files": [],\n  "references": [{ "path": "./packages/a/tsconfig.build.json" }]\n}\n',
  ".github/CODEOWNERS": "* @acme/platform\n",
  ".changeset/config.json": "{}",
  "paved.config.json": JSON.stringify({
    new: { scope: "@acme", owner: "@acme/platform", node: "22" },
  }),
};

describe("planNew", () => {
  it("plans a standalone service in its own directory", () => {
    const plan = planNew(service, diskTree(directory()));
    expect(plan.directory).toBe("orders");
    expect(plan.created).toContain("orders/src/app.ts");
    expect(plan.created).toContain("orders/Dockerfile");
    expect(plan.edited).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.nextSteps).toEqual([
      "cd orders",
      "git init",
      install,
      "pnpm lint && pnpm typecheck && pnpm test",
    ]);
    expect(plan.created).not.toContain("orders/.npmrc");
  });

  it.each(["service", "library"] as const)(
    "makes a standalone %s its own repository: pipeline, hooks, owners, pins",
    (kind) => {
      const plan = planNew({ ...service, kind }, diskTree(directory()));
      expect(plan.created).toEqual(
        expect.arrayContaining([
          "orders/.github/workflows/ci.yml",
          "orders/.github/workflows/security.yml",
          "orders/.github/CODEOWNERS",
          "orders/.github/pull_request_template.md",
          "orders/.husky/pre-commit",
          "orders/lint-staged.config.js",
          "orders/.nvmrc",
          "orders/.prettierignore",
          "orders/SECURITY.md",
          "orders/renovate.json",
          "orders/.changeset/config.json",
        ]),
      );
      // The workspace's own files stay out: the project is the only package.
      expect(plan.created).not.toContain("orders/pnpm-workspace.yaml");
      expect(plan.created.filter((path) => path.endsWith("/eslint.config.js"))).toEqual([
        "orders/eslint.config.js",
      ]);
      const manifest = JSON.parse(plan.files.get("orders/package.json") ?? "") as {
        packageManager: string;
        scripts: Record<string, string>;
      };
      expect(manifest.packageManager).toBe(`pnpm@${pnpm}`);
      expect(manifest.scripts).toMatchObject({
        "format:check": "prettier --check .",
        prepare: "husky",
      });
      expect(plan.files.get("orders/.prettierignore")).toContain("pnpm-lock.yaml");
      expect(plan.files.get("orders/.github/workflows/ci.yml")).toContain("pnpm run format:check");
    },
  );

  it("gives a standalone service a Dockerfile that builds from its own lockfile", () => {
    const plan = planNew(service, diskTree(directory()));
    const dockerfile = plan.files.get("orders/Dockerfile") ?? "";
    expect(dockerfile).toContain("pnpm install --frozen-lockfile");
    expect(dockerfile).not.toContain("--filter");
    expect(dockerfile).not.toContain("repository root");
  });

  it("gives a library a LICENSE that matches its license field, and its sources for its maps", () => {
    const plan = planNew({ ...service, kind: "library" }, diskTree(directory()));
    const manifest = JSON.parse(plan.files.get("orders/package.json") ?? "") as {
      license: string;
      files: string[];
    };
    expect(manifest.license).toBe("MIT");
    expect(plan.files.get("orders/LICENSE")).toMatch(/^MIT License\n/);
    // The declaration and source maps point into src/: it ships, its tests do not.
    expect(manifest.files).toEqual(expect.arrayContaining(["dist", "src", "!src/**/*.test.ts"]));
  });

  it.each([
    ["npm", {}, "npm install", "npm test -w orders", "npm ci"],
    ["yarn", { "yarn.lock": "" }, "yarn install", "yarn workspace orders test", "yarn install"],
  ])(
    "uses an %s workspace's own package manager: next steps and Dockerfile",
    (_, extra, installs, tests, dockerInstall) => {
      const root = directory({
        "package.json": '{\n  "name": "acme",\n  "workspaces": ["packages/*"]\n}\n',
        ...extra,
      });
      const plan = planNew(service, diskTree(root));
      expect(plan.nextSteps.slice(0, 2)).toEqual([installs, tests]);
      const dockerfile = plan.files.get("packages/orders/Dockerfile") ?? "";
      expect(dockerfile).toContain(dockerInstall);
      expect(dockerfile).not.toContain("pnpm");
      expect(plan.files.get("packages/orders/README.md")).not.toContain("pnpm");
      // The enclosing repository's stations are its own: the steps say what it lacks.
      expect(plan.nextSteps).toContainEqual(
        expect.stringMatching(/^# no CI pipeline at the workspace root: `paved ci` renders one/),
      );
      expect(plan.created.some((path) => path.includes(".github/"))).toBe(false);
      // The image builds from the workspace root, whose .dockerignore keeps node_modules out.
      expect(plan.files.get(".dockerignore")).toContain("**/node_modules");
    },
  );

  it("builds a Yarn Berry workspace's image with Berry's own commands", () => {
    const root = directory({
      "package.json": JSON.stringify({
        name: "acme",
        packageManager: "yarn@4.18.1",
        workspaces: ["packages/*"],
      }),
      ".yarnrc.yml": "nodeLinker: node-modules\n",
    });
    const plan = planNew(service, diskTree(root));
    expect(plan.nextSteps.slice(0, 2)).toEqual(["yarn install", "yarn workspace orders test"]);
    const dockerfile = plan.files.get("packages/orders/Dockerfile") ?? "";
    expect(dockerfile).toContain("corepack enable");
    expect(dockerfile).toContain("yarn install --immutable");
    expect(dockerfile).toContain("yarn workspaces focus orders --production");
    // Yarn 1's flags, which Berry refuses.
    expect(dockerfile).not.toContain("--frozen-lockfile");
    expect(dockerfile).not.toMatch(/install --production/);
  });

  it("sets a Yarn Berry workspace's registry in .yarnrc.yml, which Berry reads (not .npmrc)", () => {
    const root = directory({
      "package.json": JSON.stringify({ name: "acme", workspaces: ["packages/*"] }),
      ".yarnrc.yml": "# Our settings\nnodeLinker: node-modules\n",
      "yarn.lock": "",
    });
    const plan = planNew({ ...service, registry: "http://127.0.0.1:4873" }, diskTree(root));
    expect(plan.files.has(".npmrc")).toBe(false);
    expect(plan.edited).toContain(".yarnrc.yml");
    const settings = plan.files.get(".yarnrc.yml") ?? "";
    expect(settings).toMatch(/^# Our settings\nnodeLinker: node-modules\n/);
    expect(parse(settings)).toEqual({
      nodeLinker: "node-modules",
      npmScopes: {
        paved: { npmRegistryServer: "http://127.0.0.1:4873/" },
      },
      unsafeHttpWhitelist: ["127.0.0.1"],
    });
    // Once set, set: a second project changes nothing there.
    const again = planNew(
      { ...service, name: "billing", registry: "http://127.0.0.1:4873" },
      { ...diskTree(root), read: (path) => plan.files.get(path) ?? diskTree(root).read(path) },
    );
    expect(again.files.has(".yarnrc.yml")).toBe(false);
  });

  it("makes an Nx workspace without package-manager workspaces list the project, so it installs", () => {
    const root = directory({ "package.json": '{ "name": "acme" }\n', "nx.json": "{}\n" });
    const plan = planNew(service, diskTree(root));
    expect(plan.directory).toBe("orders");
    expect(plan.edited).toContain("package.json");
    expect(JSON.parse(plan.files.get("package.json") ?? "")).toEqual({
      name: "acme",
      workspaces: ["orders"],
    });
    // The repository's stations are the Nx workspace's: none are written into the project.
    expect(plan.created).not.toContain("orders/.github/workflows/ci.yml");
    expect(plan.nextSteps.slice(0, 2)).toEqual(["npm install", "npm test -w orders"]);
    const withPnpm = planNew(
      service,
      diskTree(directory({ "package.json": "{}", "nx.json": "{}", "pnpm-lock.yaml": "" })),
    );
    expect(withPnpm.created).toContain("pnpm-workspace.yaml");
    expect(withPnpm.files.get("pnpm-workspace.yaml")).toBe("packages:\n  - orders\n");
  });

  it("checks a library in a Yarn 1 workspace with npm's packing, which publint reads", () => {
    const root = directory({
      "package.json": '{ "name": "acme", "workspaces": ["libs/*"] }',
      "yarn.lock": "",
    });
    const plan = planNew({ ...service, kind: "library" }, diskTree(root));
    const manifest = JSON.parse(plan.files.get("libs/orders/package.json") ?? "") as {
      scripts: Record<string, string>;
    };
    // publint's own `yarn pack` under Yarn 1 finds no files at all.
    expect(manifest.scripts["check:package"]).toBe("publint --strict --pack npm");
  });

  it("takes the workspace's own packages from the workspace: workspace:* in pnpm, the version in npm", () => {
    const member = JSON.stringify({ name: "@paved/telemetry", version: "0.3.1" });
    const pnpmRoot = directory({
      ...workspace,
      "packages/telemetry/package.json": member,
    });
    const deps = (plan: ReturnType<typeof planNew>, path: string) =>
      (JSON.parse(plan.files.get(path) ?? "") as { dependencies: Record<string, string> })
        .dependencies;
    const inPnpm = planNew(service, diskTree(pnpmRoot));
    expect(deps(inPnpm, "packages/orders/package.json")["@paved/telemetry"]).toBe("workspace:*");
    expect(deps(inPnpm, "packages/orders/package.json")["fastify"]).not.toMatch(/^workspace:/);
    const npmRoot = directory({
      "package.json": '{ "name": "acme", "workspaces": ["libs/*", "packages/*"] }',
      "libs/deep/telemetry/package.json": "{}",
      "libs/telemetry/package.json": member,
    });
    expect(deps(planNew(service, diskTree(npmRoot)), "libs/orders/package.json")).toMatchObject({
      "@paved/telemetry": "0.3.1",
    });
  });

  it("registers a project in its workspace: membership, reference, owner, changeset", () => {
    const root = directory(workspace);
    const plan = planNew(
      { kind: "library", name: "money", directory: "libs/money", owner: "@acme/payments" },
      diskTree(root),
    );
    expect(plan.edited.sort()).toEqual([
      ".github/CODEOWNERS",
      "pnpm-workspace.yaml",
      "tsconfig.json",
    ]);
    expect(plan.files.get("pnpm-workspace.yaml")).toBe(
      "# Our packages\npackages:\n  - packages/*\n  - libs/money\n",
    );
    const tsconfig = plan.files.get("tsconfig.json") ?? "";
    expect(tsconfig).toContain("// Solution file");
    expect(tsconfig).toContain('"path": "./libs/money/tsconfig.build.json"');
    expect(plan.files.get(".github/CODEOWNERS")).toBe(
      "* @acme/platform\n/libs/money/ @acme/payments\n",
    );
    expect(plan.files.get(".changeset/new-money.md")).toBe(
      '---\n"@acme/money": minor\n---\n\nNew library: A library on the paved road.\n',
    );
    // The organisation's settings: scope and Node from paved.config.json.
    const manifest = JSON.parse(plan.files.get("libs/money/package.json") ?? "") as {
      name: string;
      engines: { node: string };
    };
    expect(manifest).toMatchObject({ name: "@acme/money", engines: { node: ">=22.12" } });
    // What the root lacks, each with the audit rules that fail there until it is done; its
    // CODEOWNERS and changesets are there (the project joins them), so neither is named.
    expect(plan.nextSteps).toEqual([
      install,
      "pnpm --filter @acme/money test",
      "# no CI pipeline at the workspace root: `paved ci` renders one, with the format, lint and type checks, a dependency audit, secret scanning and CodeQL (ci/pipeline-present, format/check-in-line, lint/runs-in-line, typecheck/check-in-line, security/dependency-audit, security/secret-scanning, security/sast)",
      "# no formatter at the workspace root: add Prettier with @paved/prettier-config (format/formatter-configured)",
      "# no linter at the workspace root: add an eslint.config.js exporting @paved/eslint-config's paved() (lint/linter-configured, lint/type-aware)",
      "# no pre-commit hook at the workspace root: husky and lint-staged, see @paved/lint-staged-config (pre-commit/hook-manager, pre-commit/staged-checks)",
      "# no pull request template: add .github/pull_request_template.md (review/pr-template)",
      "# no security policy: add SECURITY.md with a private reporting channel (security/policy)",
      "# no dependency-update bot: add renovate.json extending config:recommended (dependency-updates/bot)",
      "# no Node version pinned at the workspace root: add .nvmrc (runtime/node-version-pinned)",
      // The project's own Node (paved.config.json says 22 here).
      '# no engines.node in the root package.json: add "engines": { "node": ">=22.12" } (runtime/engines)',
      '# no packageManager in the root package.json: add "packageManager": "pnpm@<version>" (runtime/package-manager)',
      "# no lockfile yet: commit the one `pnpm install` writes",
    ]);
  });

  it("names release tooling left where Nx is installed but nothing releases", () => {
    const { [".changeset/config.json"]: _changesets, ...withoutChangesets } = workspace;
    const root = directory({
      ...withoutChangesets,
      "package.json": JSON.stringify({ name: "acme", devDependencies: { nx: "23.3.1" } }),
    });
    const plan = planNew({ kind: "library", name: "money" }, diskTree(root));
    expect(plan.nextSteps).toContainEqual(expect.stringMatching(/\(release\/tooling\)$/));
  });

  it("names nothing left at a workspace root that has every root station", () => {
    const root = directory({
      ...workspace,
      "package.json": JSON.stringify({
        name: "acme",
        private: true,
        packageManager: "pnpm@10.34.8",
        engines: { node: ">=24" },
        prettier: "@paved/prettier-config",
        devDependencies: { husky: "9.1.7" },
      }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      ".github/workflows/ci.yml": "on: push\n",
      "eslint.config.js": "export default [];\n",
      ".husky/pre-commit": "npx lint-staged\n",
      ".github/pull_request_template.md": "## What\n",
      "SECURITY.md": "# Security\n",
      "renovate.json": "{}\n",
      ".nvmrc": "24\n",
    });
    const plan = planNew({ kind: "library", name: "money" }, diskTree(root));
    expect(plan.nextSteps.filter((step) => step.startsWith("#"))).toEqual([]);
  });

  it("does not register twice: a directory the globs cover, a line already there", () => {
    const root = directory({
      ...workspace,
      ".github/CODEOWNERS": "* @acme/platform\n/packages/orders/ @acme/platform\n",
    });
    const plan = planNew({ kind: "service", name: "orders" }, diskTree(root));
    expect(plan.directory).toBe("packages/orders");
    expect(plan.edited).toEqual(["tsconfig.json"]);
  });

  it("adds to npm workspaces in package.json", () => {
    const root = directory({
      "package.json": '{\n  "name": "acme",\n  "workspaces": ["apps/*"]\n}\n',
    });
    const plan = planNew({ ...service, directory: "services/orders" }, diskTree(root));
    expect(JSON.parse(plan.files.get("package.json") ?? "")).toEqual({
      name: "acme",
      workspaces: ["apps/*", "services/orders"],
    });
    expect(planNew(service, diskTree(root)).directory).toBe("apps/orders");
  });

  it("lists existing files as conflicts", () => {
    const root = directory({ "orders/package.json": "{}" });
    expect(planNew(service, diskTree(root)).conflicts).toEqual(["orders/package.json"]);
  });

  it.each([
    [{ ...service, owner: undefined }, /no owner: pass --owner/],
    [{ ...service, name: "../x" }, /path separator/],
    [{ ...service, scope: "acme" }, /not an npm scope/],
    [{ ...service, directory: "../outside" }, /not a directory inside the workspace/],
    [{ ...service, node: "16" }, /not a supported Node major/],
    [{ ...service, registry: "ftp://npm.example.com/" }, /not a registry URL: give an http/],
    [{ ...service, registry: "npm.example.com" }, /not a registry URL/],
    [{ ...service, registry: "https://me:secret@npm.example.com/" }, /holds credentials/],
    [{ ...service, registry: "https://npm.example.com/?token=1" }, /no query or fragment/],
  ])("refuses bad answers: %j", (options, message) => {
    const { owner, ...rest } = options;
    const answers = owner === undefined ? rest : { ...rest, owner };
    expect(() => planNew(answers, diskTree(directory()))).toThrow(GeneratorError);
    expect(() => planNew(answers, diskTree(directory()))).toThrow(message);
  });

  it("points @paved/* at the registry asked for, in the new repository's .npmrc", () => {
    const plan = planNew(
      { kind: "repo", name: "shop", owner: "@acme/platform", registry: "http://127.0.0.1:4873" },
      diskTree(directory()),
    );
    expect(plan.created).toContain("shop/.npmrc");
    expect(plan.files.get("shop/.npmrc")).toMatch(
      /^@paved:registry=http:\/\/127\.0\.0\.1:4873\/$/m,
    );
    // The repository keeps it for the projects added later.
    const config = JSON.parse(plan.files.get("shop/paved.config.json") ?? "") as {
      new: Record<string, string>;
    };
    expect(config.new["registry"]).toBe("http://127.0.0.1:4873/");
    expect(plan.files.get("shop/README.md")).toContain(`npm install --global pnpm@${pnpm}`);
  });

  it("takes the organisation's registry from paved.config.json, the flag first", () => {
    const settings = { new: { owner: "@acme/platform", registry: "https://npm.acme.test/npm" } };
    const root = directory({ "paved.config.json": JSON.stringify(settings) });
    const fromSettings = planNew({ kind: "service", name: "orders" }, diskTree(root));
    expect(fromSettings.files.get("orders/.npmrc")).toContain(
      "@paved:registry=https://npm.acme.test/npm/\n",
    );
    const fromFlag = planNew(
      { kind: "service", name: "orders", registry: "https://other.test/" },
      diskTree(root),
    );
    expect(fromFlag.files.get("orders/.npmrc")).toContain("@paved:registry=https://other.test/\n");
    const bad = directory({
      "paved.config.json": JSON.stringify({ new: { owner: "@a/b", registry: 4873 } }),
    });
    expect(() => planNew(service, diskTree(bad))).toThrow(/"new\.registry" must be a string/);
  });

  it("sets the registry in a workspace's root .npmrc: created, or edited keeping the rest", () => {
    const fresh = planNew(
      { ...service, registry: "https://npm.acme.test/" },
      diskTree(directory(workspace)),
    );
    expect(fresh.created).toContain(".npmrc");
    expect(fresh.created).not.toContain("packages/orders/.npmrc");
    expect(fresh.files.get(".npmrc")).toContain("@paved:registry=https://npm.acme.test/\n");

    const kept = "engine-strict=true\n@acme:registry=https://npm.acme.test/\n";
    const edited = (npmrc: string) =>
      planNew(
        { ...service, registry: "https://npm.acme.test/" },
        diskTree(directory({ ...workspace, ".npmrc": npmrc })),
      );
    const added = edited(kept);
    expect(added.edited).toContain(".npmrc");
    expect(added.conflicts).toEqual([]);
    expect(added.files.get(".npmrc")).toBe(`${kept}@paved:registry=https://npm.acme.test/\n`);
    expect(edited("@paved:registry=https://old.test/\nsave-exact=true").files.get(".npmrc")).toBe(
      "@paved:registry=https://npm.acme.test/\nsave-exact=true\n",
    );
    // Already set as asked: nothing to edit.
    const same = edited("@paved:registry=https://npm.acme.test/\n");
    expect(same.edited).not.toContain(".npmrc");
    expect(same.files.has(".npmrc")).toBe(false);
  });

  it("names a malformed workspace file", () => {
    const root = directory({ "pnpm-workspace.yaml": "packages: [\n", "package.json": "{}" });
    expect(() => planNew(service, diskTree(root))).toThrow(
      /pnpm-workspace\.yaml is not valid YAML/,
    );
    for (const scalar of ["packages:\\n  - packages/*\\n", "- packages/*\n"]) {
      const odd = directory({ "pnpm-workspace.yaml": scalar, "package.json": "{}" });
      expect(() => planNew(service, diskTree(odd))).toThrow(
        "pnpm-workspace.yaml is not a mapping with a packages: list; fix it first.",
      );
    }
    const config = directory({ "paved.config.json": "{ nope" });
    expect(() => planNew(service, diskTree(config))).toThrow(
      /paved\.config\.json is not a valid JSON object/,
    );
  });
});

describe("writePlan", () => {
  it("writes every planned file", () => {
    const root = directory(workspace);
    const plan = planNew(service, diskTree(root));
    writePlan(root, plan);
    const after = snapshot(root);
    for (const [path, text] of plan.files) expect(after[path], path).toBe(text);
    expect(readdirSync(join(root, "packages"))).toEqual(["orders"]);
  });

  it("writes nothing when a file exists, unless forced", () => {
    const root = directory({ "orders/README.md": "mine\n" });
    const plan = planNew(service, diskTree(root));
    const before = snapshot(root);
    expect(() => {
      writePlan(root, plan);
    }).toThrow(/already exist, and nothing was written[\s\S]*orders\/README\.md/);
    expect(snapshot(root)).toEqual(before);
    writePlan(root, plan, { force: true });
    expect(readFileSync(join(root, "orders/README.md"), "utf8")).toContain("# orders");
  });

  it.each([
    ["while staging the project", "writeSync", 5],
    ["while moving the project into place", "renameSync", 0],
    ["while editing the workspace's files", "renameSync", 2],
  ])("leaves everything as it was when it fails %s", (_, call, after) => {
    const root = directory(workspace);
    const plan = planNew({ ...service, directory: "services/orders" }, diskTree(root));
    expect(plan.edited.length).toBeGreaterThan(1);
    const before = snapshot(root);
    let calls = 0;
    const failing = {
      ...nodeFs,
      [call]: (...args: unknown[]) => {
        calls += 1;
        if (calls > after) throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        return (nodeFs[call as keyof WriterFs] as (...a: unknown[]) => unknown)(...args);
      },
    } as WriterFs;
    expect(() => {
      writePlan(root, plan, { fs: failing });
    }).toThrow(/could not write the files \(ENOSPC\); nothing was changed/);
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(
      readdirSync(root)
        .filter((name) => !name.startsWith(".paved"))
        .sort(),
    );
    expect(statSync(join(root, "pnpm-workspace.yaml")).isFile()).toBe(true);
  });
});

describe("the front doors", () => {
  it("write byte-identical files: paved new, nx g and plop", async () => {
    const { FsTree, flushChanges } = await import("nx/src/generators/tree.js");
    const { serviceGenerator } = await import("./nx.js");
    const { default: nodePlop } = await import("node-plop");
    const base = directory(workspace);
    const copies = ["cli", "nx", "plop", "nx-dry-run"].map((name) => {
      const target = join(scratch, `front-door-${name}`);
      cpSync(base, target, { recursive: true });
      return target;
    });
    const [cli = "", nx = "", plop = "", dryRun = ""] = copies;
    const answers = { name: "orders", description: "Takes orders." };

    writePlan(cli, planNew({ kind: "service", ...answers }, diskTree(cli)));

    const tree = new FsTree(nx, false);
    serviceGenerator(tree, answers);
    flushChanges(nx, tree.listChanges());

    // Nx's --dry-run: the generator runs against the tree, nothing is flushed.
    const dry = new FsTree(dryRun, false);
    serviceGenerator(dry, answers);
    expect(dry.listChanges().length).toBeGreaterThan(10);

    const plopfile = join(plop, "plopfile.js");
    writeFileSync(
      plopfile,
      `import { pavedGenerators } from ${JSON.stringify(join(import.meta.dirname, "..", "dist", "plop.js"))};\nexport default (plop) => pavedGenerators(plop);\n`,
    );
    const plopApi = await nodePlop(plopfile, { destBasePath: plop, force: false });
    const result = await plopApi.getGenerator("service").runActions(answers);
    expect(result.failures).toEqual([]);
    rmSync(plopfile);

    const expected = snapshot(cli);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(snapshot(nx)).toEqual(expected);
    expect(snapshot(plop)).toEqual(expected);
    expect(snapshot(dryRun)).toEqual(snapshot(base));
  });

  it("nx g takes --registry too, into the workspace's .npmrc", async () => {
    const { FsTree } = await import("nx/src/generators/tree.js");
    const { serviceGenerator } = await import("./nx.js");
    const tree = new FsTree(directory(workspace), false);
    serviceGenerator(tree, { name: "orders", registry: "https://npm.acme.test" });
    expect(tree.read(".npmrc", "utf-8")).toContain("@paved:registry=https://npm.acme.test/\n");
  });

  it("nx g in a pnpm workspace takes the workspace's own packages as workspace:*", async () => {
    const { FsTree } = await import("nx/src/generators/tree.js");
    const { serviceGenerator } = await import("./nx.js");
    const root = directory({
      ...workspace,
      "packages/telemetry/package.json": '{ "name": "@paved/telemetry", "version": "0.0.0" }',
      "packages/eslint-config/package.json":
        '{ "name": "@paved/eslint-config", "version": "0.1.0" }',
    });
    const tree = new FsTree(root, false);
    serviceGenerator(tree, { name: "orders" });
    const manifest = JSON.parse(tree.read("packages/orders/package.json", "utf-8") ?? "") as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.dependencies["@paved/telemetry"]).toBe("workspace:*");
    expect(manifest.devDependencies["@paved/eslint-config"]).toBe("workspace:*");
    expect(manifest.devDependencies["@paved/tsconfig"]).toMatch(/^\^/);
  });
});

describe("the Nx front door", () => {
  it("refuses a workspace whose packages/ links out, as paved new does", async () => {
    const { FsTree, flushChanges } = await import("nx/src/generators/tree.js");
    const { serviceGenerator } = await import("./nx.js");
    const root = directory({ ...workspace, "packages/.keep": "" });
    const outside = directory({ victim: "precious\n" });
    nodeFs.rmSync(join(root, "packages"), { recursive: true });
    nodeFs.symlinkSync(outside, join(root, "packages"));
    const tree = new FsTree(root, false);
    expect(() => {
      serviceGenerator(tree, { name: "orders", owner: "@acme/payments" });
    }).toThrow(/packages is a symbolic link; Paved writes only inside/);
    flushChanges(root, tree.listChanges());
    expect(readdirSync(outside)).toEqual(["victim"]);
  });
});
