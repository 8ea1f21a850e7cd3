// Bundles the CLI's own code (this package and the workspace packages it builds on) into a few
// files, so that `paved` starts without resolving and loading some sixty modules one by one.
// Third-party dependencies stay outside the bundle: they are this package's dependencies and
// keep their own files and licences. Input is tsc's output (`dist/bin.js`, built first).
// The package's bin is `dist/paved.cjs`, copied from scripts/: an ES5 entry that checks the
// Node.js version and only then loads the bundle, so that an old Node prints one line, not a
// stack trace.
import { chmodSync, copyFileSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { rolldown } from "rolldown";
import { parseAst } from "rolldown/parseAst";

const packageRoot = join(import.meta.dirname, "..");
const outDir = join(packageRoot, "dist", "bundle");
const builtins = new Set(builtinModules);

/** Bare imports that are not ours: left as imports, resolved at run time from node_modules. */
const external = (id) =>
  id.startsWith("node:") ||
  builtins.has(id) ||
  (!id.startsWith(".") && !id.startsWith("/") && !id.startsWith("@paved/"));

/**
 * The CLI and `@paved/conformance` read their versions from the package.json beside their
 * `dist` at run time (`dist/version.js`); beside the bundle there is none, so the bundle has
 * them written in at build time.
 */
const packageVersions = {
  name: "paved:package-versions",
  transform(code, id) {
    const match = /[\\/](cli|conformance)[\\/]dist[\\/]version\.js$/.exec(id);
    if (!match) return null;
    const { version, description, homepage } = JSON.parse(
      readFileSync(join(id, "..", "..", "package.json"), "utf8"),
    );
    const info = JSON.stringify({ version, description, homepage });
    const code_ =
      match[1] === "cli"
        ? `export function packageInfo() {\n  return ${info};\n}\n`
        : `export function toolVersion() {\n  return ${JSON.stringify(version)};\n}\n`;
    return { code: `// Written in when the CLI was bundled.\n${code_}`, map: null };
  },
};

/** `import { a as b } from "node:fs"` as the binding pattern `{ a: b }`. */
function bindings(declaration) {
  const named = [];
  let whole;
  for (const specifier of declaration.specifiers) {
    if (specifier.type === "ImportSpecifier") {
      const imported = specifier.imported.name ?? specifier.imported.value;
      const local = specifier.local.name;
      named.push(imported === local ? local : `${JSON.stringify(imported)}: ${local}`);
    } else whole = specifier.local.name; // default or namespace: the module's exports object
  }
  return { named, whole };
}

/**
 * Node's built-in modules taken with `process.getBuiltinModule` instead of `import`. An ES
 * import of a built-in builds its namespace, which reads every export: `node:fs`'s `promises`
 * loads fs/promises and readline, `node:util`'s loads worker_threads and the diff module. For
 * the six built-ins the audit uses that is 3-5 ms of start-up against 0.3 ms (measured in
 * docs/decisions/0010-start-up.md). The bundle's own code is parsed (rolldown's
 * parser), and only its top-level import declarations of `node:` modules are rewritten.
 */
const builtinsOnDemand = {
  name: "paved:builtins-on-demand",
  renderChunk(code) {
    const edits = [];
    for (const node of parseAst(code).body) {
      if (node.type !== "ImportDeclaration" || !node.source.value.startsWith("node:")) continue;
      const { named, whole } = bindings(node);
      const module = `process.getBuiltinModule(${JSON.stringify(node.source.value)})`;
      const lines = [];
      if (whole !== undefined) lines.push(`const ${whole} = ${module};`);
      if (named.length > 0) lines.push(`const { ${named.join(", ")} } = ${whole ?? module};`);
      edits.push({ start: node.start, end: node.end, text: lines.join(" ") });
    }
    if (edits.length === 0) return null;
    let out = code;
    for (const { start, end, text } of edits.reverse())
      out = out.slice(0, start) + text + out.slice(end);
    return { code: out, map: null };
  },
};

rmSync(outDir, { recursive: true, force: true });
const bundle = await rolldown({
  // The fleet's worker thread loads a bundle entry of its own (commands/fleet-worker.ts).
  input: {
    paved: join(packageRoot, "dist", "bin.js"),
    "fleet-worker": join(packageRoot, "dist", "commands", "fleet-worker.js"),
  },
  platform: "node",
  external,
  plugins: [packageVersions, builtinsOnDemand],
});
await bundle.write({
  dir: outDir,
  format: "esm",
  entryFileNames: "[name].mjs",
  chunkFileNames: "[name].mjs",
  sourcemap: false,
});
await bundle.close();

for (const entry of ["paved.cjs", "launch.cjs"]) {
  copyFileSync(join(packageRoot, "scripts", entry), join(packageRoot, "dist", entry));
}
chmodSync(join(packageRoot, "dist", "paved.cjs"), 0o755);
