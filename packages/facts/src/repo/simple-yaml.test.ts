import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { dump, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { simpleYaml } from "./simple-yaml.js";

/** js-yaml's answer, as the index asks for it: the value, or that it throws. */
function reference(text: string): { value: unknown } | { error: true } {
  try {
    return { value: load(text, { json: true }) };
  } catch {
    return { error: true };
  }
}

/** The fast path either declines or agrees with js-yaml exactly; it never accepts invalid YAML. */
function agrees(text: string): boolean {
  const fast = simpleYaml(text);
  if (fast === undefined) return false;
  const expected = reference(text);
  expect(expected, `js-yaml rejects what the fast path accepted:\n${text}`).not.toHaveProperty(
    "error",
  );
  expect(fast, text).toStrictEqual((expected as { value: unknown }).value);
  return true;
}

const root = join(import.meta.dirname, "..", "..", "..", "..");

// A fixed seed, so that the line never goes red by chance; other seeds are for hunting.
fc.configureGlobal({ seed: 20261201 });

describe("simpleYaml agrees with js-yaml", () => {
  it("on every YAML file of this repository, and reads the pipelines itself", () => {
    const files = execFileSync("git", ["ls-files", "-z", "*.yml", "*.yaml"], {
      cwd: root,
      encoding: "utf8",
    })
      .split("\0")
      .filter((path) => path !== "" && path !== "pnpm-lock.yaml");
    expect(files.length).toBeGreaterThanOrEqual(4);
    const declined: string[] = [];
    for (const path of files) {
      const text = readFileSync(join(root, path), "utf8");
      if (!agrees(text)) declined.push(path);
    }
    // The files an audit reads most: workflows and workspace manifests take the fast path.
    expect(declined.filter((path) => path.startsWith(".github/workflows/"))).toEqual([]);
    expect(declined).not.toContain("pnpm-workspace.yaml");
  });

  const cases: Record<string, string> = {
    "a workflow": [
      "name: CI",
      "on:",
      "  push:",
      "    branches: [main]",
      "  pull_request: {}",
      "permissions: {}",
      "jobs:",
      "  test:",
      "    runs-on: ubuntu-24.04 # a comment",
      "    timeout-minutes: 20",
      "    steps:",
      "      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567 # v5",
      "        with: { persist-credentials: false, fetch-depth: 0 }",
      "      - run: |",
      "          pnpm install --frozen-lockfile",
      "          # a comment inside the script",
      "",
      "          pnpm test",
      "      - name: 'It''s quoted'",
      '        run: "echo \\"a\\tb\\" \\u00e9"',
      "",
    ].join("\n"),
    "scalars of the core schema": [
      "a: ~",
      "b: null",
      "c: True",
      "d: FALSE",
      "e: 0x1F",
      "f: 0o17",
      "g: -12",
      "h: +3",
      "i: 3.10",
      "j: .5",
      "k: -.inf",
      "l: .NaN",
      "m: 1e3",
      "n: 24.x",
      "o: -0",
      "p: yes",
      "q: 012",
      "r:",
      "s: 1_000",
      "",
    ].join("\n"),
    "block scalars and chomping": [
      "keep: |+",
      "  a",
      "",
      "",
      "strip: |-",
      "  a",
      "  b",
      "",
      "clip: |",
      "    indented",
      "  less",
      "folded: >",
      "  one",
      "  two",
      "",
      "  three",
      "folded-strip: >-",
      "  x",
      "leading: |",
      "",
      "  after a blank line",
      "last: end",
      "",
    ]
      .join("\n")
      .replace("clip: |\n    indented\n  less", "clip: |\n    indented\n    less"),
    "sequences in every form": [
      "top:",
      "- a",
      "- - nested",
      "  - more",
      "- key: value",
      "  other: 2",
      "-",
      "- ",
      "  - under a dash",
      "after: [1, 'two', \"three\", [x, y], {k: v}]",
      "empty: []",
      "map: {}",
      "",
    ].join("\n"),
    "flow collections over several lines, as Prettier writes them": [
      "matrix:",
      "  package:",
      "    [",
      "      { name: 'eslint-plugin', params: '--shard=1/4' }, # first",
      "      # a comment line",
      "      { name: eslint-plugin, params: '--shard=2/4' },",
      "    ]",
      "  os: [ubuntu-latest, windows-latest, ]",
      "  node: {",
      "    version: 24 }",
      "after: done",
      "",
    ].join("\n"),
    "a flow collection that goes on below a sequence entry": "- [a,\n b]\n- c\n",
    "documents, comments and CRLF": "---\r\n# heading\r\na: 1 # trailing\r\n\r\nb:\r\n  - c\r\n",
    "Unicode spaces, which YAML keeps as content":
      "a: \u00a0\nb: x\u00a0\nc: \u3000x\nd: \u00a0x\n",
    "Unicode spaces in flow collections": "a: [x\u00a0, y]\nb: {c: 1\u2002}\n",
    "a GitLab pipeline": [
      "workflow:",
      "  rules:",
      '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
      "    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS",
      "      when: never",
      "include:",
      "  - template: Jobs/SAST.gitlab-ci.yml",
      "stages: [lint, test, release]",
      "variables:",
      '  HUSKY: "0"',
      "  PNPM_HOME: ${CI_PROJECT_DIR}/.pnpm",
      ".node:",
      "  image: node:24.11.1",
      "  interruptible: true",
      "  cache:",
      "    key:",
      "      files: [pnpm-lock.yaml]",
      "    paths: [.pnpm-store]",
      "lint:",
      "  extends: .node",
      "  stage: lint",
      "  script:",
      "    - pnpm run lint",
      "  timeout: 20 minutes",
      "",
    ].join("\n"),
    "quoted keys": '\'single\': 1\n"double": 2\n"with: colon": 3\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`reads ${name} itself`, () => {
      expect(agrees(text)).toBe(true);
    });
  }

  const outside: Record<string, string> = {
    "an anchor": "a: &x 1\nb: *x\n",
    "a tag": "a: !!str 1\n",
    "a merge key": "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "a multi-line plain scalar": "a: one\n  two\n",
    "a plain scalar over two lines of a flow collection": "a: [x\n  y]\n",
    "a flow collection less indented than its key": "b:\n  a: [x,\n  y]\n",
    "a quoted scalar over two lines of a flow collection": "a: ['x\n  y']\n",
    "a duplicate key": "a: 1\na: 2\n",
    "a tab": "a:\t1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a scalar document": "just text\n",
    "an empty document": "# nothing\n",
    "a __proto__ key": "__proto__: {polluted: true}\n",
    "a non-string key": "1: one\ntrue: yes\n",
    "an empty flow entry": "a: [1, , 2]\n",
    "an invalid mapping": "a: b: c\n",
    "a block scalar that runs into the end without a line break": "a: |\n  x",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "a lone surrogate": "a: \uD800\n",
    "a no-break space after a quoted scalar": "a: 'x'\u00a0\n",
    "a no-break space after a flow collection": "a: [1]\u00a0\n",
    "a form feed": "a: \f\n",
  };
  for (const [name, text] of Object.entries(outside)) {
    it(`leaves ${name} to js-yaml`, () => {
      expect(simpleYaml(text)).toBeUndefined();
    });
  }

  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthIdentifier: "yaml" },
      fc.oneof(
        fc.string({
          unit: fc.constantFrom(...Array.from("ab -:#'\"|>[]{},&*!%@`~\n\\\t.01eE+xé\u00a0\u3000")),
        }),
        fc.constantFrom("true", "null", "~", "0x10", "1.5", "-.inf", ".nan", "010", "1e3", "yes"),
        fc.integer(),
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.constant(null),
      ),
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(
        fc.string({ unit: fc.constantFrom(...Array.from("ab -:#'\"12.~")), minLength: 1 }),
        tie("node"),
        { maxKeys: 4 },
      ),
    ),
  })).node;

  const styles = fc.record({
    flowLevel: fc.integer({ min: -1, max: 3 }),
    indent: fc.integer({ min: 1, max: 4 }),
    lineWidth: fc.constantFrom(-1, 20, 80),
    quoteStyle: fc.constantFrom("single" as const, "double" as const),
    forceQuotes: fc.boolean(),
    seqNoIndent: fc.boolean(),
  });

  /** How many documents js-yaml writes from `values` the fast path reads (agreeing on all). */
  function dumped(values: fc.Arbitrary<unknown>, options: fc.Arbitrary<object>): number {
    let fast = 0;
    fc.assert(
      fc.property(values, options, (generated, style) => {
        let text: string;
        try {
          text = dump(generated, style);
        } catch {
          return;
        }
        if (agrees(text)) fast += 1;
        else if (process.env["YDEBUG"]) console.log(JSON.stringify(text));
      }),
      { numRuns: 1000 },
    );
    return fast;
  }

  it("on documents js-yaml writes from hostile generated values, in every style", () => {
    // Not a vacuous pass: a good share still takes the fast path.
    expect(dumped(value, styles)).toBeGreaterThan(100);
  });

  it("on documents shaped like configuration, most of which it reads itself", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
    const config = fc.letrec((tie) => ({
      node: fc.oneof(
        { maxDepth: 4, depthIdentifier: "config" },
        fc.oneof(
          word,
          fc.stringMatching(/^[a-z]+( [a-z0-9./${}-]+){0,4}$/),
          fc.constantFrom("${{ matrix.node }}", "ubuntu-24.04", "pnpm run lint", "24.x", "*.ts"),
          fc.integer({ min: -1000, max: 100000 }),
          fc.boolean(),
          fc.stringMatching(/^([a-z]+ [a-z]+\n){1,3}$/),
        ),
        fc.array(tie("node"), { minLength: 1, maxLength: 4 }),
        fc.dictionary(word, tie("node"), { minKeys: 1, maxKeys: 5 }),
      ),
    })).node;
    const block = fc.record({
      flowLevel: fc.constantFrom(-1, 3),
      indent: fc.constantFrom(2, 4),
      seqNoIndent: fc.boolean(),
    });
    const documents = fc.dictionary(word, config, { minKeys: 1, maxKeys: 5 });
    expect(dumped(documents, block)).toBeGreaterThan(900);
  });

  it("on mutated documents: whatever the edit, it declines or agrees, never accepts what js-yaml rejects", () => {
    const seeds = Object.values(cases);
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.string({
        unit: fc.constantFrom(...Array.from(" \n-:#'\"|>+[]{},&*!\t\\a1.\u00a0\u2002\r")),
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 }), (pick, edits) => {
        let text = seeds[pick % seeds.length] ?? "";
        for (const { at, remove, insert } of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + insert + text.slice(position + remove);
        }
        agrees(text);
      }),
      { numRuns: 5000 },
    );
  });
});
