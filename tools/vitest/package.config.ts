import { defineConfig } from "vitest/config";

// One Vitest setup for every package, run from the package's directory by its `test` script.
export default defineConfig({
  test: {
    root: process.cwd(),
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/__fixtures__/**", "test/fixtures/**", "**/node_modules/**", "dist/**"],
    // Tests run real tools (tsc, ESLint, git); on a loaded 2-core machine they can take a while.
    testTimeout: 60_000,
    // The JSON report feeds the line's "N passed, N failed" summary; Nx caches it with the task.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest/report.json" },
    // Measured and held to the floor when the whole suite runs: each package's `test` script
    // passes --coverage; one test file run on its own (without it) is not judged on coverage.
    coverage: {
      provider: "v8",
      // The package's own code: not its tests, nor the fixtures its tests read as data, nor a
      // command's process entry (bin.ts), which runs only in the child processes its tests
      // start, where the test process's coverage cannot see it.
      include: ["src/**/*.ts"],
      exclude: [
        "src/**/*.test.ts",
        "src/**/__fixtures__/**",
        "src/**/*.generated.ts",
        "src/bin.ts",
      ],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "test-results/vitest/coverage",
      // A floor under every package: its tests fail below it. Measured in-process coverage was
      // 86-100% of lines and 71-100% of branches per package when it was set (2026-12).
      thresholds: { lines: 80, statements: 80, functions: 80, branches: 70 },
    },
  },
});
