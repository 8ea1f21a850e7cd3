import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/fixtures/**"],
    // The JSON report feeds the line's "N passed, N failed" summary; Nx caches it with the task.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
