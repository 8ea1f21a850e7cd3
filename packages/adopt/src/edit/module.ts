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
 * `defineConfig({…})`) through magicast: recast reprints only the nodes that change.
 */
export function editDefaultOptions(
  text: string,
  file: string,
  edit: (options: Record<string, unknown>) => void,
): string {
  const module = parsed(text, file);
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
  return generateCode(module).code;
}

interface Located {
  type: string;
  start?: number | null;
  end?: number | null;
  declaration?: Located;
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
  const body = parsed(text, file).$ast as unknown as { body: Located[] };
  const exported = body.body.find((node) => node.type === "ExportDefaultDeclaration")?.declaration;
  if (exported?.start == null || exported.end == null)
    throw new EditError(`${file} has no \`export default\` to compose with; edit it by hand.`);
  if (exported.type.endsWith("Declaration"))
    throw new EditError(`${file} exports a declaration, not a config array; edit it by hand.`);
  const imports = body.body.filter((node) => node.type === "ImportDeclaration");
  const afterImports = imports.at(-1)?.end ?? 0;
  const original = text.slice(exported.start, exported.end);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const head = text.slice(0, afterImports);
  const importText = afterImports === 0 ? `${importLine}${eol}${eol}` : `${eol}${importLine}`;
  return `${
    head + importText + text.slice(afterImports, exported.start)
  }[...${spread}, ...(${original})]${text.slice(exported.end)}`;
}
