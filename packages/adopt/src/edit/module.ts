import { generateCode, parseModule, type ProxifiedModule } from "magicast";
import { getDefaultExportOptions } from "magicast/helpers";
import { EditError } from "./error.js";

/** Parses a JS/TS module for editing; it is parsed, never run. */
function parsed(text: string, file: string): ProxifiedModule {
  try {
    return parseModule(text);
  } catch (error) {
    throw new EditError(
      `${file} could not be parsed (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/**
 * Edits the options object a config module exports (`export default {…}` or
 * `defineConfig({…})`) through magicast: recast reprints only the nodes that change, in the
 * file's own indentation (`keepLayout`).
 */
export function editDefaultOptions(
  text: string,
  file: string,
  edit: (options: Record<string, unknown>) => void,
): string {
  return keepLayout(text, (source, format) => {
    const module = parsed(source, file);
    const body = (module.$ast as unknown as { body: Located[] }).body;
    const exported = body.find((node) => node.type === "ExportDefaultDeclaration")?.declaration as
      (Located & { arguments?: Located[] }) | undefined;
    const literal =
      exported?.type === "ObjectExpression" ||
      (exported?.type === "CallExpression" && exported.arguments?.[0]?.type === "ObjectExpression");
    if (!literal)
      throw new EditError(
        `${file} does not export its options as an object literal (\`export default {…}\` or \`defineConfig({…})\`); edit it by hand.`,
      );
    let options: Record<string, unknown>;
    try {
      options = getDefaultExportOptions(module);
    } catch (error) {
      throw new EditError(
        `${file} does not export its options as an object literal (${error instanceof Error ? error.message : String(error)}); edit it by hand.`,
      );
    }
    edit(options);
    return generateCode(module, format === undefined ? {} : { format }).code;
  });
}

/** The spaces a leading tab stands for while recast reprints (its own tab handling is not sound). */
const tabUnit = "    ";

/**
 * Reprints `text` through `print` keeping what recast does not: a file indented with tabs is
 * handed over indented with spaces and given its tabs back (recast mixes tabs and spaces when
 * it reprints a tab-indented object, which fails drizzle-orm's dprint check), and a final line
 * break stays.
 */
function keepLayout(
  text: string,
  print: (text: string, format?: { useTabs: false; tabWidth: number }) => string,
): string {
  // Only where no line starts with a space: then every space the reprint starts a line with
  // stands for a tab, and a template literal's own lines come back as they were.
  const tabbed = /^\t/m.test(text) && !/^ /m.test(text);
  const spaced = tabbed ? text.replace(/^\t+/gm, (tabs) => tabUnit.repeat(tabs.length)) : text;
  let out = tabbed ? print(spaced, { useTabs: false, tabWidth: tabUnit.length }) : print(text);
  if (tabbed)
    out = out.replace(
      /^ +/gm,
      (spaces) =>
        "\t".repeat(Math.floor(spaces.length / tabUnit.length)) +
        " ".repeat(spaces.length % tabUnit.length),
    );
  return text.endsWith("\n") && !out.endsWith("\n") ? `${out}\n` : out;
}

interface Located {
  type: string;
  start?: number | null;
  end?: number | null;
  declaration?: Located;
  expression?: Located;
  left?: Located;
  right?: Located;
  object?: Located;
  property?: Located;
  name?: string;
  callee?: Located;
  declarations?: { init?: Located | null }[];
}

/** The two splices: `line` at `insertAt` (its own line), and `[...spread, ...(X)]` around the export. */
function composed(
  text: string,
  exported: { start: number; end: number },
  insertAt: number,
  line: string,
  spread: string,
): string {
  const original = text.slice(exported.start, exported.end);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lineText = insertAt === 0 ? `${line}${eol}${eol}` : `${eol}${line}`;
  return `${
    text.slice(0, insertAt) + lineText + text.slice(insertAt, exported.start)
  }[...${spread}, ...(${original})]${text.slice(exported.end)}`;
}

/**
 * Composes a flat config with a preset: `export default X` becomes
 * `export default [...preset, ...X]`, with the import added after the last import. The edit
 * is two splices into the text, so everything else stays byte for byte.
 */
export function composeDefaultExport(
  text: string,
  file: string,
  importLine: string,
  spread: string,
): string {
  return composeEsm(text, file, program(text, file), importLine, spread);
}

interface Program {
  body: Located[];
  directives?: Located[];
}

const program = (text: string, file: string): Program =>
  parsed(text, file).$ast as unknown as Program;

function composeEsm(
  text: string,
  file: string,
  body: Program,
  importLine: string,
  spread: string,
): string {
  const exported = body.body.find((node) => node.type === "ExportDefaultDeclaration")?.declaration;
  if (exported?.start == null || exported.end == null)
    throw new EditError(`${file} has no \`export default\` to compose with; edit it by hand.`);
  if (exported.type.endsWith("Declaration"))
    throw new EditError(`${file} exports a declaration, not a config array; edit it by hand.`);
  const imports = body.body.filter((node) => node.type === "ImportDeclaration");
  const at = { start: exported.start, end: exported.end };
  return composed(text, at, imports.at(-1)?.end ?? 0, importLine, spread);
}

const isModuleExports = (node: Located | undefined): boolean =>
  node?.type === "MemberExpression" &&
  node.object?.type === "Identifier" &&
  node.object.name === "module" &&
  node.property?.type === "Identifier" &&
  node.property.name === "exports";

const isRequire = (node: Located): boolean =>
  node.type === "VariableDeclaration" &&
  node.declarations?.[0]?.init?.type === "CallExpression" &&
  node.declarations[0].init.callee?.type === "Identifier" &&
  node.declarations[0].init.callee.name === "require";

/**
 * The same for a CommonJS flat config (what @eslint/migrate-config writes from a
 * `.eslintrc.js`): `module.exports = X` becomes `module.exports = [...preset, ...(X)]`, the
 * `require` added after the last top-level one before it.
 */
export function composeModuleExports(
  text: string,
  file: string,
  requireLine: string,
  spread: string,
): string {
  return composeCommonJs(text, file, program(text, file), requireLine, spread);
}

function composeCommonJs(
  text: string,
  file: string,
  program: Program,
  requireLine: string,
  spread: string,
): string {
  const index = program.body.findIndex(
    (node) =>
      node.type === "ExpressionStatement" &&
      node.expression?.type === "AssignmentExpression" &&
      isModuleExports(node.expression.left),
  );
  const exported = program.body[index]?.expression?.right;
  if (exported?.start == null || exported.end == null)
    throw new EditError(
      `${file} has no \`export default\` or \`module.exports =\` to compose with; edit it by hand.`,
    );
  const requires = program.body.slice(0, index).filter(isRequire);
  const insertAt = requires.at(-1)?.end ?? program.directives?.at(-1)?.end ?? 0;
  return composed(
    text,
    { start: exported.start, end: exported.end },
    insertAt,
    requireLine,
    spread,
  );
}

/** How a preset joins a module: the ES module import and call, and the CommonJS ones. */
export interface PresetLines {
  esm: { line: string; spread: string };
  commonJs: { line: string; spread: string };
}

/** Composes an ES module config (`export default`) or a CommonJS one (`module.exports =`). */
export function composeFlatConfig(text: string, file: string, preset: PresetLines): string {
  const parsedProgram = program(text, file);
  const esm = parsedProgram.body.some(
    (node) => node.type === "ExportDefaultDeclaration" || node.type === "ImportDeclaration",
  );
  return esm
    ? composeEsm(text, file, parsedProgram, preset.esm.line, preset.esm.spread)
    : composeCommonJs(text, file, parsedProgram, preset.commonJs.line, preset.commonJs.spread);
}
