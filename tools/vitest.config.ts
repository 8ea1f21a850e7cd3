import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    // The slow end-to-end matrix runs apart, as `./dev e2e` (vitest.e2e.config.ts).
    exclude: ["**/__fixtures__/**", "**/node_modules/**", "e2e/matrix.test.ts"],
    testTimeout: 30_000,
    // The JSON report feeds the line's "N passed, N failed" summary; Nx caches it with the task.
    reporters: ["default", "json"],
    outputFile: { json: "../test-results/vitest/report.json" },
  },
});
