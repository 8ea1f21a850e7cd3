import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["src/__fixtures__/**"],
    // Tests run real tools (tsc, ESLint, git); on a loaded 2-core machine they can take a while.
    testTimeout: 60_000,
    // The JSON report feeds the line's "N passed, N failed" summary; Nx caches it with the task.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest/report.json" },
  },
});
