import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readBounded, readInside, readInsideBytes } from "./read.js";
import { splitContained } from "./paths.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-fs-read-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function repo(name: string): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  return root;
}

describe("readBounded", () => {
  it("reads a regular file", () => {
    const file = join(repo("plain"), "a.json");
    writeFileSync(file, "{}");
    expect(readBounded(file)).toEqual({ ok: true, value: Buffer.from("{}") });
  });

  it("refuses a FIFO at once instead of waiting for a writer", () => {
    const fifo = join(repo("fifo"), "paved.config.json");
    execFileSync("mkfifo", [fifo]);
    const read = readBounded(fifo);
    expect(read).toMatchObject({ ok: false, problem: `${fifo}: not a regular file; not read` });
  });

  it("refuses /dev/zero, which would read without end", () => {
    expect(readBounded("/dev/zero")).toMatchObject({
      ok: false,
      problem: "/dev/zero: not a regular file; not read",
    });
  });

  it("refuses a file over the cap without reading it", () => {
    const file = join(repo("big"), "big.json");
    writeFileSync(file, "x".repeat(2048));
    const read = readBounded(file, 1024);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toBe(`${file}: 2048 bytes, over the 1024-byte cap; not read`);
  });

  it("names a directory and a missing file", () => {
    const root = repo("kinds");
    expect(readBounded(root)).toMatchObject({
      ok: false,
      problem: `${root}: a directory, not a file`,
    });
    expect(readBounded(join(root, "none"))).toMatchObject({
      ok: false,
      problem: `${join(root, "none")}: missing`,
      missing: true,
    });
  });
});

describe("readInside", () => {
  it("follows links that stay inside and refuses links that leave", () => {
    const root = repo("links");
    writeFileSync(join(scratch, "secret"), "outside");
    writeFileSync(join(root, "README.md"), "inside");
    symlinkSync("README.md", join(root, "readme"));
    symlinkSync(join(scratch, "secret"), join(root, "out"));
    symlinkSync("/dev/zero", join(root, "ci.yml"));
    expect(readInside(root, "readme")).toEqual({ ok: true, value: Buffer.from("inside") });
    expect(readInside(root, "out")).toMatchObject({
      ok: false,
      problem: "out: a symbolic link out of the repository; not read",
    });
    expect(readInside(root, "ci.yml")).toMatchObject({
      ok: false,
      problem: "ci.yml: a symbolic link out of the repository; not read",
    });
    expect(readInside(root, "../secret").ok).toBe(false);
  });

  it("answers missing for any file of a directory that is not there", () => {
    expect(readInside(join(scratch, "nowhere"), "package.json")).toMatchObject({
      ok: false,
      problem: "package.json: missing",
      missing: true,
    });
  });

  it("refuses a FIFO and a directory inside the repository", () => {
    const root = repo("inside-kinds");
    execFileSync("mkfifo", [join(root, "package.json")]);
    mkdirSync(join(root, "ci.yml"));
    expect(readInside(root, "package.json")).toMatchObject({
      ok: false,
      problem: "package.json: not a regular file; not read",
    });
    expect(readInside(root, "ci.yml")).toMatchObject({
      ok: false,
      problem: "ci.yml: a directory, not a file",
    });
  });
});

describe("a refused read", () => {
  it("says what is wrong apart from the file, for messages that name the file their own way", () => {
    const read = readBounded("/dev/zero");
    expect(read).toEqual({
      ok: false,
      problem: "/dev/zero: not a regular file; not read",
      why: "not a regular file; not read",
    });
  });
});

describe("readInsideBytes", () => {
  it("reads a file named by bytes that are not UTF-8, and refuses a link out or a climb", () => {
    const root = repo("bytes");
    const latin1 = Buffer.from([0x63, 0x69, 0xff, 0x2e, 0x79, 0x6d, 0x6c]); // "ci\xff.yml"
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), latin1]), "on: push\n");
    expect(readInsideBytes(root, latin1, "ci\\xff.yml")).toEqual({
      ok: true,
      value: Buffer.from("on: push\n"),
    });
    writeFileSync(join(scratch, "secret"), "outside");
    const link = Buffer.from([0x6f, 0xfe]);
    symlinkSync(join(scratch, "secret"), Buffer.concat([Buffer.from(`${root}/`), link]));
    expect(readInsideBytes(root, link, "o\\xfe")).toMatchObject({
      ok: false,
      problem: "o\\xfe: a symbolic link out of the repository; not read",
    });
    expect(readInsideBytes(root, Buffer.from("../secret"), "../secret").ok).toBe(false);
  });
});

describe("splitContained", () => {
  it("never yields a segment that climbs out, whatever the path", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "..", ".", "", "b/..", "/", "\0", "c"), { maxLength: 8 }),
        (parts) => {
          const segments = splitContained(parts.join("/"));
          if (segments === undefined) return;
          expect(segments.length).toBeGreaterThan(0);
          for (const segment of segments) expect(["", ".", ".."]).not.toContain(segment);
          expect(segments.join("/")).not.toContain("\0");
        },
      ),
    );
  });
});
