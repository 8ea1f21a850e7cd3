import { applyEdits, modify, parse as parseJsonc, type ParseError } from "jsonc-parser";
import picomatch from "picomatch";
import { isRecord, readWorkspace } from "@paved/facts";
import { isMap, isSeq, parseDocument } from "yaml";
import { GeneratorError } from "./names.js";

/** What the generator reads of an existing workspace: files relative to its root. */
export interface SourceTree {
  /** A file's text, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Whether a file or directory exists. */
  exists(path: string): boolean;
}

export interface Workspace {
  manager: "pnpm" | "npm";
  /** Its package globs (`packages/*`). */
  globs: string[];
}

function jsonOf(tree: SourceTree, path: string): unknown {
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
  const definition = readWorkspace(
    pnpmWorkspace,
    pnpm === undefined ? jsonOf(tree, "package.json") : undefined,
  );
  return definition && { manager: definition.manager, globs: definition.globs };
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
  if (workspace.manager === "pnpm") {
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
  return ["package.json", applyEdits(text, modify(text, path, dir, { isArrayInsertion: true }))];
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

const codeownersFiles = [
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
