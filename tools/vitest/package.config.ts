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
  },
});
