// @eslint/js 10 ships no type declarations; this is the part of its shape the preset uses.
declare module "@eslint/js" {
  import type { Linter } from "eslint";

  const js: { configs: { recommended: Linter.Config; all: Linter.Config } };
  export default js;
}
