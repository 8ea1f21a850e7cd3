import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Config } from "prettier";
import {
  renderTemplate,
  renderText,
  templateNames,
  templateVersions,
  type TemplateData,
} from "./render.js";

const data: TemplateData = {
  gitlab: false,
  dependabot: false,
  name: "orders",
  packageName: "@acme/orders",
  scope: "@acme",
  repoName: "orders",
  description: 'Takes "orders" & ships them',
  owner: "@acme/payments",
  ownerRef: "group:acme/payments",
  node: "24",
  nodeRange: "24",
  license: "UNLICENSED",
  projectDir: "packages/orders",
  pnpmVersion: "10.34.8",
  registry: "https://npm.example.com/",
  versions: { ...templateVersions },
  berry: false,
  standalone: false,
  manager: "pnpm",
  run: "pnpm",
  year: "2026",
};

describe("the renderer", () => {
  it("embeds every template of templates/ exactly (regenerate with tools/templates/embed.mjs)", () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    const check = spawnSync(
      process.execPath,
      [join(root, "tools/templates/embed.mjs"), "--check"],
      {
        encoding: "utf8",
      },
    );
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect(templateNames).toEqual(["library", "registry", "repo", "service"]);
  });

  it("leaves GitHub Actions expressions alone, byte for byte", () => {
    const source = [
      "name: {{name}}",
      "concurrency:",
      "  group: ci-${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}",
      "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
      "run: echo ${{ matrix.node }} {{packageName}} ${{ secrets.TOKEN }}",
      "",
    ].join("\n");
    expect(renderText(source, data)).toBe(
      source.replace("{{name}}", "orders").replace("{{packageName}}", "@acme/orders"),
    );
  });

  it("writes descriptions as JSON and YAML strings, so quotes cannot break the file", () => {
    const rendered = renderTemplate("service", data);
    const manifest = JSON.parse(rendered.get("package.json") ?? "") as { description: string };
    expect(manifest.description).toBe(data.description);
    const entity = parse(rendered.get("catalog-info.yaml") ?? "") as {
      metadata: { description: string };
    };
    expect(entity.metadata.description).toBe(data.description);
    for (const description of ["plain", "it's", 'say "hi"', `both ' and "`]) {
      const yaml = renderTemplate("service", { ...data, description }).get("catalog-info.yaml");
      expect((parse(yaml ?? "") as typeof entity).metadata.description).toBe(description);
    }
  });

  it("prefixes paths and refuses unknown templates and missing values", () => {
    expect([...renderTemplate("library", data, "packages/orders").keys()]).toContain(
      "packages/orders/src/index.ts",
    );
    expect(() => renderTemplate("nope", data)).toThrow(/no template named "nope"/);
    const { ownerRef: _ownerRef, ...incomplete } = data;
    expect(() => renderTemplate("service", incomplete as TemplateData)).toThrow(
      /^template service\/catalog-info\.yaml: "ownerRef" not defined/,
    );
  });
});

describe("rendered templates", () => {
  it.each([
    ...templateNames.map((name) => [name, data] as const),
    ["repo", { ...data, gitlab: true }] as const,
    ["repo", { ...data, dependabot: true }] as const,
    ...(["service", "library"] as const).flatMap((name) => [
      [name, { ...data, standalone: true }] as const,
      [name, { ...data, manager: "npm", run: "npm run" }] as const,
      [name, { ...data, manager: "yarn", run: "yarn" }] as const,
    ]),
  ])("are formatted as the Prettier preset formats them: %s", async (name, variant) => {
    const prettier = await import("prettier");
    const { default: config } = (await import("@paved/prettier-config")) as { default: Config };
    const unformatted: string[] = [];
    for (const [path, text] of renderTemplate(name, variant)) {
      // What the repository template's .prettierignore leaves out.
      if (path.startsWith(".changeset/") && path.endsWith(".md")) continue;
      const info = await prettier.getFileInfo(path);
      if (info.inferredParser === null) continue;
      if (!(await prettier.check(text, { ...config, filepath: path }))) unformatted.push(path);
    }
    expect(unformatted).toEqual([]);
  });
});

describe("a planned repository", () => {
  it("gets its pipeline from the CI preset, formatted as the Prettier preset formats it", async () => {
    const { planNew } = await import("./plan.js");
    const prettier = await import("prettier");
    const { default: config } = (await import("@paved/prettier-config")) as { default: Config };
    const plan = planNew(
      { kind: "repo", name: "shop", owner: "@acme/platform" },
      { read: () => undefined, exists: () => false },
    );
    const workflows = [...plan.files].filter(([path]) =>
      path.startsWith("shop/.github/workflows/"),
    );
    expect(workflows.map(([path]) => path).sort()).toEqual([
      "shop/.github/workflows/ci.yml",
      "shop/.github/workflows/release.yml",
      "shop/.github/workflows/security.yml",
    ]);
    for (const [path, text] of workflows) {
      expect(text, path).toMatch(/^# paved-ci: /);
      expect(await prettier.check(text, { ...config, filepath: path }), path).toBe(true);
    }
    expect(plan.files.get("shop/.github/workflows/ci.yml")).toContain("run: pnpm run format:check");
  });

  it.each(["renovate", "dependabot"] as const)(
    "gets its %s configuration formatted as the Prettier preset formats it",
    async (updates) => {
      const { planNew } = await import("./plan.js");
      const prettier = await import("prettier");
      const { default: config } = (await import("@paved/prettier-config")) as { default: Config };
      const plan = planNew(
        { kind: "repo", name: "shop", owner: "@acme/platform", updates },
        { read: () => undefined, exists: () => false },
      );
      const files = [...plan.files].filter(([path]) =>
        /^shop\/(renovate\.json|\.github\/dependabot\.yml)$/.test(path),
      );
      expect(files).toHaveLength(1);
      for (const [path, text] of files)
        expect(await prettier.check(text, { ...config, filepath: path }), path).toBe(true);
    },
  );

  it("on GitLab, gets .gitlab-ci.yml, GitLab's review files and a policy that fits, and audits whole", async () => {
    const { planNew } = await import("./plan.js");
    const { writePlan } = await import("./write.js");
    const { audit } = await import("@paved/conformance");
    const prettier = await import("prettier");
    const { default: config } = (await import("@paved/prettier-config")) as { default: Config };
    const plan = planNew(
      { kind: "repo", name: "shop", owner: "@acme/platform", provider: "gitlab" },
      { read: () => undefined, exists: () => false },
    );
    const paths = [...plan.files.keys()];
    expect(paths.filter((path) => path.startsWith("shop/.github/"))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        "shop/.gitlab-ci.yml",
        "shop/.gitlab/CODEOWNERS",
        "shop/.gitlab/merge_request_templates/Default.md",
        "shop/renovate.json",
      ]),
    );
    const pipeline = plan.files.get("shop/.gitlab-ci.yml") ?? "";
    expect(pipeline).toMatch(/^# paved-ci: /);
    expect(pipeline).toContain("  image: node:24\n");
    expect(await prettier.check(pipeline, { ...config, filepath: "shop/.gitlab-ci.yml" })).toBe(
      true,
    );
    expect(plan.files.get("shop/SECURITY.md")).toContain("confidential issue");
    expect(plan.files.get("shop/README.md")).toContain("`.gitlab/CODEOWNERS`");
    expect(() =>
      planNew(
        {
          kind: "repo",
          name: "shop",
          owner: "@acme/platform",
          provider: "gitlab",
          updates: "dependabot",
        },
        { read: () => undefined, exists: () => false },
      ),
    ).toThrow(/Dependabot runs on GitHub only/);
    // Written out, the repository is whole on the stations GitLab hosts.
    const root = mkdtempSync(join(tmpdir(), "paved-gitlab-repo-"));
    try {
      writePlan(root, plan);
      // The lockfile comes with the first install.
      writeFileSync(join(root, "shop", "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
      const report = audit(join(root, "shop"));
      const scores = Object.fromEntries(
        report.stations
          .filter((station) => ["ci", "security", "review", "release"].includes(station.id))
          .map((station) => [station.id, station.score]),
      );
      expect(
        report.findings.filter(
          (finding) =>
            ["ci", "security", "review", "release"].includes(finding.station) &&
            finding.outcome === "fail",
        ),
      ).toEqual([]);
      expect(scores).toEqual({ ci: 100, security: 100, review: 100, release: 100 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each(["service", "library"] as const)(
    "a standalone %s audits at 100 with no blind spots once its lockfile is there",
    async (kind) => {
      const { planNew } = await import("./plan.js");
      const { writePlan } = await import("./write.js");
      const { audit } = await import("@paved/conformance");
      const root = mkdtempSync(join(tmpdir(), "paved-standalone-"));
      try {
        writePlan(
          root,
          planNew(
            { kind, name: "orders", owner: "@acme/payments" },
            { read: () => undefined, exists: () => false },
          ),
        );
        // The lockfile comes with the first install.
        writeFileSync(join(root, "orders", "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
        const report = audit(join(root, "orders"));
        expect(report.findings.filter((finding) => finding.outcome === "fail")).toEqual([]);
        expect(report.blindSpots).toEqual([]);
        expect(report.score).toBe(100);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );

  it.each([
    ["service", "github"],
    ["library", "github"],
    ["service", "gitlab"],
    ["library", "gitlab"],
  ] as const)(
    "has a pipeline that calls only commands the repository defines: a %s, on %s",
    async (project, provider) => {
      const { planNew } = await import("./plan.js");
      const plan = planNew(
        { kind: "repo", name: "shop", owner: "@acme/platform", project, provider },
        { read: () => undefined, exists: () => false },
      );
      const manifest = (path: string) =>
        JSON.parse(plan.files.get(path) ?? "{}") as {
          scripts: Record<string, string>;
          devDependencies: Record<string, string>;
        };
      const root = manifest("shop/package.json");
      const inner = manifest("shop/packages/shop/package.json");
      // Every command of every job: GitHub's run steps, GitLab's scripts.
      const commands: string[] = [];
      for (const [path, text] of plan.files) {
        if (!/^shop\/(\.github\/workflows\/.*|\.gitlab-ci)\.yml$/.test(path)) continue;
        const document = parse(text) as Record<string, unknown>;
        const jobs = (
          path.includes(".github/")
            ? Object.values(document["jobs"] as object)
            : Object.values(document)
        ) as unknown[];
        for (const value of jobs) {
          if (typeof value !== "object" || value === null) continue;
          const job = value as Record<string, unknown>;
          for (const step of (job["steps"] ?? []) as { run?: string }[])
            if (step.run !== undefined) commands.push(step.run);
          for (const key of ["before_script", "script"])
            for (const line of (job[key] ?? []) as string[]) commands.push(line);
        }
      }
      expect(commands.length).toBeGreaterThan(0);
      const unknown = commands.filter((command) => {
        const script = /^pnpm run ([\w:-]+)$/.exec(command)?.[1];
        if (script !== undefined) {
          // A workspace-wide script runs the projects' own: they must define it too.
          const recursive = /^pnpm -r (\w+)$/.exec(root.scripts[script] ?? "")?.[1];
          return (
            root.scripts[script] === undefined ||
            (recursive !== undefined && inner.scripts[recursive] === undefined)
          );
        }
        const bin = /^pnpm exec (\S+)/.exec(command)?.[1];
        if (bin === "changeset") return root.devDependencies["@changesets/cli"] === undefined;
        // pnpm's and corepack's own commands.
        return !/^(pnpm (install --frozen-lockfile|audit --prod|config set .*)|corepack enable)$/.test(
          command,
        );
      });
      expect(unknown).toEqual([]);
    },
  );
});
