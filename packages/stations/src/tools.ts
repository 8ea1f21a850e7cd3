/**
 * The tools that run each station, as data: the npm packages that install them, the commands
 * they run as, the config files and package.json keys that configure them, and the arguments
 * that make a call a check (or switch the check off). The auditor's command classifier and its
 * rules read these tables; nothing else keeps a list of tools.
 */

/** The stations a tool can run; the others are wired by files or services, not commands. */
export type ToolStation =
  "format" | "lint" | "typecheck" | "test" | "build" | "release" | "security";

export interface Tool {
  /** Stable id, also the name in messages when `title` is absent. */
  id: string;
  title: string;
  /** The npm packages that install it. */
  packages: readonly string[];
  /** The command names it runs as (`node_modules/.bin/…`, or a system tool such as `deno`). */
  bins: readonly string[];
  /**
   * When set, the call runs the station only with one of these subcommands, the words that
   * follow the bin before any flag (`biome ci`, `deno fmt`, `npm stage publish`).
   */
  subcommands?: readonly string[];
  /**
   * When set, the call runs the station only with one of these arguments after the bin
   * (`prettier --check`, `vitest --typecheck`).
   */
  checkFlags?: readonly string[];
  /**
   * Flags, or words, that switch the station's check off (`biome ci --formatter-enabled=false`,
   * the `signatures` of `npm audit signatures`).
   */
  disablingFlags?: readonly string[];
  /**
   * For a formatter (in its station only): the words that make a call write the fixes instead of checking them
   * (`prettier --write`, `dprint fmt`, a bare `oxfmt`). A pre-commit hook, or a CI job that
   * commits the result back, that runs such a call enforces the format as surely as a check.
   * `subcommands` replace the tool's own; `flags` replace `checkFlags` (absent: any call) and
   * no longer count as disabling.
   */
  fixes?: { subcommands?: readonly string[]; flags?: readonly string[] };
  /**
   * For a test runner or coverage tool: the flags that make the run fail under a coverage
   * threshold. A flag written `--x=` takes a percentage (`--x=80` or `--x 80`); one written
   * `--x.` is a prefix (`--coverage.thresholds.lines=80`); any other is a switch.
   */
  coverageGates?: readonly string[];
  /** For a security scanner: what it looks for in the repository. */
  scans?: "dependencies" | "code" | "secrets";
  /**
   * GitHub actions that run it (`owner/name`, any path or version after it): a CI step using
   * one runs its station (for a security scanner, its scan).
   */
  actions?: readonly string[];
  /** GitLab CI templates that run it, by the end of their name (`SAST.gitlab-ci.yml`). */
  gitlabTemplates?: readonly string[];
  /** Config files at a project directory (or above it) that configure it. */
  configFiles?: readonly string[];
  /** package.json keys that configure it. */
  manifestKeys?: readonly string[];
  /** The command that checks without changing anything, for remediations (`prettier --check .`). */
  checkCommand?: string;
  /** How to make it enforce a coverage threshold, for remediations. */
  coverageAdvice?: string;
  /** Its calls lint with type information (`oxlint --type-aware`). */
  typeAware?: boolean;
  /**
   * Works without a config file: installed and called is configured (xo, standard, ava); for a
   * release tool, installed at the root is configured (np, release-it).
   */
  zeroConfig?: boolean;
  /**
   * Publishes without versioning or recording the change (`npm publish`): release automation
   * only where a workflow runs it, not from a laptop's script.
   */
  publishOnly?: boolean;
}

const eslintFlat = ["js", "mjs", "cjs", "ts", "mts", "cts"].map((ext) => `eslint.config.${ext}`);
const eslintLegacy = ["", ".js", ".cjs", ".json", ".yaml", ".yml"].map((ext) => `.eslintrc${ext}`);
const prettierFiles = [
  ...["", ".json", ".json5", ".yaml", ".yml", ".toml"].map((ext) => `.prettierrc${ext}`),
  ...["js", "cjs", "mjs", "ts", "mts", "cts"].flatMap((ext) => [
    `.prettierrc.${ext}`,
    `prettier.config.${ext}`,
  ]),
];
const biomeFiles = ["biome.json", "biome.jsonc"];
const oxlintFiles = [
  ".oxlintrc.json",
  "oxlintrc.json",
  ...["ts", "mts", "js", "mjs"].map((ext) => `oxlint.config.${ext}`),
];
const oxfmtFiles = [".oxfmtrc.json", ".oxfmtrc.jsonc", "oxfmt.config.ts"];
const dprintFiles = ["dprint.json", "dprint.jsonc", ".dprint.json", ".dprint.jsonc"];
/** Where a Vitest config lives (a Vite config holds Vitest's `test` options too). */
export const vitestConfigFiles: readonly string[] = ["vitest", "vite"].flatMap((base) =>
  ["ts", "mts", "js", "mjs"].map((ext) => `${base}.config.${ext}`),
);
const xoFiles = [
  ...["js", "cjs", "mjs", "ts", "mts", "cts"].map((ext) => `xo.config.${ext}`),
  ".xo-config",
  ".xo-config.json",
  ".xo-config.js",
  ".xo-config.cjs",
];

/** Linters that enforce code style too: each is a linter and a formatter check at once. */
const xo: Tool = {
  id: "xo",
  title: "xo",
  packages: ["xo"],
  checkCommand: "xo",
  bins: ["xo"],
  configFiles: xoFiles,
  manifestKeys: ["xo"],
  zeroConfig: true,
  // Its TypeScript config turns on typescript-eslint's project service and type-checked rules.
  typeAware: true,
};
const standard: Tool = {
  id: "standard",
  title: "standard",
  packages: ["standard", "ts-standard", "semistandard"],
  checkCommand: "standard",
  bins: ["standard", "ts-standard", "semistandard"],
  manifestKeys: ["standard"],
  zeroConfig: true,
};

/** ESLint with its own style rules behind one bin (privatenumber's lintroll): a linter and a format check. */
const lintroll: Tool = {
  id: "lintroll",
  title: "lintroll",
  packages: ["lintroll"],
  checkCommand: "lintroll .",
  bins: ["lintroll"],
  zeroConfig: true,
  // `--fix` writes the fixes: a fix of the format, still a lint.
  fixes: { flags: ["--fix"] },
};

/** Google's TypeScript style: ESLint with Prettier as a rule, so `gts check` checks the format. */
const gts: Tool = {
  id: "gts",
  title: "gts",
  packages: ["gts"],
  checkCommand: "gts check",
  bins: ["gts"],
  subcommands: ["check", "lint"],
  fixes: { subcommands: ["fix"] },
  zeroConfig: true,
};

/**
 * Toolkits that wrap ESLint, Prettier, Jest and a bundler behind one bin, each station a
 * subcommand: tsdx (archived, still common), kcd-scripts, Create React App's react-scripts and
 * Vue CLI's vue-cli-service (its `lint` and `test:unit` come from its ESLint and unit-test
 * plugins).
 */
const tsdx = { title: "tsdx", packages: ["tsdx"], bins: ["tsdx"], zeroConfig: true } as const;
const kcdScripts = {
  title: "kcd-scripts",
  packages: ["kcd-scripts"],
  bins: ["kcd-scripts"],
  zeroConfig: true,
} as const;
const vueCli = { bins: ["vue-cli-service"] } as const;

export const linters: readonly Tool[] = [
  {
    id: "eslint",
    title: "ESLint",
    packages: ["eslint"],
    bins: ["eslint"],
    actions: [
      "reviewdog/action-eslint",
      "sibiraj-s/action-eslint",
      "tj-actions/eslint-changed-files",
    ],
    configFiles: [...eslintFlat, ...eslintLegacy],
    manifestKeys: ["eslintConfig"],
  },
  {
    id: "biome",
    title: "Biome",
    packages: ["@biomejs/biome"],
    checkCommand: "biome ci",
    bins: ["biome"],
    subcommands: ["ci", "check", "lint"],
    disablingFlags: ["--linter-enabled=false"],
    configFiles: biomeFiles,
    zeroConfig: true,
  },
  {
    id: "oxlint",
    title: "oxlint",
    packages: ["oxlint"],
    checkCommand: "oxlint",
    bins: ["oxlint"],
    configFiles: oxlintFiles,
    zeroConfig: true,
  },
  {
    id: "oxlint-type-aware",
    title: "oxlint --type-aware",
    packages: ["oxlint", "oxlint-tsgolint"],
    bins: ["oxlint"],
    checkFlags: ["--type-aware"],
    typeAware: true,
  },
  xo,
  standard,
  gts,
  lintroll,
  // tsdx's built-in config includes Prettier as a rule: `tsdx lint` checks the format too.
  { ...tsdx, id: "tsdx-lint", title: "tsdx lint (ESLint)", subcommands: ["lint"] },
  {
    ...kcdScripts,
    id: "kcd-scripts-lint",
    title: "kcd-scripts lint (ESLint)",
    subcommands: ["lint"],
  },
  {
    ...vueCli,
    id: "vue-cli-lint",
    title: "vue-cli-service lint (ESLint)",
    packages: ["@vue/cli-plugin-eslint"],
    subcommands: ["lint"],
    configFiles: [...eslintFlat, ...eslintLegacy],
    manifestKeys: ["eslintConfig"],
  },
  // lab lints with ESLint when asked (`lab -L`).
  {
    id: "lab-lint",
    title: "lab -L (ESLint)",
    packages: ["@hapi/lab"],
    bins: ["lab"],
    checkFlags: ["-L", "--lint"],
  },
  {
    id: "deno-lint",
    title: "deno lint",
    packages: [],
    bins: ["deno"],
    subcommands: ["lint"],
    zeroConfig: true,
  },
  {
    id: "next-lint",
    title: "next lint",
    packages: ["next"],
    bins: ["next"],
    subcommands: ["lint"],
  },
];

/** Formatters: they keep style noise out of diffs. */
export const formatters: readonly Tool[] = [
  {
    id: "prettier",
    title: "Prettier",
    packages: ["prettier"],
    checkCommand: "prettier --check .",
    bins: ["prettier"],
    checkFlags: ["--check", "-c", "--list-different", "-l"],
    fixes: { flags: ["--write", "-w"] },
    // It formats and commits the result back (or, with `dry`, fails on a difference).
    actions: ["creyD/prettier_action"],
    configFiles: prettierFiles,
    manifestKeys: ["prettier"],
  },
  {
    id: "biome",
    title: "Biome",
    packages: ["@biomejs/biome"],
    checkCommand: "biome ci",
    bins: ["biome"],
    subcommands: ["ci", "check", "format"],
    // Writing fixes the format instead of checking it; the flag switches the formatter off.
    disablingFlags: ["--formatter-enabled=false", "--write", "--fix", "--apply", "--apply-unsafe"],
    fixes: { flags: ["--write", "--fix", "--apply", "--apply-unsafe"] },
    configFiles: biomeFiles,
    zeroConfig: true,
  },
  {
    id: "oxfmt",
    title: "oxfmt",
    packages: ["oxfmt"],
    checkCommand: "oxfmt --check",
    bins: ["oxfmt"],
    checkFlags: ["--check", "--list-different"],
    // Without `--check`, oxfmt writes.
    fixes: {},
    configFiles: oxfmtFiles,
    zeroConfig: true,
  },
  {
    id: "dprint",
    title: "dprint",
    packages: ["dprint"],
    checkCommand: "dprint check",
    bins: ["dprint"],
    subcommands: ["check"],
    fixes: { subcommands: ["fmt"] },
    // Its action runs `dprint check`.
    actions: ["dprint/check"],
    configFiles: dprintFiles,
  },
  {
    id: "deno-fmt",
    title: "deno fmt",
    packages: [],
    checkCommand: "deno fmt --check",
    bins: ["deno"],
    subcommands: ["fmt"],
    checkFlags: ["--check"],
    fixes: {},
    zeroConfig: true,
  },
  {
    // Prettier on the files git reports changed (`--staged` in a pre-commit hook); it writes
    // unless told to check.
    id: "pretty-quick",
    title: "pretty-quick (Prettier)",
    packages: ["pretty-quick"],
    checkCommand: "pretty-quick --check",
    bins: ["pretty-quick"],
    checkFlags: ["--check"],
    fixes: {},
    zeroConfig: true,
  },
  {
    id: "nx-format",
    title: "nx format:check (Prettier)",
    packages: ["nx"],
    bins: ["nx"],
    subcommands: ["format:check"],
    fixes: { subcommands: ["format", "format:write"] },
  },
  // Linters that enforce and fix code style: running them checks the format too.
  xo,
  standard,
  gts,
  { ...lintroll, disablingFlags: ["--fix"] },
  {
    ...tsdx,
    id: "tsdx-lint",
    title: "tsdx lint (ESLint with Prettier)",
    subcommands: ["lint"],
    disablingFlags: ["--fix"],
    fixes: { flags: ["--fix"] },
  },
];

/**
 * ESLint presets that enforce code style (stylistic rules on by default): an ESLint config that
 * uses one formats the code when ESLint runs.
 */
export const styleEnforcingEslintPresets: readonly string[] = [
  "neostandard",
  "@antfu/eslint-config",
  "@stylistic/eslint-plugin",
  "eslint-config-standard",
  "eslint-config-xo",
  // Prettier as an ESLint rule (`plugin:prettier/recommended`): ESLint fails on unformatted code.
  "eslint-plugin-prettier",
  "gts",
];

/** Type checkers, over code or over hand-written declarations (type tests). */
export const typeCheckers: readonly Tool[] = [
  {
    id: "tsc",
    title: "tsc",
    packages: ["typescript"],
    checkCommand: "tsc --noEmit",
    bins: ["tsc"],
    // `--noCheck` emits without checking; the others do not compile at all.
    disablingFlags: ["--noCheck", "--init", "--version", "-v", "--help", "-h", "--showConfig"],
  },
  { id: "tsgo", title: "tsgo", packages: ["@typescript/native-preview"], bins: ["tsgo"] },
  // tshy builds each dialect with tsc, which type-checks as it emits.
  { id: "tshy", title: "tshy (tsc)", packages: ["tshy"], bins: ["tshy"], zeroConfig: true },
  {
    // Type-aware oxlint reports the TypeScript compiler's own diagnostics with `--type-check`.
    id: "oxlint-type-check",
    title: "oxlint --type-check",
    packages: ["oxlint-tsgolint"],
    bins: ["oxlint"],
    checkFlags: ["--type-check"],
  },
  {
    id: "vue-tsc",
    title: "vue-tsc",
    packages: ["vue-tsc"],
    checkCommand: "vue-tsc --noEmit",
    bins: ["vue-tsc"],
  },
  {
    id: "svelte-check",
    title: "svelte-check",
    packages: ["svelte-check"],
    bins: ["svelte-check"],
  },
  {
    id: "tsd",
    title: "tsd",
    packages: ["tsd"],
    checkCommand: "tsd",
    bins: ["tsd"],
    zeroConfig: true,
  },
  {
    id: "tstyche",
    title: "TSTyche",
    packages: ["tstyche"],
    checkCommand: "tstyche",
    bins: ["tstyche"],
    zeroConfig: true,
  },
  {
    id: "vitest-typecheck",
    title: "Vitest type tests",
    packages: ["vitest"],
    bins: ["vitest"],
    checkFlags: ["--typecheck", "typecheck"],
  },
  { id: "deno-check", title: "deno check", packages: [], bins: ["deno"], subcommands: ["check"] },
  // lab checks the package's declarations against its type tests (`lab -Y`).
  {
    id: "lab-types",
    title: "lab -Y (type tests)",
    packages: ["@hapi/lab"],
    bins: ["lab"],
    checkFlags: ["-Y", "--types"],
  },
  {
    ...kcdScripts,
    id: "kcd-scripts-typecheck",
    title: "kcd-scripts typecheck (tsc)",
    subcommands: ["typecheck"],
  },
];

/** Test runners. */
export const testRunners: readonly Tool[] = [
  {
    id: "vitest",
    title: "Vitest",
    packages: ["vitest"],
    coverageAdvice:
      "set `test.coverage.thresholds` in vitest.config (for example `lines: 80`) and run `vitest run --coverage`",
    bins: ["vitest"],
    coverageGates: ["--coverage.thresholds."],
  },
  {
    id: "jest",
    title: "Jest",
    packages: ["jest"],
    coverageAdvice:
      "set `coverageThreshold` in the Jest config (for example `{ global: { lines: 80 } }`)",
    bins: ["jest"],
    coverageGates: ["--coverageThreshold"],
  },
  {
    id: "mocha",
    title: "Mocha",
    packages: ["mocha"],
    coverageAdvice: "run it under c8 with `--check-coverage --lines 80`",
    bins: ["mocha"],
  },
  {
    id: "node-test",
    title: "node:test",
    packages: [],
    coverageAdvice:
      "add `--experimental-test-coverage --test-coverage-lines=80` to the `node --test` call",
    bins: ["node", "tsx"],
    checkFlags: ["--test"],
    coverageGates: [
      "--test-coverage-lines=",
      "--test-coverage-branches=",
      "--test-coverage-functions=",
    ],
    zeroConfig: true,
  },
  {
    id: "playwright",
    title: "Playwright",
    packages: ["@playwright/test"],
    bins: ["playwright"],
    subcommands: ["test"],
  },
  {
    id: "ava",
    title: "AVA",
    packages: ["ava"],
    coverageAdvice: "run it under c8 with `--check-coverage --lines 80`",
    bins: ["ava"],
    zeroConfig: true,
  },
  { id: "uvu", title: "uvu", packages: ["uvu"], bins: ["uvu"], zeroConfig: true },
  {
    id: "tap",
    title: "tap",
    packages: ["tap"],
    coverageAdvice:
      "tap enforces 100% coverage unless `--allow-incomplete-coverage` is passed: drop that flag",
    bins: ["tap"],
    zeroConfig: true,
  },
  { id: "tape", title: "tape", packages: ["tape"], bins: ["tape"], zeroConfig: true },
  {
    id: "borp",
    title: "borp",
    packages: ["borp"],
    coverageAdvice: "add `--check-coverage --lines 80` to the borp call",
    bins: ["borp"],
    coverageGates: ["--check-coverage"],
    zeroConfig: true,
  },
  { id: "jasmine", title: "Jasmine", packages: ["jasmine"], bins: ["jasmine"] },
  {
    // hapi's runner: `-t 100` fails the run under 100% coverage.
    id: "lab",
    title: "lab",
    packages: ["@hapi/lab"],
    coverageAdvice: "add `-t 80` (a coverage threshold) to the lab call",
    bins: ["lab"],
    coverageGates: ["-t=", "--threshold="],
    zeroConfig: true,
  },
  {
    id: "cypress",
    title: "Cypress",
    packages: ["cypress"],
    bins: ["cypress"],
    subcommands: ["run"],
  },
  {
    id: "better-node-test",
    title: "better-node-test",
    packages: ["better-node-test"],
    coverageAdvice: "add `--coverage 80` to the bnt call",
    bins: ["bnt"],
    // `bnt --coverage 100`: the number is the threshold.
    coverageGates: ["--coverage="],
    zeroConfig: true,
  },
  {
    ...tsdx,
    id: "tsdx-test",
    title: "tsdx test (Jest)",
    subcommands: ["test"],
    coverageGates: ["--coverageThreshold"],
  },
  {
    ...kcdScripts,
    id: "kcd-scripts-test",
    title: "kcd-scripts test (Jest)",
    subcommands: ["test"],
    coverageGates: ["--coverageThreshold"],
  },
  {
    id: "react-scripts-test",
    title: "react-scripts test (Jest)",
    packages: ["react-scripts"],
    bins: ["react-scripts"],
    subcommands: ["test"],
    coverageGates: ["--coverageThreshold"],
    zeroConfig: true,
  },
  {
    ...vueCli,
    id: "vue-cli-test",
    title: "vue-cli-service test:unit",
    packages: ["@vue/cli-plugin-unit-jest", "@vue/cli-plugin-unit-mocha"],
    subcommands: ["test:unit"],
    zeroConfig: true,
  },
  { id: "bun-test", title: "bun test", packages: [], bins: ["bun"], subcommands: ["test"] },
  { id: "deno-test", title: "deno test", packages: [], bins: ["deno"], subcommands: ["test"] },
];

/**
 * Coverage tools that wrap a test run (`c8 mocha`): they fail it under a threshold only when
 * told to check (`--lines 80` alone sets the number that `--check-coverage` would check).
 */
export const coverageTools: readonly Tool[] = [
  {
    id: "c8",
    title: "c8",
    packages: ["c8"],
    bins: ["c8"],
    coverageGates: ["--check-coverage", "--100", "check-coverage"],
  },
  {
    id: "nyc",
    title: "nyc",
    packages: ["nyc"],
    bins: ["nyc"],
    coverageGates: ["--check-coverage", "--100", "check-coverage"],
  },
];

/** Bundlers and compilers that build a package's entry points. */
export const builders: readonly Tool[] = [
  {
    id: "tsc-build",
    title: "tsc -b",
    packages: ["typescript"],
    bins: ["tsc"],
    checkFlags: ["-b", "--build"],
  },
  { id: "tsup", title: "tsup", packages: ["tsup"], bins: ["tsup"] },
  { id: "tsdown", title: "tsdown", packages: ["tsdown"], bins: ["tsdown"] },
  { id: "vite", title: "Vite", packages: ["vite"], bins: ["vite"], subcommands: ["build"] },
  { id: "rollup", title: "Rollup", packages: ["rollup"], bins: ["rollup"] },
  { id: "rolldown", title: "Rolldown", packages: ["rolldown"], bins: ["rolldown"] },
  { id: "esbuild", title: "esbuild", packages: ["esbuild"], bins: ["esbuild"] },
  { id: "unbuild", title: "unbuild", packages: ["unbuild"], bins: ["unbuild"] },
  { id: "webpack", title: "webpack", packages: ["webpack-cli"], bins: ["webpack"] },
  { id: "pkgroll", title: "pkgroll", packages: ["pkgroll"], bins: ["pkgroll"] },
  { id: "bunchee", title: "bunchee", packages: ["bunchee"], bins: ["bunchee"] },
  { id: "tshy", title: "tshy", packages: ["tshy"], bins: ["tshy"] },
  { ...tsdx, id: "tsdx-build", title: "tsdx build (Rollup)", subcommands: ["build"] },
  { ...kcdScripts, id: "kcd-scripts-build", title: "kcd-scripts build", subcommands: ["build"] },
  {
    id: "react-scripts-build",
    title: "react-scripts build (webpack)",
    packages: ["react-scripts"],
    bins: ["react-scripts"],
    subcommands: ["build"],
  },
  {
    ...vueCli,
    id: "vue-cli-build",
    title: "vue-cli-service build (webpack)",
    packages: ["@vue/cli-service"],
    subcommands: ["build"],
  },
];

/** Release tools: they version, tag and record each change, and publish it. */
export const releaseTools: readonly Tool[] = [
  {
    id: "changesets",
    title: "changesets",
    packages: ["@changesets/cli"],
    bins: ["changeset"],
    subcommands: ["publish", "version"],
    configFiles: [".changeset/config.json"],
  },
  {
    id: "semantic-release",
    title: "semantic-release",
    packages: ["semantic-release"],
    zeroConfig: true,
    bins: ["semantic-release"],
    disablingFlags: ["--dry-run", "-d"],
    configFiles: [
      ...["", ".json", ".yaml", ".yml", ".js", ".cjs", ".mjs", ".ts"].map(
        (ext) => `.releaserc${ext}`,
      ),
      ...["js", "cjs", "mjs", "ts"].map((ext) => `release.config.${ext}`),
    ],
    manifestKeys: ["release"],
  },
  {
    id: "release-please",
    title: "release-please",
    packages: ["release-please"],
    bins: ["release-please"],
    configFiles: [
      "release-please-config.json",
      ".release-please-manifest.json",
      ".github/release-please.yml",
    ],
  },
  {
    id: "nx-release",
    title: "Nx release",
    packages: ["nx"],
    bins: ["nx"],
    subcommands: ["release"],
  },
  {
    id: "np",
    title: "np",
    packages: ["np"],
    zeroConfig: true,
    bins: ["np"],
    configFiles: [".np-config.json", ".np-config.js", ".np-config.cjs", ".np-config.mjs"],
    manifestKeys: ["np"],
  },
  {
    id: "release-it",
    title: "release-it",
    packages: ["release-it"],
    zeroConfig: true,
    bins: ["release-it"],
    configFiles: [".json", ".js", ".cjs", ".mjs", ".ts", ".yaml", ".yml", ".toml", ".json5"].map(
      (ext) => `.release-it${ext}`,
    ),
    manifestKeys: ["release-it"],
  },
  {
    id: "changelogen",
    title: "changelogen",
    packages: ["changelogen"],
    zeroConfig: true,
    bins: ["changelogen"],
  },
  {
    id: "bumpp",
    title: "bumpp",
    packages: ["bumpp"],
    zeroConfig: true,
    bins: ["bumpp"],
    configFiles: ["bump.config.ts", "bump.config.js", "bump.config.mjs"],
  },
  {
    id: "ossjs-release",
    title: "@ossjs/release",
    packages: ["@ossjs/release"],
    bins: ["release"],
    subcommands: ["publish"],
    configFiles: ["release.config.json"],
  },
  {
    id: "lerna",
    title: "Lerna",
    packages: ["lerna", "@lerna-lite/cli"],
    bins: ["lerna"],
    subcommands: ["publish", "version"],
  },
  // Lerna-Lite ships `lerna version` and `lerna publish` as packages of their own: installing
  // one is choosing to version (tag, changelog) or publish with it, as installing np is.
  {
    id: "lerna-lite",
    title: "Lerna-Lite",
    packages: ["@lerna-lite/version", "@lerna-lite/publish"],
    zeroConfig: true,
    bins: [],
  },
  { id: "auto", title: "auto", packages: ["auto"], bins: ["auto"], subcommands: ["shipit"] },
  // Publishing commands: a workflow that runs one on a tag, a release or a push releases.
  {
    id: "npm-publish",
    title: "npm publish",
    packages: [],
    publishOnly: true,
    bins: ["npm", "pnpm", "bun"],
    subcommands: ["publish", "stage publish"],
    disablingFlags: ["--dry-run"],
  },
  {
    id: "yarn-publish",
    title: "yarn publish",
    packages: [],
    publishOnly: true,
    bins: ["yarn"],
    subcommands: ["publish", "npm publish"],
    disablingFlags: ["--dry-run"],
  },
  {
    id: "gh-release",
    title: "gh release",
    packages: [],
    publishOnly: true,
    bins: ["gh"],
    subcommands: ["release create"],
  },
  {
    id: "jsr-publish",
    title: "JSR publish",
    packages: ["jsr"],
    publishOnly: true,
    bins: ["deno", "jsr"],
    subcommands: ["publish"],
  },
  // A service is released as a container image: pushing one from CI publishes it.
  {
    id: "image-push",
    title: "docker push",
    packages: [],
    publishOnly: true,
    bins: ["docker", "podman"],
    subcommands: ["push", "image push"],
  },
  {
    id: "image-build-push",
    title: "docker build --push",
    packages: [],
    publishOnly: true,
    bins: ["docker"],
    subcommands: ["build", "buildx build", "buildx bake"],
    checkFlags: ["--push"],
  },
];

/** GitHub actions that publish a package or cut a release. */
/**
 * GitHub actions that publish a container image, and the input that must be set (to `true`, or
 * an expression) for them to push; without one, using the action pushes.
 */
export const imagePublishActions: readonly { action: string; pushInput?: string }[] = [
  { action: "docker/build-push-action", pushInput: "push" },
  { action: "docker/bake-action", pushInput: "push" },
  { action: "redhat-actions/push-to-registry" },
];

export const releaseActions: readonly string[] = [
  "changesets/action",
  "googleapis/release-please-action",
  "google-github-actions/release-please-action",
  "cycjimmy/semantic-release-action",
  "JS-DevTools/npm-publish",
  "softprops/action-gh-release",
  "ncipollo/release-action",
  "actions/create-release",
];

/**
 * GitHub actions that commit a job's changes back to the branch: after a formatter writes, such
 * a job formats every pushed change (an auto-format workflow).
 */
export const commitBackActions: readonly string[] = [
  "stefanzweifel/git-auto-commit-action",
  "EndBug/add-and-commit",
  "autofix-ci/action",
];

/**
 * GitHub actions that run shell commands given as inputs, and those inputs: a check run through
 * one (`nick-fields/retry` with `command: pnpm test`) is on the line as a `run:` step is.
 * `prefix` is what the action puts before the input (`borales/actions-yarn` runs `yarn <cmd>`).
 */
export const commandInputActions: readonly {
  action: string;
  inputs: readonly string[];
  prefix?: string;
}[] = [
  { action: "nick-fields/retry", inputs: ["command", "on_retry_command"] },
  { action: "nick-invision/retry", inputs: ["command", "on_retry_command"] },
  { action: "Wandalen/wretry.action", inputs: ["command"] },
  {
    action: "jameshenry/parallel-bash-commands",
    inputs: ["cmd1", "cmd2", "cmd3", "cmd4", "cmd5", "cmd6", "cmd7", "cmd8", "cmd9", "cmd10"],
  },
  { action: "cypress-io/github-action", inputs: ["install-command", "build", "command"] },
  { action: "coactions/setup-xvfb", inputs: ["run"] },
  { action: "GabrielBB/xvfb-action", inputs: ["run"] },
  { action: "ArtiomTr/jest-coverage-report-action", inputs: ["test-script"] },
  { action: "paambaati/codeclimate-action", inputs: ["coverageCommand"] },
  { action: "borales/actions-yarn", inputs: ["cmd"], prefix: "yarn " },
];

/**
 * CircleCI orb jobs that run a package script, and the parameters that name it: a workflow that
 * lists `node/test` (with `orbs: { node: circleci/node@5 }`) runs `npm run test`, or
 * `yarn run <run-command>` with `pkg-manager: yarn`.
 */
export const circleciOrbJobs: readonly {
  orb: string;
  job: string;
  script: { parameter: string; default: string };
  packageManager: { parameter: string; default: string };
}[] = [
  {
    orb: "circleci/node",
    job: "test",
    script: { parameter: "run-command", default: "test" },
    packageManager: { parameter: "pkg-manager", default: "npm" },
  },
];

/**
 * Security scanners: dependency audits against advisory databases, static analysis of the code,
 * and secret scanners, as commands, GitHub actions and GitLab templates.
 */
export const securityScanners: readonly Tool[] = [
  {
    id: "package-manager-audit",
    title: "package manager audit",
    packages: ["npm", "pnpm", "yarn", "bun"],
    scans: "dependencies",
    bins: ["npm", "pnpm", "yarn", "bun"],
    subcommands: ["audit", "npm audit"],
    // `npm audit signatures` verifies registry signatures: it looks for no vulnerability.
    disablingFlags: ["signatures"],
    gitlabTemplates: ["Dependency-Scanning.gitlab-ci.yml"],
  },
  {
    id: "osv-scanner",
    title: "OSV-Scanner",
    packages: [],
    scans: "dependencies",
    bins: ["osv-scanner"],
    actions: ["google/osv-scanner-action"],
  },
  {
    id: "dependency-review",
    title: "dependency-review-action",
    packages: [],
    scans: "dependencies",
    bins: [],
    actions: ["actions/dependency-review-action"],
  },
  {
    id: "snyk",
    title: "Snyk",
    packages: ["snyk"],
    scans: "dependencies",
    bins: ["snyk"],
    subcommands: ["test"],
    actions: ["snyk/actions"],
  },
  {
    id: "audit-ci",
    title: "audit-ci",
    packages: ["audit-ci"],
    scans: "dependencies",
    bins: ["audit-ci"],
  },
  {
    id: "better-npm-audit",
    title: "better-npm-audit",
    packages: ["better-npm-audit"],
    scans: "dependencies",
    bins: ["better-npm-audit"],
  },
  {
    id: "trivy",
    title: "Trivy",
    packages: [],
    scans: "dependencies",
    bins: ["trivy"],
    subcommands: ["fs"],
    actions: ["aquasecurity/trivy-action"],
  },
  {
    id: "codeql",
    title: "CodeQL",
    packages: [],
    scans: "code",
    bins: ["codeql"],
    actions: ["github/codeql-action"],
  },
  {
    id: "semgrep",
    title: "Semgrep",
    packages: [],
    scans: "code",
    bins: ["semgrep"],
    actions: ["returntocorp/semgrep-action", "semgrep/semgrep-action"],
  },
  {
    id: "gitlab-sast",
    title: "GitLab SAST",
    packages: [],
    scans: "code",
    bins: [],
    gitlabTemplates: ["SAST.gitlab-ci.yml"],
  },
  {
    id: "gitleaks",
    title: "gitleaks",
    packages: [],
    scans: "secrets",
    bins: ["gitleaks"],
    actions: ["gitleaks/gitleaks-action"],
  },
  {
    id: "trufflehog",
    title: "TruffleHog",
    packages: [],
    scans: "secrets",
    bins: ["trufflehog"],
    actions: ["trufflesecurity/trufflehog"],
  },
  {
    id: "detect-secrets",
    title: "detect-secrets",
    packages: [],
    scans: "secrets",
    bins: ["detect-secrets", "detect-secrets-hook"],
  },
  {
    id: "secretlint",
    title: "secretlint",
    packages: ["secretlint"],
    scans: "secrets",
    bins: ["secretlint"],
  },
  {
    id: "gitlab-secret-detection",
    title: "GitLab secret detection",
    packages: [],
    scans: "secrets",
    bins: [],
    gitlabTemplates: ["Secret-Detection.gitlab-ci.yml"],
  },
];

/** The tools of each station that a command can run, in the classifier's order. */
export const toolsByStation: Readonly<Record<ToolStation, readonly Tool[]>> = {
  format: formatters,
  lint: linters,
  typecheck: typeCheckers,
  test: testRunners,
  build: builders,
  release: releaseTools,
  security: securityScanners,
};

/** Git hook managers: they install the repository's hooks on a normal install. */
export interface HookManager {
  id: string;
  title: string;
  packages: readonly string[];
  /** Files whose presence configures a pre-commit hook. */
  preCommitFiles: readonly string[];
  /** package.json keys holding the hooks, and the path to the pre-commit entry. */
  manifestHooks?: readonly (readonly string[])[];
  /** How to add a staged-files check with this manager, for remediations. */
  addHook: string;
}

export const hookManagers: readonly HookManager[] = [
  {
    id: "husky",
    title: "husky",
    packages: ["husky"],
    preCommitFiles: [".husky/pre-commit"],
    // husky 4 kept its hooks in package.json.
    manifestHooks: [["husky", "hooks", "pre-commit"]],
    addHook: "put `npx lint-staged` in .husky/pre-commit",
  },
  {
    id: "lefthook",
    title: "lefthook",
    packages: ["lefthook", "@evilmartians/lefthook"],
    preCommitFiles: [
      "lefthook.yml",
      "lefthook.yaml",
      ".lefthook.yml",
      ".lefthook.yaml",
      "lefthook.json",
      "lefthook.toml",
    ],
    addHook: "add a `pre-commit` command to lefthook.yml that runs lint-staged",
  },
  {
    id: "simple-git-hooks",
    title: "simple-git-hooks",
    packages: ["simple-git-hooks"],
    preCommitFiles: [
      ".simple-git-hooks.json",
      ".simple-git-hooks.js",
      ".simple-git-hooks.cjs",
      "simple-git-hooks.json",
      "simple-git-hooks.js",
      "simple-git-hooks.cjs",
    ],
    manifestHooks: [["simple-git-hooks", "pre-commit"]],
    addHook: 'set `"simple-git-hooks": { "pre-commit": "npx lint-staged" }` in package.json',
  },
  {
    id: "yorkie",
    title: "yorkie (gitHooks)",
    packages: ["yorkie"],
    preCommitFiles: [],
    manifestHooks: [["gitHooks", "pre-commit"]],
    addHook: 'set `"gitHooks": { "pre-commit": "lint-staged" }` in package.json',
  },
  {
    id: "pre-commit",
    title: "pre-commit",
    packages: [],
    preCommitFiles: [".pre-commit-config.yaml", ".pre-commit-config.yml"],
    addHook: "add a hook that lints the staged files to .pre-commit-config.yaml",
  },
];

/** lint-staged's config places: its own files, or the package.json key. */
export const lintStaged = {
  configFiles: [
    ".lintstagedrc",
    ...[".json", ".yaml", ".yml", ".js", ".mjs", ".cjs"].map((ext) => `.lintstagedrc${ext}`),
    ...["js", "mjs", "cjs", "ts", "mts", "cts"].map((ext) => `lint-staged.config.${ext}`),
  ],
  manifestKey: "lint-staged",
  bins: ["lint-staged", "nano-staged"],
} as const;

/** A config file's names with each extension JavaScript tools load. */
const configNames = (base: string, extensions = ["js", "cjs", "mjs", "ts", "cts", "mts"]) =>
  extensions.map((ext) => `${base}.${ext}`);

/** An Nx inference plugin's target: see `NxRunner`. */
export interface NxInferredTarget {
  /** The plugin's name in nx.json's `plugins`. */
  plugin: string;
  /** The plugin option that names the target (`testTargetName`; `typecheck.targetName` nests). */
  option: string;
  /** The target's name when the option is absent. */
  target: string;
  /** The target exists only where one of these files is, at a project (empty: anywhere). */
  configFiles: readonly string[];
  /** The plugin infers the target only when its parent option is set (`build: {…}`). */
  optIn?: boolean;
}

/**
 * How Nx runs a tool without a package.json script: the executors a target names
 * (`"executor": "@nx/jest:jest"`), and the inference plugins of nx.json that give each project
 * with the tool's config a target (`@nx/vite/plugin` gives `test`, which runs Vitest).
 * `command` is the call the target makes, as the command classifier reads it.
 */
export interface NxRunner {
  command: string;
  executors: readonly string[];
  inferredBy: readonly NxInferredTarget[];
  /**
   * The executor type-checks too (as `tsc --noEmit` would) unless the target sets this option
   * to `true`: `@nx/esbuild:esbuild` and `@nx/rollup:rollup` with `skipTypeCheck`.
   */
  typeChecksUnless?: string;
}

const viteConfigs = ["vite", "vitest"].flatMap((base) => configNames(`${base}.config`));

export const nxRunners: readonly NxRunner[] = [
  {
    command: "vitest run",
    executors: ["@nx/vite:test", "@nx/vitest:test", "@nrwl/vite:test"],
    inferredBy: [
      {
        plugin: "@nx/vite/plugin",
        option: "testTargetName",
        target: "test",
        configFiles: viteConfigs,
      },
      { plugin: "@nx/vitest", option: "testTargetName", target: "test", configFiles: viteConfigs },
    ],
  },
  {
    command: "jest",
    executors: ["@nx/jest:jest", "@nrwl/jest:jest"],
    inferredBy: [
      {
        plugin: "@nx/jest/plugin",
        option: "targetName",
        target: "test",
        configFiles: configNames("jest.config", ["js", "cjs", "mjs", "ts", "cts", "mts", "json"]),
      },
    ],
  },
  {
    command: "eslint .",
    executors: ["@nx/eslint:lint", "@nx/linter:eslint", "@nrwl/linter:eslint"],
    inferredBy: [
      {
        plugin: "@nx/eslint/plugin",
        option: "targetName",
        target: "lint",
        configFiles: [...eslintFlat, ...eslintLegacy],
      },
    ],
  },
  {
    command: "playwright test",
    executors: ["@nx/playwright:playwright"],
    inferredBy: [
      {
        plugin: "@nx/playwright/plugin",
        option: "targetName",
        target: "e2e",
        configFiles: configNames("playwright.config"),
      },
    ],
  },
  {
    command: "cypress run",
    executors: ["@nx/cypress:cypress", "@nrwl/cypress:cypress"],
    inferredBy: [
      {
        plugin: "@nx/cypress/plugin",
        option: "targetName",
        target: "e2e",
        configFiles: configNames("cypress.config"),
      },
    ],
  },
  {
    // @nx/js/typescript type-checks each project with a tsconfig.json by building declarations.
    command: "tsc --build --emitDeclarationOnly",
    executors: [],
    inferredBy: [
      {
        plugin: "@nx/js/typescript",
        option: "typecheck.targetName",
        target: "typecheck",
        configFiles: [],
      },
    ],
  },
  {
    command: "tsc --noEmit",
    executors: [],
    inferredBy: [
      {
        plugin: "@nx/vite/plugin",
        option: "typecheckTargetName",
        target: "typecheck",
        configFiles: viteConfigs,
      },
    ],
  },
  {
    command: "tsc --build",
    executors: [],
    inferredBy: [
      {
        plugin: "@nx/js/typescript",
        option: "build.targetName",
        target: "build",
        configFiles: [],
        optIn: true,
      },
    ],
  },
  {
    command: "tsc -p tsconfig.lib.json",
    executors: ["@nx/js:tsc", "@nrwl/js:tsc"],
    inferredBy: [],
  },
  {
    command: "vite build",
    executors: ["@nx/vite:build", "@nrwl/vite:build"],
    inferredBy: [
      {
        plugin: "@nx/vite/plugin",
        option: "buildTargetName",
        target: "build",
        configFiles: viteConfigs,
      },
    ],
  },
  {
    command: "rollup",
    executors: ["@nx/rollup:rollup", "@nrwl/rollup:rollup"],
    inferredBy: [],
    typeChecksUnless: "skipTypeCheck",
  },
  {
    command: "esbuild",
    executors: ["@nx/esbuild:esbuild", "@nrwl/esbuild:esbuild"],
    inferredBy: [],
    typeChecksUnless: "skipTypeCheck",
  },
  {
    command: "webpack",
    executors: ["@nx/webpack:webpack", "@nrwl/webpack:webpack"],
    inferredBy: [],
  },
];
