import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { insideReader, readBounded, readInside, readInsideBytes } from "./read.js";
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

  it("refuses, never throws, where a directory on the way is a file or a loop of links", () => {
    const root = repo("inside-walks");
    writeFileSync(join(root, "a.txt"), "a");
    symlinkSync("loop", join(root, "loop"));
    expect(readInside(root, "a.txt/package.json")).toMatchObject({
      ok: false,
      problem: "a.txt/package.json: missing",
      missing: true,
    });
    expect(readInside(root, "loop/package.json")).toMatchObject({
      ok: false,
      problem: "loop/package.json: a symbolic link loop",
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

describe("insideReader", () => {
  it("answers as readInside does, for any path, through links in and out, FIFOs and loops", () => {
    const root = repo("reader");
    const outside = repo("reader-outside");
    writeFileSync(join(outside, "b.txt"), "outside");
    writeFileSync(join(root, "a.txt"), "a");
    mkdirSync(join(root, "dir", "sub"), { recursive: true });
    writeFileSync(join(root, "dir", "b.txt"), "b");
    writeFileSync(join(root, "dir", "sub", "c.txt"), "c");
    symlinkSync("a.txt", join(root, "link"));
    symlinkSync("../a.txt", join(root, "dir", "link"));
    symlinkSync("dir", join(root, "dirlink"));
    symlinkSync(outside, join(root, "dirout"));
    symlinkSync(join(outside, "b.txt"), join(root, "dir", "out"));
    symlinkSync("loop", join(root, "loop"));
    symlinkSync("/dev/zero", join(root, "zero"));
    execFileSync("mkfifo", [join(root, "dir", "fifo")]);
    const read = insideReader(root);
    const segment = fc.constantFrom(
      ...["a.txt", "b.txt", "c.txt", "dir", "sub", "link", "dirlink", "dirout"],
      ...["out", "loop", "zero", "fifo", "nope", "..", ".", ""],
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
    fc.assert(
      fc.property(path, (candidate) => {
        const ours = read(candidate);
        const theirs = readInside(root, candidate);
        // One answer differs on purpose: under a link out of the root, a file missing there is
        // refused as the link it is, where readInside's "missing" tells what is outside.
        const refusedAsLink =
          !ours.ok && ours.why === "a symbolic link out of the repository; not read";
        if (refusedAsLink && !theirs.ok && theirs.missing === true) return;
        expect(ours, candidate).toEqual(theirs);
      }),
      { seed: 20261201, numRuns: 3000 },
    );
    // Some of each kind of answer were met (a guard against a fixture that tests nothing).
    expect(read("dirlink/sub/c.txt")).toEqual({ ok: true, value: Buffer.from("c") });
    expect(read("dirout/b.txt")).toMatchObject({
      why: "a symbolic link out of the repository; not read",
    });
    expect(read("dir/link")).toEqual({ ok: true, value: Buffer.from("a") });
    expect(read("dir/fifo")).toMatchObject({ problem: "dir/fifo: not a regular file; not read" });
    expect(read("loop/a.txt")).toMatchObject({ ok: false, why: "a symbolic link loop" });
    expect(read("a.txt/b.txt")).toMatchObject({ ok: false, why: "missing", missing: true });
  });

  it("answers missing for every file of a root that is not there", () => {
    expect(insideReader(join(scratch, "nowhere"))("a/package.json")).toEqual(
      readInside(join(scratch, "nowhere"), "a/package.json"),
    );
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
