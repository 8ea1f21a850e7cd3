// Updates one action's pin in src/actions.json, the single place the rendered pipelines take
// their SHAs from.
//
//   node scripts/pin.mjs OWNER/REPO VERSION SHA [--file PATH]
//
// VERSION is the release tag (v1.2.3); SHA the full 40-character commit it points to (for an
// annotated tag, the commit, not the tag object: `git rev-parse v1.2.3^{commit}`).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { file: { type: "string" } },
  allowPositionals: true,
});
const [action, version, sha] = positionals;
const fail = (message) => {
  process.stderr.write(`pin: ${message}\n`);
  process.exit(2);
};
if (positionals.length !== 3) fail("usage: node scripts/pin.mjs OWNER/REPO VERSION SHA");
if (!/^[\w.-]+\/[\w.-]+$/.test(action)) fail(`"${action}" is not OWNER/REPO.`);
if (!/^v\d+\.\d+\.\d+$/.test(version)) fail(`"${version}" is not a release tag such as v1.2.3.`);
if (!/^[0-9a-f]{40}$/.test(sha)) fail(`"${sha}" is not a full 40-character commit SHA.`);

const file = values.file ?? join(import.meta.dirname, "..", "src", "actions.json");
const pins = JSON.parse(readFileSync(file, "utf8"));
const previous = pins[action];
pins[action] = { sha, version };
writeFileSync(file, `${JSON.stringify(pins, null, 2)}\n`);
process.stdout.write(
  previous
    ? `${action}: ${previous.version} (${previous.sha.slice(0, 12)}) → ${version} (${sha.slice(0, 12)})\n`
    : `${action}: pinned at ${version} (${sha.slice(0, 12)})\n`,
);
