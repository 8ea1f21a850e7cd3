import { parse } from "@babel/parser";

/** What a JavaScript or TypeScript config file says, read from its syntax tree; never executed. */
export interface ModuleFacts {
  /** Module specifiers it imports: `import`, `export … from`, `require()` and `import()` with a string. */
  imports: string[];
  /** Every identifier and member name it mentions (`strictTypeChecked`, `configs`, …). */
  names: Set<string>;
  /** Every object key it writes (`projectService`, `parserOptions`, …). */
  keys: Set<string>;
}

export type ParsedModule = { ok: true; facts: ModuleFacts } | { ok: false; problem: string };

interface Node {
  type: string;
  [key: string]: unknown;
}
const isNode = (value: unknown): value is Node =>
  value !== null && typeof value === "object" && typeof (value as Node).type === "string";

function stringOf(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "StringLiteral") return node["value"] as string;
  if (node.type === "TemplateLiteral" && (node["expressions"] as unknown[]).length === 0) {
    const [quasi] = node["quasis"] as { value: { cooked: string } }[];
    return quasi?.value.cooked;
  }
  return undefined;
}

/** Parses module text (JS, TS, JSX; ESM or CommonJS) and collects the facts rules need. */
export function parseModule(text: string, path: string): ParsedModule {
  let ast;
  try {
    ast = parse(text, {
      sourceType: "unambiguous",
      plugins: [/\.[cm]?tsx?$/.test(path) ? "typescript" : "flow", "jsx"],
      errorRecovery: false,
    });
  } catch (error) {
    const where = (error as { loc?: { line: number } }).loc;
    const message =
      error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)$/, "") : String(error);
    return {
      ok: false,
      problem: `${path}: cannot be parsed${where ? ` at line ${String(where.line)}` : ""} (${message})`,
    };
  }
  const facts: ModuleFacts = { imports: [], names: new Set(), keys: new Set() };
  const stack: unknown[] = [ast.program];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    if (!isNode(node)) continue;
    switch (node.type) {
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "ExportNamedDeclaration": {
        const source = stringOf(node["source"]);
        if (source !== undefined) facts.imports.push(source);
        break;
      }
      case "CallExpression": {
        const callee = node["callee"];
        const isRequire =
          isNode(callee) && callee.type === "Identifier" && callee["name"] === "require";
        const isImport = isNode(callee) && callee.type === "Import";
        const first = stringOf((node["arguments"] as unknown[])[0]);
        if ((isRequire || isImport) && first !== undefined) facts.imports.push(first);
        break;
      }
      case "ImportExpression": {
        const source = stringOf(node["source"]);
        if (source !== undefined) facts.imports.push(source);
        break;
      }
      case "Identifier":
        facts.names.add(node["name"] as string);
        break;
      case "ObjectProperty": {
        const key = node["key"];
        const name = isNode(key)
          ? key.type === "Identifier"
            ? (key["name"] as string)
            : stringOf(key)
          : undefined;
        if (name !== undefined) facts.keys.add(name);
        break;
      }
      default:
        break;
    }
    for (const [field, value] of Object.entries(node)) {
      if (
        field !== "loc" &&
        field !== "start" &&
        field !== "end" &&
        (isNode(value) || Array.isArray(value))
      )
        stack.push(value);
    }
  }
  return { ok: true, facts };
}
