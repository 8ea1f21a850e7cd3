import { defineConfig } from "vitest/config";

// `./dev e2e`: the end-to-end matrix (tools/e2e/matrix.test.ts), every kind of project in every
// setting installed from the real registry, and the container builds. It takes minutes of
// installs, so it runs apart from `./dev test`; .ci/run runs both.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["e2e/matrix.test.ts"],
    testTimeout: 30_000,
  },
});
