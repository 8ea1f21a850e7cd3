import Handlebars from "handlebars";
import { pnpmVersion, templates, versions } from "./templates.generated.js";

/** What a template is rendered with: validated answers and the values derived from them. */
export interface TemplateData {
  /** The project's name without its scope: its directory, its Backstage name. */
  name: string;
  /** The npm package name: `@scope/name` or `name`. */
  packageName: string;
  /** The npm scope (`@acme`), or "" for none. */
  scope: string;
  /** The repository's root package name (the repository template). */
  repoName: string;
  description: string;
  /** The owning team (`@acme/payments`), for CODEOWNERS. */
  owner: string;
  /** The same owner as a Backstage entity reference (`group:acme/payments`). */
  ownerRef: string;
  /** The Node major the project runs on (`24`), and the lowest supported version (`22.12`). */
  node: string;
  nodeRange: string;
  license: string;
  /** The project's directory relative to the repository root, `/`-separated. */
  projectDir: string;
  pnpmVersion: string;
  /** The registry @paved/* install from (`https://…/`), or "" for npm's default. */
  registry: string;
  versions: Record<string, string>;
  /** For `repo`: the repository is hosted on GitLab (else GitHub), and its update bot. */
  gitlab: boolean;
  dependabot: boolean;
  /** A project that is its own repository: it carries the repository's wiring itself. */
  standalone: boolean;
  /** The package manager of the workspace it joins (`pnpm`, `npm`, `yarn`, `bun`). */
  manager: string;
  /** Yarn 2 or later (Berry), which has `install --immutable` and `workspaces focus`. */
  berry: boolean;
  /** How that manager runs a script: `pnpm`, `npm run`, `yarn`. */
  run: string;
  /** The year, for the library's LICENSE. */
  year: string;
}

/**
 * GitHub Actions and GitLab write `${{ expression }}`: Handlebars would read the braces as its
 * own. Each such expression is set aside before compiling and put back, byte for byte, after
 * rendering, so a template's workflow says `${{ github.sha }}` exactly as GitHub needs it.
 */
const actionsExpression = /\$\{\{[\s\S]*?\}\}/g;
const placeholder = (index: number) => `PAVEDACTIONSEXPRESSION${String(index)}X`;

const engine = Handlebars.create();
// JSON string literal, quotes included: safe inside JSON and as a double-quoted YAML scalar.
engine.registerHelper("json", (value: unknown) => JSON.stringify(value));
engine.registerHelper("eq", (left: unknown, right: unknown) => left === right);
// A YAML string scalar, quoted the way Prettier would quote it: double quotes unless the text
// holds a double quote, then single quotes (a single quote doubled).
engine.registerHelper("yaml", (value: unknown) => {
  const text = String(value);
  return text.includes('"') ? `'${text.replaceAll("'", "''")}'` : JSON.stringify(text);
});

export function renderText(source: string, data: TemplateData, where = "text"): string {
  try {
    const expressions: string[] = [];
    const guarded = source.replace(actionsExpression, (expression) => {
      expressions.push(expression);
      return placeholder(expressions.length - 1);
    });
    const template = engine.compile(guarded, { noEscape: true, strict: true });
    return template(data).replace(
      /PAVEDACTIONSEXPRESSION(\d+)X/g,
      (match, index: string) => expressions[Number(index)] ?? match,
    );
  } catch (error) {
    // A template bug, not a user error: name the file, never render half of it.
    throw new Error(
      `template ${where}: ${error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)}`,
      { cause: error },
    );
  }
}

/** The names of the embedded templates. */
export const templateNames = Object.keys(templates);

/**
 * Renders one template to an in-memory map of path (relative, `/`-separated, under `prefix`)
 * to content. Paths may hold placeholders too. Nothing is read or written: every front door
 * (CLI, Nx, plop) writes this same map.
 */
export function renderTemplate(name: string, data: TemplateData, prefix = ""): Map<string, string> {
  const files = templates[name];
  if (!files) throw new Error(`no template named "${name}"; known: ${templateNames.join(", ")}`);
  const rendered = new Map<string, string>();
  for (const [path, source] of Object.entries(files)) {
    const target = renderText(path, data, `${name}/${path} (path)`);
    rendered.set(
      prefix === "" ? target : `${prefix}/${target}`,
      renderText(source, data, `${name}/${path}`),
    );
  }
  return rendered;
}

/** The versions and tool pins the templates use, for messages and tests. */
export const templateVersions: Readonly<Record<string, string>> = versions;
export const templatePnpmVersion = pnpmVersion;
