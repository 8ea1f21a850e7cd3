import { ESLint, type Linter } from "eslint";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paved, type PavedOptions } from "./index.js";

const project = join(import.meta.dirname, "__fixtures__", "project");

function lint(options: PavedOptions = {}, ...userConfigs: Linter.Config[]): ESLint {
  return new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: paved({ tsconfigRootDir: project, ...options }, ...userConfigs),
  });
}

/** Rule IDs reported for one fixture file, in source order. */
async function ruleIds(eslint: ESLint, file: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintFiles([join(project, file)]);
  return (result?.messages ?? []).map((message) => message.ruleId);
}

const typedRules = [
  "@typescript-eslint/require-await",
  "@typescript-eslint/no-floating-promises",
  "@typescript-eslint/restrict-template-expressions",
  "@typescript-eslint/no-unnecessary-boolean-literal-compare",
  "@typescript-eslint/no-unnecessary-condition",
];

describe("paved() on a bad fixture", () => {
  it("reports exactly the expected rules with type information", async () => {
    expect(await ruleIds(lint(), "src/bad.ts")).toEqual([
      "@typescript-eslint/consistent-type-definitions",
      "@typescript-eslint/require-await",
      "@typescript-eslint/no-floating-promises",
      "@typescript-eslint/no-explicit-any",
      "@typescript-eslint/restrict-template-expressions",
      "@typescript-eslint/no-unnecessary-boolean-literal-compare",
      "eqeqeq",
      "prefer-const",
      "@typescript-eslint/no-non-null-assertion",
      "@typescript-eslint/no-unnecessary-condition",
    ]);
  });

  it("drops only the type-aware rules with typeChecked: false", async () => {
    const reported = await ruleIds(lint({ typeChecked: false }), "src/bad.ts");
    expect(reported).toEqual([
      "@typescript-eslint/consistent-type-definitions",
      "@typescript-eslint/no-explicit-any",
      "eqeqeq",
      "prefer-const",
      "@typescript-eslint/no-non-null-assertion",
    ]);
    expect(reported.filter((id) => id !== null && typedRules.includes(id))).toEqual([]);
  });
});

describe("paved() on good code", () => {
  it.each([true, false])("reports nothing (typeChecked: %s)", async (typeChecked) => {
    expect(await ruleIds(lint({ typeChecked }), "src/good.ts")).toEqual([]);
  });

  it("relaxes test files: non-null assertions and empty stubs are allowed there", async () => {
    expect(await ruleIds(lint(), "src/good.test.ts")).toEqual([]);
  });
});

describe("paved() options and composition", () => {
  it("cannot parse a file no tsconfig includes without allowDefaultProject", async () => {
    // vitest.config.ts is outside the fixture's tsconfig (`include: ["src"]`); with the option,
    // default-project.test.ts (typescript-eslint keeps one project service per process).
    const [result] = await lint().lintFiles([join(project, "vitest.config.ts")]);
    expect(result?.messages.map((message) => message.message).join("\n")).toMatch(
      /not found by the project service/,
    );
  });

  it("ignores build output by default and adds the ignores option to it", async () => {
    const eslint = lint({ ignores: ["**/good.ts"] });
    expect(await eslint.isPathIgnored(join(project, "dist/bundle.ts"))).toBe(true);
    expect(await eslint.isPathIgnored(join(project, "src/good.ts"))).toBe(true);
    expect(await eslint.isPathIgnored(join(project, "src/bad.ts"))).toBe(false);
  });

  it("lets user configs passed after the options override the preset", async () => {
    const eslint = lint(
      {},
      { rules: { eqeqeq: "off", "@typescript-eslint/no-explicit-any": "warn" } },
    );
    const [result] = await eslint.lintFiles([join(project, "src/bad.ts")]);
    const ids = (result?.messages ?? []).map(
      (message) => `${message.ruleId ?? ""}:${String(message.severity)}`,
    );
    expect(ids).not.toContain("eqeqeq:2");
    expect(ids).toContain("@typescript-eslint/no-explicit-any:1");
  });
});

interface RuleMeta {
  type?: string | undefined;
  deprecated?: unknown;
}

interface ResolvedConfig {
  rules?: Linter.RulesRecord;
  plugins?: Record<string, { rules?: Record<string, { meta?: RuleMeta } | undefined> }>;
}

describe("the resolved rule set", () => {
  const severity = ["off", "warn", "error"];

  /** The enabled rules for one file, with each rule's metadata from the plugin that defines it. */
  async function resolve(file: string, options: PavedOptions = {}) {
    const config = (await lint(options).calculateConfigForFile(
      join(project, file),
    )) as ResolvedConfig;
    const meta = (id: string): RuleMeta | undefined => {
      const slash = id.lastIndexOf("/");
      const [plugin, name] = slash === -1 ? ["@", id] : [id.slice(0, slash), id.slice(slash + 1)];
      return config.plugins?.[plugin]?.rules?.[name]?.meta;
    };
    const rules = Object.fromEntries(
      Object.entries(config.rules ?? {})
        .map(([id, entry]) => {
          const [level, ...settings] = Array.isArray(entry) ? entry : [entry];
          const name = typeof level === "number" ? severity[level] : level;
          return [id, settings.length > 0 ? [name, ...settings] : name] as const;
        })
        .filter(([, entry]) => entry !== "off" && !(Array.isArray(entry) && entry[0] === "off"))
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    return { rules, meta };
  }

  it("matches the reviewed snapshot for TypeScript sources", async () => {
    expect((await resolve("src/good.ts")).rules).toMatchSnapshot();
  });

  it("matches the reviewed snapshot for test files", async () => {
    const source = (await resolve("src/good.ts")).rules;
    const test = (await resolve("src/good.test.ts")).rules;
    const relaxed = Object.keys(source).filter((id) => !(id in test));
    expect(relaxed).toMatchSnapshot();
  });

  it("has no formatting rules: Prettier owns the format", async () => {
    for (const options of [{}, { typeChecked: false }]) {
      const { rules, meta } = await resolve("src/good.ts", options);
      const ids = Object.keys(rules);
      expect(ids.every((id) => meta(id) !== undefined)).toBe(true);
      expect(ids.filter((id) => meta(id)?.type === "layout")).toEqual([]);
    }
  });

  it("enables no deprecated rules and no slow import/* rules", async () => {
    const { rules, meta } = await resolve("src/good.ts");
    const ids = Object.keys(rules);
    expect(ids.filter((id) => Boolean(meta(id)?.deprecated))).toEqual([]);
    expect(ids.filter((id) => /^import(-x)?\//.test(id))).toEqual([]);
  });
});
