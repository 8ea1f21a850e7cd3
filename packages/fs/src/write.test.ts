import * as nodeFs from "node:fs";
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { writeFiles, type WriterFs } from "./write.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-fs-write-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let count = 0;
function fresh(): { root: string; outside: string } {
  count += 1;
  const base = join(scratch, String(count));
  const root = join(base, "repo");
  const outside = join(base, "outside");
  mkdirSync(root, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "victim"), "precious\n");
  return { root, outside };
}

/** Every entry under a directory: files by content, links by target, directories by name. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      const rel = relative(dir, full);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out[rel] = `-> ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[rel] = "dir";
        walk(full);
      } else out[rel] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("writeFiles", () => {
  it("writes new files, new directories and replacements", () => {
    const { root } = fresh();
    writeFileSync(join(root, "CODEOWNERS"), "* @a\n");
    writeFiles(root, files({ CODEOWNERS: "* @b\n", ".github/workflows/ci.yml": "on: push\n" }), {
      overwrite: true,
    });
    expect(snapshot(root)).toEqual({
      CODEOWNERS: "* @b\n",
      ".github": "dir",
      ".github/workflows": "dir",
      ".github/workflows/ci.yml": "on: push\n",
    });
  });

  it("refuses a symbolic link on the way and writes nothing anywhere", () => {
    const { root, outside } = fresh();
    symlinkSync(outside, join(root, ".github"));
    writeFileSync(join(root, "keep"), "mine");
    const before = snapshot(root);
    expect(() => {
      writeFiles(root, files({ keep: "theirs", ".github/workflows/ci.yml": "x" }), {
        overwrite: true,
      });
    }).toThrow(/^\.github is a symbolic link; Paved writes only inside .* Nothing was written/);
    expect(snapshot(root)).toEqual(before);
    expect(snapshot(outside)).toEqual({ victim: "precious\n" });
  });

  it("refuses to replace a link, a directory or a FIFO with a file", () => {
    const { root, outside } = fresh();
    symlinkSync(join(outside, "victim"), join(root, "paved.baseline.json"));
    mkdirSync(join(root, "ci.yml"));
    expect(() => {
      writeFiles(root, files({ "paved.baseline.json": "{}" }), { overwrite: true });
    }).toThrow("paved.baseline.json is a symbolic link; Paved replaces only regular files.");
    expect(() => {
      writeFiles(root, files({ "ci.yml": "x" }), { overwrite: true });
    }).toThrow("ci.yml is a directory");
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("is not fooled by links planted at predictable temporary names", () => {
    const { root, outside } = fresh();
    for (let n = 1; n <= 2000; n += 1)
      symlinkSync(join(outside, "victim"), join(root, `.paved.baseline.json.${String(n)}.tmp`));
    writeFiles(root, files({ "paved.baseline.json": "{}\n" }));
    expect(lstatSync(join(root, "paved.baseline.json")).isFile()).toBe(true);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("keeps an existing file's mode and its hard links", () => {
    const { root } = fresh();
    const secret = join(root, "report.sarif");
    writeFileSync(secret, "old");
    chmodSync(secret, 0o600);
    writeFileSync(join(root, "shared"), "old");
    linkSync(join(root, "shared"), join(root, "other-name"));
    writeFiles(root, files({ "report.sarif": "new", shared: "new" }), { overwrite: true });
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(readFileSync(secret, "utf8")).toBe("new");
    expect(readFileSync(join(root, "other-name"), "utf8")).toBe("new");
    expect(statSync(join(root, "shared")).nlink).toBe(2);
  });

  it("refuses an existing file unless told to overwrite", () => {
    const { root } = fresh();
    writeFileSync(join(root, "a"), "mine");
    expect(() => {
      writeFiles(root, files({ a: "theirs" }));
    }).toThrow("a already exists, and nothing was written (use --force to overwrite it).");
    expect(readFileSync(join(root, "a"), "utf8")).toBe("mine");
  });

  it.each([
    ["writeSync", 0, "while filling the first file (disk full)"],
    ["writeSync", 2, "while filling a later file"],
    ["renameSync", 0, "while moving the new directory into place"],
    ["renameSync", 1, "while replacing an existing file"],
    ["renameSync", 2, "while replacing the second existing file"],
  ] as const)("leaves everything as it was when %s fails (%s, %s)", (call, after, _why) => {
    const { root } = fresh();
    writeFileSync(join(root, "a"), "A");
    writeFileSync(join(root, "b"), "B");
    mkdirSync(join(root, "dir"));
    const before = snapshot(root);
    let calls = 0;
    const failing = {
      ...nodeFs,
      [call]: (...args: unknown[]) => {
        calls += 1;
        if (calls > after) throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        return (nodeFs[call] as (...a: unknown[]) => unknown)(...args);
      },
    } as WriterFs;
    expect(() => {
      writeFiles(root, files({ "new/x/y": "1", "new/z": "2", a: "A2", b: "B2", "dir/c": "C" }), {
        overwrite: true,
        fs: failing,
      });
    }).toThrow("could not write the files (ENOSPC); nothing was changed.");
    // Nothing changed, and no temporary or staging entry is left behind.
    expect(snapshot(root)).toEqual(before);
  });

  it("never changes anything outside its root, whatever links the tree holds", () => {
    const names = ["a", "b", ".github", "workflows"];
    const entry = fc.record({
      path: fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }),
      kind: fc.constantFrom("file", "dir", "link-out", "link-in"),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 5 }),
        fc.array(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (tree, writes) => {
          const { root, outside } = fresh();
          for (const { path, kind } of tree) {
            const full = join(root, ...path);
            try {
              mkdirSync(join(full, ".."), { recursive: true });
              if (kind === "file") writeFileSync(full, "f");
              else if (kind === "dir") mkdirSync(full);
              else symlinkSync(kind === "link-out" ? outside : root, full);
            } catch {
              // An earlier entry is in the way: the tree is what it is.
            }
          }
          const before = snapshot(root);
          const outsideBefore = snapshot(outside);
          const wanted = files(Object.fromEntries(writes.map((w) => [w.join("/"), "new"])));
          let wrote = true;
          try {
            writeFiles(root, wanted, { overwrite: true });
          } catch {
            wrote = false;
          }
          expect(snapshot(outside)).toEqual(outsideBefore);
          if (!wrote) expect(snapshot(root)).toEqual(before);
          else
            for (const path of wanted.keys()) {
              expect(lstatSync(join(root, path)).isFile()).toBe(true);
              expect(readFileSync(join(root, path), "utf8")).toBe("new");
            }
        },
      ),
      { numRuns: 150 },
    );
  });
});
