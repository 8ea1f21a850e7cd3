// The repository lints itself with its own preset (dogfooding).
import paved from "@paved/eslint-config";

export default paved({
  tsconfigRootDir: import.meta.dirname,
  ignores: [
    "**/__fixtures__/**",
    "**/test/fixtures/**",
    "**/__snapshots__/**",
    // Handlebars sources of generated projects; the tests lint what they render.
    "templates/**",
  ],
});
