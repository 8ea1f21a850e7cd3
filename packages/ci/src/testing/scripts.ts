/** A package.json's scripts with one for every station, as the tests' package defines them. */
export const scripts = {
  "format:check": "prettier --check .",
  lint: "eslint .",
  typecheck: "tsc -b",
  test: "vitest run",
  build: "tsc -b",
};
