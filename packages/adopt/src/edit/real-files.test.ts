// The editors on real files: this repository's own manifests and tsconfigs, and the pipelines
// the CI preset renders. Bytes outside the edited spans must stay as they were.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { roadToolchain, renderGithub } from "@paved/ci";
import { describe, expect, it } from "vitest";
import { isMap } from "yaml";
import { jsonAdd } from "./json.js";
import { applySplices, entries, pairOf, prependToMap, yamlDocument } from "./yaml.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const jsonFiles = readdirSync(join(root, "packages"))
  .flatMap((name) =>
    ["package.json", "tsconfig.json", "tsconfig.lib.json"].map((file) =>
      join("packages", name, file),
    ),
  )
  .filter((path) => {
    try {
      readFileSync(join(root, path));
      return true;
    } catch {
      return false;
    }
  });

/** Whether `after` is `before` with text only inserted (a comma may join a line's end). */
function onlyInserted(before: string, after: string): boolean {
  const remaining = after.split("\n");
  let at = 0;
  for (const line of before.split("\n")) {
    while (at < remaining.length && remaining[at] !== line && remaining[at] !== `${line},`) at += 1;
    if (at === remaining.length) return false;
    at += 1;
  }
  return true;
}

describe("edits of real files", () => {
  it.each(jsonFiles)("%s: adding a key keeps every line", (path) => {
    const before = readFileSync(join(root, path), "utf8");
    const after = jsonAdd(before, path, ["zzAdopt", "key"], "value");
    expect(after).not.toBe(before);
    expect(onlyInserted(before, after)).toBe(true);
    expect(after.endsWith("\n")).toBe(before.endsWith("\n"));
  });

  it("a rendered pipeline: a key added to every job changes nothing else", () => {
    const rendered = renderGithub({
      scripts: { lint: "eslint .", test: "vitest run" },
      version: "0.1.0",
      toolchain: roadToolchain,
    });
    for (const [path, text] of rendered.files) {
      const document = yamlDocument(text, path);
      const jobs = entries(pairOf(document.contents, "jobs")?.value).map(({ pair }) => pair.value);
      const splices = jobs.filter(isMap).map((job) => prependToMap(text, job, ["x-adopt: 1"]));
      const after = applySplices(text, splices);
      expect(after.replace(/^ *x-adopt: 1\n/gm, "")).toBe(text);
      expect(after.match(/x-adopt/g)?.length).toBe(jobs.length);
    }
  });
});
