import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { discoverProjects } from "./projects.js";
import { indexMemory } from "./repo-index.js";

describe("RepoIndex parsers on generated garbage", () => {
  it("json() returns a value or a problem naming the file; it never throws", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (text) => {
          const read = indexMemory({ "a.json": text }).json("a.json");
          if (!read.ok) expect(read.problem.startsWith("a.json: ")).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("yaml() returns a value or a problem naming the file; it never throws, and an alias bomb stays small", () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    // Aliases are shared references, never expanded: a billion laughs parses to five small arrays.
    const read = indexMemory({ "bomb.yml": bomb }).yaml("bomb.yml");
    expect(read.ok).toBe(true);
    const value = read.ok ? (read.value as Record<string, unknown[]>) : {};
    expect(value["e"]?.[0]).toBe(value["d"]);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" })), (text) => {
        const result = indexMemory({ "ci.yml": text }).yaml("ci.yml");
        if (!result.ok) expect(result.problem.startsWith("ci.yml: ")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("discovers projects from any manifest and workspace file without throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (manifest, workspace) => {
        const index = indexMemory({
          "package.json": JSON.stringify(manifest),
          "pnpm-workspace.yaml": workspace,
          "packages/a/package.json": "{}",
        });
        const projects = discoverProjects(index);
        expect(projects[0]?.dir).toBe("");
      }),
      { numRuns: 500 },
    );
  });

  it("recognises binary content and the size cap", () => {
    const index = indexMemory(
      { "bin.json": Buffer.from([0x7b, 0x00, 0x7d]), "big.json": "x".repeat(2048) },
      { maxFileBytes: 1024 },
    );
    expect(index.json("bin.json")).toEqual({
      ok: false,
      problem: "bin.json: a binary file where text was expected; not read",
    });
    expect(index.text("big.json")).toEqual({
      ok: false,
      problem: "big.json: 2048 bytes, over the 1024-byte cap; not read",
    });
  });
});

describe("classify", () => {
  it("tells services from docs sites and libraries", async () => {
    const { classify } = await import("./projects.js");
    expect(classify({ private: true, scripts: { start: "node dist/main.js" } })).toBe("service");
    expect(classify({ dependencies: { fastify: "5" } })).toBe("service");
    expect(classify({ private: true, scripts: { start: "docusaurus start" } })).toBe("library");
    expect(classify({ name: "lib", exports: "./index.js" })).toBe("library");
  });

  it("takes a package made to be published for a library, though it depends on a server framework", async () => {
    const { classify } = await import("./projects.js");
    const serve = { name: "@x/serve", bin: { serve: "bin.js" }, dependencies: { express: "5" } };
    expect(classify(serve)).toBe("library");
    expect(classify({ ...serve, private: true })).toBe("service");
    // npm init's `main` alone says nothing: an app has it as much as a package.
    expect(classify({ name: "api", main: "index.js", dependencies: { express: "5" } })).toBe(
      "service",
    );
  });
});

describe("RepoIndex lookups", () => {
  const paths = [
    "a/b.ts",
    "a-b/c.ts",
    "a/b/c.yml",
    "a.ts",
    ".github/workflows/ci.yml",
    ".github/workflows/nested/x.yml",
    ".github/workflows-old/ci.yml",
    ".github/workflows/release.yaml",
    "b/a/x.ts",
  ];
  const index = indexMemory(Object.fromEntries(paths.map((path) => [path, ""])));

  it("lists the files under a directory, and only those, like a scan would", () => {
    for (const dir of ["a", "a/b", "b", ".github/workflows", ".github", "missing", "a-b"])
      expect(index.filesUnder(dir)).toEqual(
        [...paths].sort().filter((path) => path.startsWith(`${dir}/`)),
      );
    expect(index.filesUnder("")).toEqual([...paths].sort());
  });

  it("globs from the pattern's static base, with the same matches as over the whole listing", () => {
    expect(index.glob(".github/workflows/*.{yml,yaml}")).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/release.yaml",
    ]);
    expect(index.glob("**/*.ts")).toEqual(["a-b/c.ts", "a.ts", "a/b.ts", "b/a/x.ts"]);
    expect(index.glob("a.ts")).toEqual(["a.ts"]);
    expect(index.glob("absent.ts")).toEqual([]);
  });

  it("agrees with a filter over every file for generated trees and patterns", () => {
    const segment = fc.constantFrom("a", "b", "a-b", ".x", "a.ts", "b.yml");
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
    const pattern = fc
      .array(fc.constantFrom("a", "b", "*", "**", "*.ts", "{a,b}", ".x", "a-b"), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join("/"));
    fc.assert(
      fc.property(fc.uniqueArray(path, { maxLength: 20 }), pattern, (files, glob) => {
        const tree = indexMemory(Object.fromEntries(files.map((file) => [file, ""])));
        const matcher = picomatch(glob, { dot: true });
        expect(tree.glob(glob)).toEqual([...tree.files].filter((file) => matcher(file)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("RepoIndex.json on a hostile tsconfig", () => {
  it("keeps a __proto__ key an own property, in JSON with comments as in plain JSON", () => {
    for (const text of [
      '{ "__proto__": { "compilerOptions": { "strict": true } } }',
      '// a comment makes it JSONC\n{ "__proto__": { "compilerOptions": { "strict": true } }, }',
    ]) {
      const read = indexMemory({ "tsconfig.json": text }).json("tsconfig.json");
      expect(read.ok).toBe(true);
      const value = read.ok ? (read.value as Record<string, unknown>) : {};
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value, "__proto__")).toBe(true);
      expect((value as { compilerOptions?: unknown }).compilerOptions).toBeUndefined();
    }
  });

  it("reads JSONC the same as jsonc-parser's own parse, on generated documents", () => {
    const json = fc
      .jsonValue({ maxDepth: 4 })
      .filter((value) => !JSON.stringify(value).includes("__proto__"));
    fc.assert(
      fc.property(json, (value) => {
        const text = `// a comment\n${JSON.stringify(value, null, 2)}`;
        const read = indexMemory({ "a.json": text }).json("a.json");
        expect(read).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) as unknown });
      }),
      { numRuns: 300 },
    );
  });
});

describe("YAML aliases", () => {
  it("refuses an alias that contains itself, and aliases that expand without bound, in linear time", () => {
    const index = indexMemory({
      "cycle.yml": "a: &x\n  - b: *x\n",
      "laughs.yml": [
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]",
        ...Array.from(
          { length: 12 },
          (_, i) =>
            `a${String(i + 1)}: &a${String(i + 1)} [${Array(10)
              .fill(`*a${String(i)}`)
              .join(", ")}]`,
        ),
        "",
      ].join("\n"),
      "shared.yml":
        "defaults: &d\n  image: node:22\njob:\n  <<: *d\n  script: [npm test]\nother: *d\n",
    });
    expect(index.yaml("cycle.yml")).toEqual({
      ok: false,
      problem: "cycle.yml: a YAML alias contains itself (a cycle); the file is not read",
    });
    expect(index.yaml("laughs.yml")).toEqual({
      ok: false,
      problem:
        "laughs.yml: its YAML aliases expand to more than 1000000 values; the file is not read",
    });
    expect(index.yaml("shared.yml")).toEqual({
      ok: true,
      value: {
        defaults: { image: "node:22" },
        job: { image: "node:22", script: ["npm test"] },
        other: { image: "node:22" },
      },
    });
  });
});
