import { readFileSync } from "node:fs";

interface PackageManifest {
  version: string;
  description: string;
  /** Where the docs are, for `paved --help`: a URL, as the install has no docs folder. */
  homepage: string;
}

let cached: PackageManifest | undefined;

/**
 * This package's version, description and home page, from the package.json beside `dist`. The bundled CLI
 * (scripts/bundle.mjs) has them written in at build time instead.
 */
export function packageInfo(): PackageManifest {
  cached ??= JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  ) as PackageManifest;
  return { version: cached.version, description: cached.description, homepage: cached.homepage };
}
