import { applyEdits, modify, parse as parseJsonc, type ParseError } from "jsonc-parser";
import picomatch from "picomatch";
import { isRecord, readWorkspace } from "@paved/facts";
import { detectPackageManager, packageManagers, type PackageManager } from "@paved/stations";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { GeneratorError } from "./names.js";

/** What the generator reads of an existing workspace: files relative to its root. */
export interface SourceTree {
  /** A file's text, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Whether a file or directory exists. */
  exists(path: string): boolean;
  /** The names of a directory's subdirectories (none when it is not a real directory). */
  list?(dir: string): string[];
}

export interface Workspace {
  /** The file that lists its packages. */
  file: "pnpm-workspace.yaml" | "package.json";
  /** Its package globs (`packages/*`). */
  globs: string[];
  /** Its package manager, decided as the CI preset decides it: `packageManager`, then the lockfile. */
  manager: PackageManager;
}

/** A JSON(C) file of the tree, parsed; undefined when absent; a one-line error when broken. */
export function jsonOf(tree: SourceTree, path: string): unknown {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0)
    throw new GeneratorError(`${path} is not valid JSON; fix it, then run the generator again.`);
  return value;
}

/**
 * The workspace at the tree's root, read as the audit reads it (`readWorkspace` of
 * @paved/facts): pnpm-workspace.yaml, else package.json `workspaces`. A file that cannot be
 * read is an error here, since the generator would edit it.
 */
export function detectWorkspace(tree: SourceTree): Workspace | undefined {
  const pnpm = tree.read("pnpm-workspace.yaml");
  let pnpmWorkspace: unknown;
  if (pnpm !== undefined) {
    const document = parseDocument(pnpm);
    if (document.errors.length > 0)
      throw new GeneratorError(
        `pnpm-workspace.yaml is not valid YAML (${document.errors[0]?.message.split("\n")[0] ?? ""}); fix it first.`,
      );
    // A document that is a bare scalar or list has no `packages` key to ask for.
    if (document.contents !== null && !isMap(document.contents))
      throw new GeneratorError(
        "pnpm-workspace.yaml is not a mapping with a packages: list; fix it first.",
      );
    // An empty document is a workspace of the root alone.
    pnpmWorkspace = document.toJS() ?? {};
  }
  const manifest = pnpm === undefined ? jsonOf(tree, "package.json") : undefined;
  const definition = readWorkspace(pnpmWorkspace, manifest);
  if (!definition) return undefined;
  const manager =
    definition.file === "pnpm-workspace.yaml"
      ? packageManagers.pnpm
      : detectPackageManager(isRecord(manifest) ? manifest : undefined, (path) => tree.exists(path))
          .manager;
  return { file: definition.file, globs: definition.globs, manager };
}

/**
 * An Nx workspace that lists no packages to its package manager (an "integrated" one): a new
 * project joins it as the first package of a workspace, so that its dependencies install.
 */
export function nxWorkspace(tree: SourceTree): Workspace | undefined {
  if (!tree.exists("nx.json")) return undefined;
  const manifest = jsonOf(tree, "package.json");
  const { manager } = detectPackageManager(isRecord(manifest) ? manifest : undefined, (path) =>
    tree.exists(path),
  );
  return {
    file: manager.id === "pnpm" ? "pnpm-workspace.yaml" : "package.json",
    globs: [],
    manager,
  };
}

/** Where a new project goes by default: under the first workspace glob's base (`packages/`). */
export function defaultProjectDir(workspace: Workspace | undefined, name: string): string {
  const first = workspace?.globs.find((glob) => !glob.startsWith("!"));
  if (first === undefined) return name;
  const base = picomatch.scan(first).base.replace(/\/+$/, "");
  return base === "" || base === "." ? name : `${base}/${name}`;
}

/** Whether the workspace's globs already include a directory. */
export function inWorkspace(workspace: Workspace, dir: string): boolean {
  const include = workspace.globs.filter((glob) => !glob.startsWith("!"));
  const exclude = workspace.globs
    .filter((glob) => glob.startsWith("!"))
    .map((glob) => glob.slice(1));
  const clean = (glob: string) => glob.replace(/^\.\//, "").replace(/\/+$/, "");
  return (
    include.some((glob) => picomatch(clean(glob))(dir)) &&
    !exclude.some((glob) => picomatch(clean(glob))(dir))
  );
}

/** The edited file that makes a directory a member of the workspace. */
export function addToWorkspace(
  tree: SourceTree,
  workspace: Workspace,
  dir: string,
): [string, string] {
  if (workspace.file === "pnpm-workspace.yaml") {
    const text = tree.read("pnpm-workspace.yaml") ?? "";
    const document = parseDocument(text);
    // A document that is a bare scalar or list has no `packages` key to ask for.
    if (document.contents !== null && !isMap(document.contents))
      throw new GeneratorError(
        "pnpm-workspace.yaml is not a mapping with a packages: list; fix it first.",
      );
    const packages: unknown = document.get("packages");
    if (isSeq(packages)) packages.add(document.createNode(dir));
    else document.set("packages", [dir]);
    return ["pnpm-workspace.yaml", document.toString()];
  }
  const text = tree.read("package.json") ?? "{}";
  const manifest = jsonOf(tree, "package.json");
  const path =
    isRecord(manifest) && isRecord(manifest["workspaces"])
      ? ["workspaces", "packages", -1]
      : ["workspaces", -1];
  const edits = modify(text, path, dir, {
    isArrayInsertion: true,
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" },
  });
  return ["package.json", applyEdits(text, edits)];
}

/** The root tsconfig.json with a reference to the project, when it lists references. */
export function addReference(tree: SourceTree, reference: string): [string, string] | undefined {
  const text = tree.read("tsconfig.json");
  if (text === undefined) return undefined;
  const config = jsonOf(tree, "tsconfig.json");
  if (!isRecord(config) || !Array.isArray(config["references"])) return undefined;
  const references = config["references"] as unknown[];
  if (references.some((entry) => isRecord(entry) && entry["path"] === reference)) return undefined;
  const edits = modify(
    text,
    ["references", -1],
    { path: reference },
    {
      isArrayInsertion: true,
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" },
    },
  );
  return ["tsconfig.json", applyEdits(text, edits)];
}

/** How deep below a glob's base directory members are looked for (three levels, as in `packages/group/name`). */
const memberDepth = 3;

/**
 * The workspace's own packages, name to version: the directories its globs include that hold
 * a package.json with a name. A member that cannot be read safely is skipped, not followed.
 */
export function workspaceMembers(tree: SourceTree, workspace: Workspace): Map<string, string> {
  const members = new Map<string, string>();
  const visit = (dir: string, depth: number) => {
    if (depth > memberDepth || tree.list === undefined) return;
    for (const child of tree.list(dir)) {
      if (child === "node_modules" || child.startsWith(".")) continue;
      const path = dir === "" ? child : `${dir}/${child}`;
      if (inWorkspace(workspace, path)) addMember(tree, path, members);
      visit(path, depth + 1);
    }
  };
  const bases = new Set(
    workspace.globs
      .filter((glob) => !glob.startsWith("!"))
      .map((glob) => picomatch.scan(glob.replace(/^\.\//, "")).base.replace(/\/+$/, "")),
  );
  for (const base of bases) {
    if (base !== "" && inWorkspace(workspace, base)) addMember(tree, base, members);
    visit(base, base.split("/").length);
  }
  return members;
}

function addMember(tree: SourceTree, dir: string, members: Map<string, string>): void {
  let manifest: unknown;
  try {
    manifest = jsonOf(tree, `${dir}/package.json`);
  } catch (error) {
    if (error instanceof GeneratorError) return;
    throw error;
  }
  if (isRecord(manifest) && typeof manifest["name"] === "string")
    members.set(
      manifest["name"],
      typeof manifest["version"] === "string" ? manifest["version"] : "*",
    );
}

/** Yarn 2 or later, as @paved/stations decides it (`packageManager`, or a .yarnrc.yml). */
export function yarnBerry(manager: PackageManager): boolean {
  return manager.id === "yarn" && manager.frozenInstall.includes("--immutable");
}

/** The dependency range that takes a workspace member from the workspace, not a registry. */
export function memberRange(workspace: Workspace, version: string): string {
  // pnpm and Yarn Berry link only what says `workspace:`; npm and Yarn 1 link a matching version.
  const protocol =
    workspace.manager.id === "pnpm" ||
    workspace.manager.id === "bun" ||
    yarnBerry(workspace.manager);
  return protocol ? "workspace:*" : version;
}

export const codeownersFiles = [
  ".github/CODEOWNERS",
  ".gitlab/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
];

/** The CODEOWNERS file with a line giving the project to its owner, when there is one. */
export function addOwner(
  tree: SourceTree,
  dir: string,
  owner: string,
): [string, string] | undefined {
  for (const path of codeownersFiles) {
    const text = tree.read(path);
    if (text === undefined) continue;
    const line = `/${dir}/ ${owner}`;
    if (text.split(/\r?\n/).some((existing) => existing.trim() === line)) return undefined;
    const separator = text === "" || text.endsWith("\n") ? "" : "\n";
    return [path, `${text}${separator}${line}\n`];
  }
  return undefined;
}

/**
 * Yarn Berry reads no .npmrc: the registry @paved/* install from goes into the root .yarnrc.yml
 * (`npmScopes.paved.npmRegistryServer`), keeping every other setting and comment; an http://
 * registry is added to `unsafeHttpWhitelist`, which Berry requires before it sends a request.
 */
export function berryRegistry(tree: SourceTree, registry: string): [string, string] {
  const document = parseDocument(tree.read(".yarnrc.yml") ?? "");
  if (document.errors.length > 0 || (document.contents !== null && !isMap(document.contents)))
    throw new GeneratorError(
      ".yarnrc.yml is not a YAML mapping; fix it, then run the generator again.",
    );
  document.setIn(["npmScopes", "paved", "npmRegistryServer"], registry);
  const url = new URL(registry);
  if (url.protocol === "http:") {
    const allowed = document.get("unsafeHttpWhitelist");
    if (!isSeq(allowed)) document.set("unsafeHttpWhitelist", [url.hostname]);
    else if (
      !allowed.items.some((item) => String(isScalar(item) ? item.value : item) === url.hostname)
    )
      allowed.add(url.hostname);
  }
  return [".yarnrc.yml", document.toString()];
}
