import { createRequire } from "node:module";
import type * as JsoncParser from "jsonc-parser";
import type * as JsYaml from "js-yaml";
import type Picomatch from "picomatch";
import type * as Re2js from "re2js";
import type * as YamlLibrary from "yaml";

/*
 * Libraries an audit needs only now and then, loaded on first use instead of at start-up. A
 * fresh `paved audit` spent about 5 ms loading each of these, and most audits need none of
 * them: plain JSON goes to `JSON.parse`, most YAML to `simpleYaml`, most globs to `globMatcher`'s one RegExp, and only pipelines that
 * `paved ci` rendered, SARIF reports and baselines need a hash.
 */
const require = createRequire(import.meta.url);

/** jsonc-parser, for JSON with comments or trailing commas, and for the line of a JSON error. */
export const jsonc = (): typeof JsoncParser => require("jsonc-parser") as typeof JsoncParser;

/** js-yaml, for YAML outside `simpleYaml`'s subset and for the line of a YAML error. */
export const jsYaml = (): typeof JsYaml => require("js-yaml") as typeof JsYaml;

/** The `yaml` library, for the lines of YAML outside `simpleYaml`'s subset (its syntax tree). */
export const yamlLib = (): typeof YamlLibrary => require("yaml") as typeof YamlLibrary;

/** picomatch, for the static base of globs outside `globMatcher`'s simple subset (`scan`). */
export const picomatch = (): typeof Picomatch => require("picomatch") as typeof Picomatch;

/** RE2 (re2js), for globs outside `globMatcher`'s simple subset: linear-time matching. */
export const re2 = (): typeof Re2js => require("re2js") as typeof Re2js;

/** The SHA-256 of `text` in hex; `node:crypto` loads on the first call. */
export function sha256(text: string): string {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(text).digest("hex");
}
