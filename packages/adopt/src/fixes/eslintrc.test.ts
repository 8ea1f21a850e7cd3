import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyPlan } from "../apply.js";
import { planAdopt } from "../plan.js";
import { adoptMemory } from "../testing.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A TypeScript package on ESLint 8 with a legacy config. */
const manifest = {
  name: "app",
  version: "1.0.0",
  devDependencies: { eslint: "^8.57.0", typescript: "5.9.3" },
};
const base = {
  "package.json": json(manifest),
  "tsconfig.json": json({ compilerOptions: { strict: true } }),
  "src/index.ts": "export const one = 1;\n",
};

/** One legacy config, written as JSONC, as YAML, and as package.json's `eslintConfig`. */
const legacyJson = `{
  // The team's rules.
  "root": true,
  "extends": ["eslint:recommended"],
  "env": { "node": true },
  "globals": { "BUILD_ID": "readonly" },
  "rules": { "no-console": "error" },
  "ignorePatterns": ["generated/"],
  "overrides": [{ "files": ["*.test.ts"], "rules": { "no-console": "off" } }],
}
`;
const legacyYaml = `# The team's rules.
root: true
extends:
  - eslint:recommended
env:
  node: true
globals:
  BUILD_ID: readonly
rules:
  no-console: error
ignorePatterns: [generated/]
overrides:
  - files: ["*.test.ts"]
    rules:
      no-console: "off"
`;
const eslintignore = "# build output\ndist\n\ncoverage/\n";

/** What @eslint/migrate-config writes for that config, composed with the preset. */
const migratedBody = `import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import { FlatCompat } from "@eslint/eslintrc";
import paved from "@paved/eslint-config";

const __filename = fileURLToPath(import.meta.url);
const __dirname = path.dirname(__filename);
const compat = new FlatCompat({
    baseDirectory: __dirname,
    recommendedConfig: js.configs.recommended,
    allConfig: js.configs.all
});

export default [...paved({ tsconfigRootDir: import.meta.dirname }), ...(defineConfig([globalIgnores(["**/generated/", "**/dist", "**/coverage/"]), {
    extends: compat.extends("eslint:recommended"),

    languageOptions: {
        globals: {
            ...globals.node,
            BUILD_ID: "readonly",
        },
    },

    rules: {
        "no-console": "error",
    },
}, {
    files: ["**/*.test.ts"],

    rules: {
        "no-console": "off",
    },
}]))];
`;

describe("lint/type-aware on a legacy .eslintrc", () => {
  it("migrates .eslintrc.json with ESLint's migrator, composes it, pins what it imports, and is idempotent", () => {
    const result = adoptMemory(
      { ...base, ".eslintrc.json": legacyJson, ".eslintignore": eslintignore },
      { only: ["lint"] },
    );
    expect(result.before("lint/type-aware")).toBe("fail");
    expect(result.now("lint/type-aware")).toBe("pass");
    expect(result.after["eslint.config.mjs"]).toBe(
      [
        "// Migrated from .eslintrc.json by @eslint/migrate-config (paved adopt) and composed with the",
        "// Paved preset; the repository's own configs come after it and win.",
        "// ESLint 9 and later read only this file: delete .eslintrc.json and .eslintignore once reviewed.",
        migratedBody,
      ].join("\n"),
    );
    // The legacy files are left (ESLint 9 and later do not read them), byte for byte.
    expect(result.plan.changes.map((change) => change.path)).toEqual([
      "eslint.config.mjs",
      "package.json",
    ]);
    const devDependencies = (
      JSON.parse(result.after["package.json"] ?? "") as { devDependencies: object }
    ).devDependencies;
    expect(devDependencies).toEqual({
      eslint: "10.15.0",
      typescript: "5.9.3",
      "@paved/eslint-config": "^0.1.0",
      globals: "17.14.0",
      "@eslint/js": "10.0.0",
      "@eslint/eslintrc": "3.3.7",
    });
    expect(result.plan.install).toBe("npm install");
    expect(result.again.changes).toEqual([]);
    expect(result.again.skipped).toEqual([]);
  });

  it("sets typescript-eslint's plugin and parser to the preset's version, one copy for ESLint", () => {
    const result = adoptMemory(
      {
        ...base,
        "package.json": json({
          ...manifest,
          devDependencies: {
            "@typescript-eslint/eslint-plugin": "4.14.2",
            "@typescript-eslint/parser": "^8.0.0",
            eslint: ">=7 <9 || ^9",
            typescript: "5.9.3",
          },
        }),
        ".eslintrc": '{ "parser": "@typescript-eslint/parser", "plugins": ["@typescript-eslint"] }',
      },
      { only: ["lint"] },
    );
    expect(JSON.parse(result.after["package.json"] ?? "")).toMatchObject({
      devDependencies: {
        "@typescript-eslint/eslint-plugin": "8.73.0",
        "@typescript-eslint/parser": "8.73.0",
        eslint: "10.15.0",
      },
    });
    expect(result.after["eslint.config.mjs"]).toContain(
      'import typescriptEslint from "@typescript-eslint/eslint-plugin";',
    );
    expect(result.again.changes).toEqual([]);
  });

  it.each([
    [".eslintrc.yml", legacyYaml],
    [".eslintrc.yaml", legacyYaml],
    [".eslintrc", legacyYaml],
    [".eslintrc", legacyJson],
  ])("migrates %s to the same flat config", (name, text) => {
    const result = adoptMemory(
      { ...base, [name]: text, ".eslintignore": eslintignore },
      { only: ["lint"] },
    );
    const written = result.after["eslint.config.mjs"] ?? "";
    expect(written.split("\n")[0]).toBe(
      `// Migrated from ${name} by @eslint/migrate-config (paved adopt) and composed with the`,
    );
    expect(written.slice(written.indexOf("import "))).toBe(migratedBody);
    expect(result.now("lint/type-aware")).toBe("pass");
    expect(result.again.changes).toEqual([]);
  });

  it("migrates package.json's eslintConfig and removes the key, every other byte kept", () => {
    const before = [
      "{",
      '  "name": "app",',
      `  "eslintConfig": ${JSON.stringify(
        {
          root: true,
          extends: ["eslint:recommended"],
          env: { node: true },
          globals: { BUILD_ID: "readonly" },
          rules: { "no-console": "error" },
          ignorePatterns: ["generated/"],
          overrides: [{ files: ["*.test.ts"], rules: { "no-console": "off" } }],
        },
        null,
        2,
      ).replaceAll("\n", "\n  ")},`,
      '  "devDependencies": {',
      '    "@eslint/eslintrc": "3.3.7",',
      '    "@eslint/js": "10.0.0",',
      '    "@paved/eslint-config": "^0.1.0",',
      '    "eslint": "10.15.0",',
      '    "globals": "17.14.0",',
      '    "typescript": "5.9.3"',
      "  }",
      "}",
      "",
    ].join("\n");
    const result = adoptMemory(
      { ...base, "package.json": before, ".eslintignore": eslintignore },
      { only: ["lint"] },
    );
    const key = before.slice(before.indexOf('"eslintConfig"'), before.indexOf('"devDependencies"'));
    expect(result.after["package.json"]).toBe(before.replace(key, ""));
    const written = result.after["eslint.config.mjs"] ?? "";
    expect(written).toMatch(/^\/\/ Migrated from package\.json's eslintConfig by/);
    expect(written).toContain("delete .eslintignore once reviewed");
    expect(written.slice(written.indexOf("import "))).toBe(migratedBody);
    expect(result.now("lint/type-aware")).toBe("pass");
    expect(result.again.changes).toEqual([]);
  });

  it("takes package.json's eslintIgnore where there is no .eslintignore, and removes it", () => {
    const before = json({ ...manifest, eslintIgnore: ["dist", "coverage/"] });
    const result = adoptMemory(
      { ...base, "package.json": before, ".eslintrc.yml": legacyYaml },
      { only: ["lint"] },
    );
    const written = result.after["eslint.config.mjs"] ?? "";
    expect(written).toContain("delete .eslintrc.yml once reviewed");
    expect(written.slice(written.indexOf("import "))).toBe(migratedBody);
    expect(result.after["package.json"]).not.toContain("eslintIgnore");
    expect(result.after["package.json"]).toMatch(
      /^\{\n {2}"name": "app",\n {2}"version": "1.0.0",\n/,
    );
    expect(result.again.changes).toEqual([]);
    const bad = adoptMemory(
      {
        ...base,
        "package.json": json({ ...manifest, eslintIgnore: [1] }),
        ".eslintrc.yml": legacyYaml,
      },
      { only: ["lint"] },
    );
    expect(bad.plan.skipped.map((skip) => skip.reason)).toEqual([
      'package.json\'s "eslintIgnore" is not a list of patterns.',
    ]);
  });

  it.each([".eslintrc.js", ".eslintrc.cjs"])(
    "migrates %s as text, never running it: CommonJS stays CommonJS, composed with the preset",
    (name) => {
      const code = [
        "// ours",
        'const shared = require("./shared-rules.js");',
        'module.exports = { root: true, rules: { ...shared, "no-console": "error" } };',
        "",
      ].join("\n");
      const result = adoptMemory({ ...base, [name]: code }, { only: ["lint"] });
      expect(result.plan.skipped).toEqual([]);
      const config = result.after["eslint.config.cjs"] ?? "";
      expect(config).toContain(`// Migrated from ${name} by @eslint/migrate-config`);
      expect(config).toContain('const { paved } = require("@paved/eslint-config");');
      expect(config).toContain('const shared = require("./shared-rules.js");');
      expect(config).toMatch(
        /module\.exports = \[\.\.\.paved\(\{ tsconfigRootDir: __dirname \}\), \.\.\.\(defineConfig\(\[/,
      );
      expect(config).toContain('"no-console": "error"');
      expect(result.after[name]).toBe(code);
      expect(result.now("lint/type-aware")).toBe("pass");
      expect(result.again.changes).toEqual([]);
    },
  );

  it("refuses a JavaScript config that does not export an object literal, with the reason", () => {
    const result = adoptMemory(
      { ...base, ".eslintrc.js": 'module.exports = require("./base.js");\n' },
      { only: ["lint"] },
    );
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.skipped.map((skip) => skip.reason)).toEqual([
      ".eslintrc.js could not be migrated by @eslint/migrate-config (Config object isn't an object expression. Aborting.); migrate it by hand.",
    ]);
  });

  it.each([
    ['"plugins": ["x: require(\\"y\\")"]', "names a plugin that is not a package name"],
    ['"env": { "a(b)/c": true }', "names a plugin that is not a package name"],
    [
      '"globals": { "a: require(\\"y\\"), b": "readonly" }',
      "declares a global that is not an identifier",
    ],
    ['"overrides": [{ "files": ["a"], "overrides": [] }]', "nests overrides"],
    ['"overrides": [1]', "has an override that is not an object"],
  ])("refuses a config whose names would become code (%s)", (entry, reason) => {
    const result = adoptMemory(
      { ...base, ".eslintrc.json": `{ "root": true, ${entry} }\n` },
      { only: ["lint"] },
    );
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.skipped.map((skip) => skip.reason)).toEqual([
      expect.stringMatching(new RegExp(`^\\.eslintrc\\.json ${reason.replaceAll("(", "\\(")}`)),
    ]);
  });

  it("leaves a config that does not parse to the audit, and skips one without an object, naming the file", () => {
    const adopted = (files: Record<string, string>) =>
      adoptMemory({ ...base, ...files }, { only: ["lint"] });
    // The audit cannot read it, so it says so instead of failing it: nothing to fix.
    for (const files of [{ ".eslintrc.json": '{ "rules": ' }, { ".eslintrc.yml": "rules: [a\n" }]) {
      const result = adopted(files);
      expect(result.before("lint/type-aware")).toBe("not-evaluated");
      expect(result.plan.changes).toEqual([]);
      expect(result.plan.skipped).toEqual([]);
    }
    expect(adopted({ ".eslintrc": "- a\n- b\n" }).plan.skipped.map((skip) => skip.reason)).toEqual([
      ".eslintrc does not hold a config object.",
    ]);
  });

  it("refuses a workspace package's own legacy config, which cascaded with the root's", () => {
    const result = adoptMemory(
      {
        "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
        "package-lock.json": json({ lockfileVersion: 3 }),
        ".eslintrc.json": '{ "root": true }\n',
        "packages/a/package.json": json({ name: "a" }),
        "packages/a/.eslintrc.json": '{ "rules": {} }\n',
        "packages/a/src/index.ts": "export const a = 1;\n",
        "packages/b/package.json": json({ name: "b" }),
        "packages/b/tsconfig.json": json({ compilerOptions: { strict: true } }),
        "packages/b/src/index.ts": "export const b = 1;\n",
      },
      { only: ["lint/type-aware"] },
    );
    expect(result.plan.skipped.map((skip) => [skip.project, skip.reason])).toEqual([
      [
        "packages/a",
        expect.stringMatching(/^packages\/a\/\.eslintrc\.json is a package's own legacy/),
      ],
    ]);
    // The root's config governs packages/b: migrated once, at the root.
    expect(result.plan.changes.map((change) => change.path)).toEqual([
      "eslint.config.mjs",
      "package.json",
    ]);
    expect(result.now("lint/type-aware", "packages/b")).toBe("pass");
  });
});

describe("a shared flat config", () => {
  it("is composed once, for all the projects it governs", () => {
    const config = "export default [{ rules: {} }];\n";
    const result = adoptMemory(
      {
        "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
        "package-lock.json": json({ lockfileVersion: 3 }),
        "eslint.config.js": config,
        "packages/a/package.json": json({ name: "a" }),
        "packages/a/tsconfig.json": json({ compilerOptions: { strict: true } }),
        "packages/a/src/index.ts": "export const a = 1;\n",
        "packages/b/package.json": json({ name: "b" }),
        "packages/b/tsconfig.json": json({ compilerOptions: { strict: true } }),
        "packages/b/src/index.ts": "export const b = 1;\n",
      },
      { only: ["lint/type-aware"] },
    );
    expect(result.after["eslint.config.js"]).toBe(
      'import paved from "@paved/eslint-config";\n\nexport default [...paved({ tsconfigRootDir: import.meta.dirname }), ...([{ rules: {} }])];\n',
    );
    expect(result.now("lint/type-aware", "packages/a")).toBe("pass");
    expect(result.now("lint/type-aware", "packages/b")).toBe("pass");
  });
});

const scratch = mkdtempSync(join(tmpdir(), "paved-eslintrc-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
/** A package's directory in this package's node_modules (or, for `from`, beside that package). */
const packageDir = (name: string, from = import.meta.filename) =>
  dirname(createRequire(from).resolve(`${name}/package.json`));
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

/** A committed repository with these files. */
function repository(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, env: gitEnv });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
  return dir;
}

/** The config the real ESLint computes for a file of the project (`undefined`: ignored). */
function printConfig(dir: string, file: string): Record<string, unknown> | undefined {
  const eslint = join(packageDir("eslint"), "bin", "eslint.js");
  const run = spawnSync(process.execPath, [eslint, "--print-config", file], {
    cwd: dir,
    encoding: "utf8",
    // Under Nx, FORCE_COLOR would colour the `undefined` of an ignored file.
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim() === "undefined"
    ? undefined
    : (JSON.parse(run.stdout) as Record<string, unknown>);
}

describe("the migrated config, on disk, with the real ESLint", () => {
  const typescriptEslint = packageDir("typescript-eslint", packageDir("@paved/eslint-config"));
  const plugin = packageDir("@typescript-eslint/eslint-plugin", typescriptEslint);
  const parser = packageDir("@typescript-eslint/parser", typescriptEslint);

  /** The packages the config imports, from our node_modules, as an install would put them. */
  function install(dir: string): void {
    const links: [string, string][] = [
      ["eslint", packageDir("eslint")],
      ["@eslint/eslintrc", packageDir("@eslint/eslintrc")],
      ["@eslint/js", packageDir("@eslint/js")],
      ["globals", packageDir("globals")],
      ["@paved/eslint-config", packageDir("@paved/eslint-config")],
      ["@typescript-eslint/eslint-plugin", plugin],
      ["@typescript-eslint/parser", parser],
    ];
    for (const [name, target] of links) {
      mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
      symlinkSync(target, join(dir, "node_modules", name), "dir");
    }
  }

  it("loads in ESLint 10 with the legacy rules, env, overrides, plugins and .eslintignore", () => {
    const legacy = {
      root: true,
      parser: "@typescript-eslint/parser",
      plugins: ["@typescript-eslint"],
      extends: ["eslint:recommended", "plugin:@typescript-eslint/recommended"],
      env: { node: true },
      globals: { BUILD_ID: "readonly" },
      rules: {
        "no-console": "error",
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      },
      ignorePatterns: ["generated/"],
      overrides: [{ files: ["*.test.ts"], rules: { "no-console": "off" } }],
    };
    const dir = repository("json", {
      ...base,
      "tsconfig.json": json({ compilerOptions: { strict: true }, include: ["src"] }),
      ".gitignore": "node_modules\n",
      ".eslintrc.json": json(legacy),
      ".eslintignore": eslintignore,
      "src/index.test.ts": "export const two = 2;\n",
    });
    const plan = planAdopt(dir, { only: ["lint"] });
    expect(plan.fixes.map((fix) => fix.ruleId)).toEqual(["lint/type-aware"]);
    const applied = applyPlan(plan);
    expect(applied.transitions).toEqual([
      { ruleId: "lint/type-aware", project: ".", before: "fail", after: "pass" },
    ]);
    expect(planAdopt(dir, { only: ["lint"] }).changes).toEqual([]);
    install(dir);

    const source = printConfig(dir, "src/index.ts") as {
      rules: Record<string, unknown[]>;
      languageOptions: { globals: Record<string, string> };
    };
    expect(source.rules["no-console"]?.[0]).toBe(2);
    expect(source.rules["@typescript-eslint/no-unused-vars"]).toEqual([
      2,
      { argsIgnorePattern: "^_" },
    ]);
    // eslint:recommended through FlatCompat, and the preset's type-aware rules.
    expect(source.rules["no-debugger"]?.[0]).toBe(2);
    expect(source.rules["@typescript-eslint/no-floating-promises"]?.[0]).toBe(2);
    expect(source.languageOptions.globals["BUILD_ID"]).toBe("readonly");
    expect(source.languageOptions.globals["process"]).toBeDefined();
    const test = printConfig(dir, "src/index.test.ts") as { rules: Record<string, unknown[]> };
    expect(test.rules["no-console"]?.[0]).toBe(0);
    // .eslintignore's patterns and ignorePatterns are the flat config's global ignores.
    expect(printConfig(dir, "dist/index.ts")).toBeUndefined();
    expect(printConfig(dir, "coverage/index.ts")).toBeUndefined();
    expect(printConfig(dir, "generated/index.ts")).toBeUndefined();
  }, 60_000);

  it("migrates a .eslintrc.js in one run, and ESLint 10 loads the result", () => {
    const dir = repository("js", {
      ...base,
      "tsconfig.json": json({ compilerOptions: { strict: true }, include: ["src"] }),
      ".gitignore": "node_modules\n",
      ".eslintrc.js": 'module.exports = { root: true, rules: { "no-console": "error" } };\n',
    });
    const plan = planAdopt(dir, { only: ["lint"] });
    expect(plan.fixes.map((fix) => fix.ruleId)).toEqual(["lint/type-aware"]);
    expect(plan.changes.map((change) => change.path)).toContain("eslint.config.cjs");
    expect(applyPlan(plan).transitions.map((step) => step.after)).toEqual(["pass"]);
    install(dir);
    const config = printConfig(dir, "src/index.ts") as { rules: Record<string, unknown[]> };
    expect(config.rules["no-console"]?.[0]).toBe(2);
    expect(config.rules["@typescript-eslint/no-floating-promises"]?.[0]).toBe(2);
    expect(planAdopt(dir, { only: ["lint"] }).changes).toEqual([]);
  }, 60_000);

  it("gives a root config file outside the tsconfig the default project, and `eslint .` runs clean", () => {
    const flat = "export default [{ rules: {} }];\n";
    const dir = repository("outside", {
      ...base,
      "package.json": json({ ...manifest, type: "module", devDependencies: { eslint: "10.15.0" } }),
      "tsconfig.json": json({ compilerOptions: { strict: true, noEmit: true }, include: ["src"] }),
      ".gitignore": "node_modules\n",
      "eslint.config.js": flat,
      "vitest.config.ts": "export default { test: {} };\n",
    });
    const plan = planAdopt(dir, { only: ["lint/type-aware"] });
    expect(plan.changes.find((change) => change.path === "eslint.config.js")?.after).toContain(
      'paved({ tsconfigRootDir: import.meta.dirname, allowDefaultProject: ["vitest.config.ts"] })',
    );
    applyPlan(plan);
    install(dir);
    const eslint = join(packageDir("eslint"), "bin", "eslint.js");
    const run = spawnSync(process.execPath, [eslint, "--format", "json", "."], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    const results = JSON.parse(run.stdout) as {
      filePath: string;
      messages: { message: string }[];
    }[];
    // Each TypeScript file is linted with type information: no parsing error anywhere.
    expect(
      results.map((result) => [result.filePath.slice(dir.length + 1), result.messages]),
    ).toEqual([
      ["eslint.config.js", []],
      ["src/index.ts", []],
      ["vitest.config.ts", []],
    ]);
  }, 60_000);
});
