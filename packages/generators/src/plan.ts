import {
  renderGithub,
  renderGitlab,
  renderUpdates,
  type Provider,
  type UpdateBot,
} from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { isRecord, pavedConfigFile, readPavedConfig } from "@paved/facts";
import {
  checkDescription,
  checkDirectory,
  checkName,
  checkNode,
  checkOwner,
  checkRegistry,
  checkScope,
  GeneratorError,
} from "./names.js";
import {
  renderTemplate,
  templatePnpmVersion,
  templateVersions,
  type TemplateData,
} from "./render.js";
import {
  addOwner,
  addReference,
  addToWorkspace,
  defaultProjectDir,
  detectWorkspace,
  inWorkspace,
  type SourceTree,
} from "./workspace.js";

export const projectKinds = ["service", "library"] as const;
export type ProjectKind = (typeof projectKinds)[number];
export type TemplateKind = ProjectKind | "repo";
export const templateKinds: readonly TemplateKind[] = ["service", "library", "repo"];

/** What the user asks for; anything left out comes from the organisation's settings. */
export interface NewOptions {
  kind: TemplateKind;
  name: string;
  /** Where it goes, relative to the root (default: the workspace's packages dir, or NAME). */
  directory?: string;
  /** For `repo`: the first project inside it (default: a service named like the repository). */
  project?: ProjectKind;
  scope?: string;
  owner?: string;
  description?: string;
  /** The Node major version (default: the organisation's, else 24). */
  node?: string;
  /** For `repo`: the dependency-update bot to configure (default renovate). */
  updates?: UpdateBot;
  /** For `repo`: where it is hosted, for its pipeline and review files (default github). */
  provider?: Provider;
  /** The registry @paved/* install from (default: the organisation's, else npm's default). */
  registry?: string;
}

/** The organisation's defaults, set once: `"new"` in paved.config.json at the root. */
export interface Settings {
  scope?: string;
  owner?: string;
  node?: string;
  /** The organisation's registry for @paved/* (an internal mirror), written to `.npmrc`. */
  registry?: string;
}

const settingKeys = ["scope", "owner", "node", "registry"] as const;

/** The files a generator will write, before anything is written. */
export interface Plan {
  /** Final contents by path, relative to the root: new files and edited ones. */
  files: Map<string, string>;
  /** New files, in order. */
  created: string[];
  /** Existing files the generator edits (workspace registration). */
  edited: string[];
  /** New files that already exist: nothing is written unless forced. */
  conflicts: string[];
  /** The new project's (or repository's) directory. */
  directory: string;
  /** What to run next. */
  nextSteps: string[];
}

const ciVersion = ciManifest.version;

/**
 * Reads the organisation's settings from paved.config.json (`"new"`), if it has any, with the
 * reader the audit uses (`readPavedConfig` of @paved/facts).
 */
export function readSettings(tree: SourceTree): Settings {
  const text = tree.read(pavedConfigFile);
  if (text === undefined) return {};
  const read = readPavedConfig(text, pavedConfigFile);
  if (!read.ok)
    throw new GeneratorError(
      `${pavedConfigFile} is not a valid JSON object (${read.problem.slice(pavedConfigFile.length + 2)}); fix it first.`,
    );
  const config = read.value;
  if (!isRecord(config))
    throw new GeneratorError("paved.config.json is not a valid JSON object; fix it first.");
  const section = config["new"];
  if (section === undefined) return {};
  if (!isRecord(section))
    throw new GeneratorError(
      `paved.config.json: "new" must be an object (${settingKeys.join(", ")}).`,
    );
  const settings: Settings = {};
  for (const key of settingKeys) {
    const value = section[key];
    if (value === undefined) continue;
    if (typeof value !== "string")
      throw new GeneratorError(`paved.config.json: "new.${key}" must be a string.`);
    settings[key] = value;
  }
  return settings;
}

/**
 * Where pnpm is missing (a machine with only Node and npm), how to get the version the
 * templates pin; a shell comment, so the step stays one line to copy.
 */
const pnpmHint = `   # no pnpm ${templatePnpmVersion}? npm install --global pnpm@${templatePnpmVersion}, or npx pnpm@${templatePnpmVersion} install`;

/**
 * The workspace root's `.npmrc` with `@paved:registry=` set: the template when there is none,
 * else the existing file with that one line replaced or added.
 */
function registryFile(tree: SourceTree, data: TemplateData): [string, string] {
  const existing = tree.read(".npmrc");
  if (existing === undefined) {
    const [entry] = renderTemplate("registry", data);
    if (entry === undefined) throw new Error("template registry: no .npmrc");
    return entry;
  }
  const line = `@paved:registry=${data.registry}`;
  const lines = existing.split("\n");
  const at = lines.findIndex((text) => /^\s*@paved:registry\s*=/.test(text));
  if (at >= 0) lines[at] = line;
  else lines.splice(existing.endsWith("\n") ? lines.length - 1 : lines.length, 0, line);
  const text = lines.join("\n");
  return [".npmrc", text.endsWith("\n") ? text : `${text}\n`];
}

/** `@acme/payments` → `group:acme/payments`, for Backstage's catalogue. */
function ownerReference(owner: string): string {
  if (owner.startsWith("@") && owner.includes("/")) return `group:${owner.slice(1)}`;
  if (owner.startsWith("@")) return `user:${owner.slice(1)}`;
  return `user:${owner.split("@")[0] ?? owner}`;
}

/**
 * Plans `paved new`: validates the answers, renders the templates and works out the edits that
 * register the project in its workspace. Reads through `tree` only; writes nothing. Every front
 * door writes the plan it returns, so they all produce the same files.
 */
export function planNew(options: NewOptions, tree: SourceTree): Plan {
  const settings = readSettings(tree);
  checkName(options.name);
  const scope = options.scope ?? settings.scope;
  if (scope !== undefined) checkScope(scope);
  const owner = options.owner ?? settings.owner;
  if (owner === undefined)
    throw new GeneratorError(
      'no owner: pass --owner @org/team, or set "new": { "owner": … } in paved.config.json once for the organisation.',
    );
  checkOwner(owner);
  const node = options.node ?? settings.node ?? "24";
  checkNode(node);
  const description =
    options.description ??
    (options.kind === "library" ? "A library on the paved road." : "A service on the paved road.");
  checkDescription(description);
  const registry = options.registry ?? settings.registry;
  const registryUrl = registry === undefined ? "" : checkRegistry(registry);

  const packageName = scope === undefined ? options.name : `${scope}/${options.name}`;
  const project: ProjectKind =
    options.kind === "repo" ? (options.project ?? "service") : options.kind;
  const workspace = options.kind === "repo" ? undefined : detectWorkspace(tree);
  const directory = checkDirectory(
    options.directory ??
      (options.kind === "repo" ? options.name : defaultProjectDir(workspace, options.name)),
  );
  const projectDir = options.kind === "repo" ? `packages/${options.name}` : directory;
  const data: TemplateData = {
    name: options.name,
    packageName,
    scope: scope ?? "",
    repoName: options.name,
    description,
    owner,
    ownerRef: ownerReference(owner),
    node,
    nodeRange: node === "22" ? "22.12" : node,
    license: project === "library" ? "MIT" : "UNLICENSED",
    projectDir,
    gitlab: options.provider === "gitlab",
    dependabot: options.updates === "dependabot",
    pnpmVersion: templatePnpmVersion,
    registry: registryUrl,
    versions: { ...templateVersions },
  };

  const files = new Map<string, string>();
  if (options.kind === "repo") {
    if (options.provider === "gitlab" && options.updates === "dependabot")
      throw new GeneratorError("Dependabot runs on GitHub only; on GitLab use Renovate.");
    // GitLab reads the owners and the merge request template from .gitlab/.
    const gitlabPaths: Record<string, string> = {
      [`${directory}/.github/CODEOWNERS`]: `${directory}/.gitlab/CODEOWNERS`,
      [`${directory}/.github/pull_request_template.md`]: `${directory}/.gitlab/merge_request_templates/Default.md`,
    };
    for (const [path, text] of renderTemplate("repo", data, directory))
      files.set(options.provider === "gitlab" ? (gitlabPaths[path] ?? path) : path, text);
    for (const [path, text] of renderTemplate(project, data, `${directory}/${projectDir}`))
      files.set(path, text);
    // The CI station comes from the CI preset, from the scripts the repository defines.
    const manifest = JSON.parse(files.get(`${directory}/package.json`) ?? "{}") as {
      scripts?: Record<string, string>;
    };
    const pipelineOptions = {
      scripts: manifest.scripts ?? {},
      version: ciVersion,
      release: files.has(`${directory}/.changeset/config.json`),
    };
    const pipeline =
      options.provider === "gitlab"
        ? renderGitlab({ ...pipelineOptions, node })
        : renderGithub(pipelineOptions);
    for (const [path, text] of pipeline.files) files.set(`${directory}/${path}`, text);
    for (const [path, text] of renderUpdates(options.updates ?? "renovate"))
      files.set(`${directory}/${path}`, text);
  } else {
    for (const [path, text] of renderTemplate(project, data, directory)) files.set(path, text);
  }
  // A workspace has one .npmrc, at its root: registration edits it (below).
  if (registryUrl !== "" && workspace === undefined)
    for (const [path, text] of renderTemplate("registry", data, directory)) files.set(path, text);
  const created = [...files.keys()];
  const conflicts = created.filter((path) => tree.exists(path));

  // Registration in the workspace the project joins: membership, references, owner, changeset.
  const edited: string[] = [];
  const edit = (change: [string, string] | undefined) => {
    if (change === undefined) return;
    files.set(change[0], change[1]);
    edited.push(change[0]);
  };
  if (workspace !== undefined) {
    if (!inWorkspace(workspace, directory)) edit(addToWorkspace(tree, workspace, directory));
    edit(addReference(tree, `./${directory}/tsconfig.build.json`));
    edit(addOwner(tree, directory, owner));
    const npmrc = registryUrl === "" ? undefined : registryFile(tree, data);
    if (npmrc !== undefined && tree.read(npmrc[0]) !== npmrc[1]) {
      files.set(npmrc[0], npmrc[1]);
      (tree.exists(npmrc[0]) ? edited : created).push(npmrc[0]);
    }
    if (tree.exists(".changeset/config.json")) {
      const changeset = `.changeset/new-${options.name}.md`;
      if (!tree.exists(changeset)) {
        files.set(
          changeset,
          `---\n"${packageName}": minor\n---\n\nNew ${project}: ${description}\n`,
        );
        created.push(changeset);
      }
    }
  }

  const install = `pnpm install${pnpmHint}`;
  const nextSteps =
    options.kind === "repo"
      ? [`cd ${directory}`, "git init", install, "pnpm lint && pnpm typecheck && pnpm test"]
      : workspace !== undefined
        ? [install, `pnpm --filter ${packageName} test`]
        : [`cd ${directory}`, install, "pnpm test"];
  return { files, created, edited, conflicts, directory, nextSteps };
}
