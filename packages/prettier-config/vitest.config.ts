import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["src/__fixtures__/**"],
    // The JSON report feeds the line's "N passed, N failed" summary; Nx caches it with the task.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
