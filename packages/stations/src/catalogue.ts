import type { Station } from "./station.js";

/**
 * The line, in order. The single source of truth that the generators, the CI preset and the
 * conformance rules read: each station's defect class, its core evidence (what must pass for
 * it to count), the preset that wires it, and the rules that prove it is wired.
 */
export const stations = [
  {
    id: "format",
    order: 1,
    title: "Format",
    defectClass: "Style noise in diffs and review time spent on formatting",
    coreEvidence: {
      rules: ["format/check-in-line"],
      what: "the format enforced on the line (a CI check, an auto-format job, or the pre-commit hook), not only a formatter's config",
      inCi: true,
    },
    preset: "@paved/prettier-config",
    appliesTo: ["service", "library", "workspace-root"],
    rules: ["format/formatter-configured", "format/check-in-line"],
    script: "format:check",
  },
  {
    id: "lint",
    order: 2,
    title: "Lint",
    defectClass:
      "Local logic slips: floating promises, unsafe any, dead code, suspicious comparisons",
    coreEvidence: {
      rules: ["lint/linter-configured", "lint/runs-in-line"],
      what: "a linter configured and run on the line (CI, a script CI runs, or the pre-commit hook), not only a linter's config",
      all: true,
      inCi: true,
    },
    preset: "@paved/eslint-config",
    appliesTo: ["service", "library", "workspace-root"],
    rules: ["lint/linter-configured", "lint/runs-in-line", "lint/type-aware"],
    script: "lint",
  },
  {
    id: "typecheck",
    order: 3,
    title: "Typecheck",
    defectClass: "Type errors: null dereferences, wrong shapes, unchecked index access",
    coreEvidence: {
      rules: ["typecheck/strict", "typecheck/check-in-line"],
      what: "a strict tsconfig that compiles the project, or a type checker that CI runs",
    },
    preset: "@paved/tsconfig",
    appliesTo: ["service", "library"],
    rules: ["typecheck/strict", "typecheck/strict-flags", "typecheck/check-in-line"],
    script: "typecheck",
  },
  {
    id: "pre-commit",
    order: 4,
    title: "Pre-commit",
    defectClass: "Mistakes that reach the remote before any check runs",
    coreEvidence: {
      rules: ["pre-commit/hook-manager"],
      what: "a pre-commit hook installed from the repository",
    },
    preset: "@paved/lint-staged-config",
    appliesTo: ["workspace-root"],
    rules: ["pre-commit/hook-manager", "pre-commit/staged-checks"],
  },
  {
    id: "test",
    order: 5,
    title: "Test",
    defectClass: "Logic and contract defects; untested code paths",
    coreEvidence: {
      rules: ["test/runner", "test/script"],
      what: "a test runner, or a `test` script that runs tests",
    },
    preset: null,
    appliesTo: ["service", "library"],
    rules: ["test/runner", "test/script", "test/coverage-threshold"],
    script: "test",
  },
  {
    id: "build",
    order: 6,
    title: "Build",
    defectClass:
      "Broken package entry points: exports that resolve to nothing or to the wrong format",
    coreEvidence: {
      rules: ["build/exports-map"],
      what: "package entry points that resolve to built files",
    },
    preset: "@paved/tsconfig",
    appliesTo: ["library"],
    rules: ["build/exports-map"],
    script: "build",
  },
  {
    id: "ci",
    order: 7,
    title: "CI",
    defectClass: "A line that runs only on someone's laptop; a pipeline an attacker can hijack",
    coreEvidence: {
      rules: ["ci/pipeline-present"],
      what: "a CI pipeline, so the line runs on every change and not only on a laptop",
    },
    preset: "@paved/ci",
    appliesTo: ["workspace-root"],
    rules: [
      "ci/pipeline-present",
      "ci/runs-stations",
      "ci/actions-pinned",
      "ci/permissions",
      "ci/pull-request-target",
      "ci/timeouts",
      "ci/pipeline-intact",
    ],
  },
  {
    id: "security",
    order: 8,
    title: "Security",
    defectClass:
      "Known-vulnerable dependencies, leaked secrets, injectable code, unreproducible installs",
    coreEvidence: {
      rules: ["security/dependency-audit"],
      what: "a dependency audit that runs in CI",
      inCi: true,
    },
    preset: "@paved/ci",
    appliesTo: ["workspace-root"],
    rules: [
      "security/lockfile",
      "security/dependency-audit",
      "security/secret-scanning",
      "security/sast",
      "security/policy",
    ],
  },
  {
    id: "dependency-updates",
    order: 9,
    title: "Dependency updates",
    defectClass: "Dependencies that age into vulnerabilities and painful upgrades",
    coreEvidence: {
      rules: ["dependency-updates/bot"],
      what: "a dependency-update bot",
    },
    preset: "@paved/ci",
    appliesTo: ["workspace-root"],
    rules: ["dependency-updates/bot"],
  },
  {
    id: "review",
    order: 10,
    title: "Review",
    defectClass: "Design defects and unowned code merged without a second pair of eyes",
    coreEvidence: {
      rules: ["review/codeowners"],
      what: "owners who must review each change (CODEOWNERS), not only a PR template",
    },
    preset: null,
    appliesTo: ["workspace-root"],
    rules: ["review/codeowners", "review/pr-template"],
  },
  {
    id: "release",
    order: 11,
    title: "Release",
    defectClass: "Shipped changes nobody can trace to a version and a changelog",
    coreEvidence: {
      rules: ["release/tooling"],
      what: "release tooling that versions and records each change",
    },
    preset: null,
    appliesTo: ["workspace-root"],
    rules: ["release/tooling"],
  },
  {
    id: "telemetry",
    order: 12,
    title: "Telemetry",
    defectClass: "Production behaviour nobody sees: errors, latency, outages found by users",
    coreEvidence: {
      rules: ["telemetry/opentelemetry"],
      what: "OpenTelemetry wired into the service",
    },
    preset: "@paved/telemetry",
    appliesTo: ["service"],
    rules: ["telemetry/opentelemetry", "telemetry/health-endpoints"],
  },
  {
    id: "runtime",
    order: 13,
    title: "Runtime",
    defectClass: "Works-on-my-machine drift: different Node and package-manager versions",
    coreEvidence: {
      rules: ["runtime/node-version-pinned"],
      what: "the Node version pinned for the line",
    },
    preset: null,
    appliesTo: ["service", "library", "workspace-root"],
    rules: ["runtime/engines", "runtime/node-version-pinned", "runtime/package-manager"],
  },
] as const satisfies readonly Station[];
