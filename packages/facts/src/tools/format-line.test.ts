import { describe, expect, it } from "vitest";
import { workspace } from "../catalogue.js";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { eslintPackageOf, styleEnforcingEslint } from "./eslint-style.js";
import { formatEnforced } from "./format-line.js";

const facts = (files: Record<string, string>) => new Facts(indexMemory(files));
const manifest = (fields: Record<string, unknown>) => JSON.stringify(fields, null, 2);
const job = (...steps: string[]) =>
  `on: push\njobs:\n  format:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - ${step}\n`).join("")}`;
const enforced = (files: Record<string, string>) => {
  const found = facts(files).get(formatEnforced);
  return found && { where: found.where, path: found.at.path, line: found.at.line };
};

describe("format-enforced: where the line enforces the format", () => {
  it("finds a CI job that formats and commits the result back, at the formatting step", () => {
    const files = {
      "package.json": manifest({ scripts: { format: "prettier --write ." } }),
      ".github/workflows/format.yml": job(
        "run: pnpm i",
        "run: pnpm run format",
        'run: |\n          git add --all\n          git commit -m "format"\n          git push',
      ),
    };
    expect(enforced(files)).toEqual({ where: "ci", path: ".github/workflows/format.yml", line: 7 });
    const action = {
      ...files,
      ".github/workflows/format.yml": job(
        "run: npx dprint fmt",
        "uses: stefanzweifel/git-auto-commit-action@v5",
      ),
    };
    expect(enforced(action)?.where).toBe("ci");
  });

  it("does not count a CI job that formats and throws the result away, nor a script nobody runs", () => {
    expect(
      enforced({
        "package.json": manifest({ scripts: { format: "prettier --write ." } }),
        ".github/workflows/ci.yml": job("run: pnpm run format", "run: pnpm test"),
      }),
    ).toBeUndefined();
    // Committing before formatting commits nothing of the format.
    expect(
      enforced({
        "package.json": manifest({}),
        ".github/workflows/ci.yml": job('run: git commit -am "x"', "run: npx prettier --write ."),
      }),
    ).toBeUndefined();
    expect(
      enforced({
        "package.json": manifest({ scripts: { format: "dprint fmt" } }),
        "dprint.json": "{}",
      }),
    ).toBeUndefined();
  });

  it("counts the pre-commit hook formatting the staged files, --write included", () => {
    const files = {
      "package.json": manifest({
        gitHooks: { "pre-commit": "lint-staged" },
        "lint-staged": { "*.ts": ["prettier --parser=typescript --write"] },
      }),
    };
    expect(enforced(files)).toMatchObject({ where: "commit", path: "package.json" });
    const lefthook = {
      "package.json": manifest({}),
      "lefthook.yml":
        "pre-commit:\n  commands:\n    fmt:\n      run: npx biome format --write {staged_files}\n",
    };
    expect(enforced(lefthook)).toEqual({ where: "commit", path: "lefthook.yml", line: 4 });
  });

  it("counts ESLint with Prettier as a rule, or gts, run by CI or by the hook", () => {
    const ci = job("run: npm run lint");
    expect(
      enforced({
        "package.json": manifest({ scripts: { lint: "eslint ." } }),
        ".eslintrc.json": '{ "extends": ["eslint:recommended", "plugin:prettier/recommended"] }',
        ".github/workflows/ci.yml": ci,
      })?.where,
    ).toBe("ci");
    // gts check is a format check of its own; the ESLint config extends gts.
    expect(
      enforced({
        "package.json": manifest({ scripts: { lint: "gts check" } }),
        ".eslintrc.json": '{ "extends": "./node_modules/gts" }',
        ".github/workflows/ci.yml": ci,
      })?.where,
    ).toBe("ci");
    expect(
      enforced({
        "package.json": manifest({
          "simple-git-hooks": { "pre-commit": "npx eslint --fix ." },
        }),
        "eslint.config.js":
          'import prettier from "eslint-plugin-prettier/recommended";\nexport default [prettier];\n',
      })?.where,
    ).toBe("commit");
    // eslint-config-prettier turns style rules off: it enforces nothing.
    expect(
      enforced({
        "package.json": manifest({ scripts: { lint: "eslint ." } }),
        ".eslintrc.json": '{ "extends": ["prettier"] }',
        ".github/workflows/ci.yml": ci,
      }),
    ).toBeUndefined();
  });
});

describe("styleEnforcingEslint reads legacy configs too", () => {
  const style = (files: Record<string, string>) => {
    const given = facts(files);
    return styleEnforcingEslint(given, given.get(workspace).projects[0]!);
  };

  it.each([
    ["plugin:prettier/recommended", "eslint-plugin-prettier"],
    ["./node_modules/gts/", "gts"],
    ["standard", "eslint-config-standard"],
    ["plugin:@stylistic/recommended-extends", "@stylistic/eslint-plugin"],
    ["@antfu", "@antfu/eslint-config"],
    ["@vue/airbnb", "@vue/eslint-config-airbnb"],
    ["prettier", "eslint-config-prettier"],
  ])("names the package of %s", (spec, name) => {
    expect(eslintPackageOf(spec)).toBe(name);
  });

  it("finds the preset in YAML, in package.json's eslintConfig, in a JavaScript legacy config", () => {
    expect(style({ "package.json": "{}", ".eslintrc.yml": "extends:\n  - standard\n" })).toEqual({
      path: ".eslintrc.yml",
      preset: "eslint-config-standard",
    });
    expect(
      style({
        "package.json": manifest({ eslintConfig: { rules: { "prettier/prettier": "error" } } }),
      }),
    ).toEqual({ path: "package.json", preset: "eslint-plugin-prettier" });
    expect(
      style({
        "package.json": "{}",
        ".eslintrc.cjs": 'module.exports = { extends: ["plugin:prettier/recommended"] };\n',
      })?.preset,
    ).toBe("eslint-plugin-prettier");
    expect(
      style({ "package.json": "{}", ".eslintrc.json": '{ "extends": "@vue/airbnb" }' }),
    ).toBeUndefined();
  });
});
