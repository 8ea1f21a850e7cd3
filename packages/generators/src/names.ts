import { builtinModules } from "node:module";
import validatePackageName from "validate-npm-package-name";

import { GeneratorError } from "./errors.js";

export { GeneratorError };

/** Device names Windows cannot create as files or directories, whatever the extension. */
const windowsReserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const reservedNames = new Set(["node_modules", "favicon.ico", "packages", ".", ".."]);

/** Checks a project name: a valid new npm package name, usable as one directory name. */
export function checkName(name: string): void {
  if (name === "") throw new GeneratorError("the name is empty; give the project a name.");
  if (/[/\\]/.test(name) || name.includes(".."))
    throw new GeneratorError(
      `"${name}" is not a name: it must not contain a path separator or "..". Use --dir to choose where it goes.`,
    );
  if (reservedNames.has(name.toLowerCase()) || windowsReserved.test(name))
    throw new GeneratorError(`"${name}" is a reserved name; choose another.`);
  if (builtinModules.includes(name) || builtinModules.includes(`node:${name}`))
    throw new GeneratorError(`"${name}" is the name of a Node.js core module; choose another.`);
  const result = validatePackageName(name);
  if (!result.validForNewPackages) {
    const why = [...(result.errors ?? []), ...(result.warnings ?? [])].join("; ");
    throw new GeneratorError(`"${name}" is not a valid npm package name: ${why}.`);
  }
}

/** An npm scope: `@` and a lower-case name. */
export const scopePattern = /^@[a-z0-9][a-z0-9._~-]*$/;

/** Checks an npm scope (`@acme`). */
export function checkScope(scope: string): void {
  if (!scopePattern.test(scope) || scope.length > 100)
    throw new GeneratorError(
      `"${scope}" is not an npm scope: write it as @name, in lower case (for example @acme).`,
    );
}

/** An owner CODEOWNERS understands: `@org/team`, `@user` or an e-mail address. */
export const ownerPattern =
  /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

/** Checks an owner for CODEOWNERS: `@org/team`, `@user` or an e-mail address. */
export function checkOwner(owner: string): void {
  if (!ownerPattern.test(owner))
    throw new GeneratorError(
      `"${owner}" is not an owner CODEOWNERS understands: use @org/team, @user or an e-mail address.`,
    );
}

/** Checks a Node major version (`24`). */
export function checkNode(node: string): void {
  if (!/^(2[2-9]|[3-9][0-9])$/.test(node))
    throw new GeneratorError(`"${node}" is not a supported Node major version: use 22 or later.`);
}

/** Checks a one-line description: printable, at most 200 characters. */
export function checkDescription(description: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/.test(description) || description.length > 200)
    throw new GeneratorError(
      "the description must be one line of at most 200 printable characters.",
    );
}

/** Checks a target directory: relative to the root, inside it. */
export function checkDirectory(dir: string): string {
  const normalised = dir.replaceAll("\\", "/").replace(/\/+$/, "").replace(/^\.\//, "");
  if (
    normalised === "" ||
    normalised.startsWith("/") ||
    /^[A-Za-z]:/.test(normalised) ||
    normalised.split("/").some((part) => part === ".." || part === "" || part === ".") ||
    normalised.includes("\0")
  )
    throw new GeneratorError(
      `"${dir}" is not a directory inside the workspace: give a relative path without "..".`,
    );
  return normalised;
}

/**
 * Checks a registry URL for an `.npmrc` (`@paved:registry=URL`) and returns it with one
 * trailing slash, as npm writes it. Credentials belong in the user's own `.npmrc`, never in a
 * file the project commits.
 */
export function checkRegistry(registry: string): string {
  let url: URL | undefined;
  try {
    url = new URL(registry);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new GeneratorError(
      `"${registry}" is not a registry URL: give an http:// or https:// address, such as https://npm.example.com/.`,
    );
  if (url.username !== "" || url.password !== "")
    throw new GeneratorError(
      `the registry URL holds credentials: give ${url.origin}${url.pathname} and keep the token in your own ~/.npmrc.`,
    );
  if (url.search !== "" || url.hash !== "")
    throw new GeneratorError(`"${registry}": a registry URL has no query or fragment.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/`;
}
