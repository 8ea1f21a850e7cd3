import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import {
  backgroundGit,
  gitOnPath,
  gitTimeLimit,
  limitGitTime,
  parseByteListing,
  parseListing,
  scratchFile,
  startGitListing,
  trackedArgs,
} from "./git-listing.js";

// A fixed seed: the line must not go red by chance (as in glob.test.ts).
fc.configureGlobal({ seed: 20261201 });

const segment = fc.constantFrom("a", "b", "é", "日本", "..", ".", "a b", "-x", ".github");
const name = fc
  .array(segment, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("/"))
  .chain((path) => fc.constantFrom(path, `/${path}`));
/** `ls-files -t` tags: cached, skip-worktree, unmerged, other, deleted (`R`). */
const tag = fc.constantFrom("H", "S", "M", "?", "R");

/**
 * Index-shaped output: names in order, each with one or more adjacent entries (merge stages,
 * a cached entry then its `R`), as git writes them.
 */
const listing = fc
  .uniqueArray(name, { maxLength: 12 })
  .chain((names) =>
    fc.tuple(
      ...[...names]
        .sort()
        .map((path) =>
          fc
            .array(tag, { minLength: 1, maxLength: 3 })
            .map((tags) => tags.map((t) => `${t} ${path}`)),
        ),
    ),
  )
  .map((groups) => groups.flat());

const encode = (entries: readonly string[]) =>
  Buffer.from(entries.map((entry) => `${entry}\0`).join(""));

const normalised = (result: ReturnType<typeof parseListing>) =>
  result.ok
    ? { files: [...result.files].sort(), deleted: [...new Set(result.deleted)].sort() }
    : result;

describe("parseListing", () => {
  it("gives what the byte-by-byte reader gives, on any index-shaped UTF-8 listing", () => {
    fc.assert(
      fc.property(listing, (entries) => {
        const output = encode(entries);
        expect(normalised(parseListing(output, true))).toEqual(
          normalised(parseByteListing(output, true)),
        );
      }),
    );
  });

  it("gives what the byte-by-byte reader gives on untagged, deduplicated listings", () => {
    const names = fc
      .uniqueArray(fc.oneof(name, fc.constant("")), { maxLength: 12 })
      .map((list) => [...list].sort());
    fc.assert(
      fc.property(names, (list) => {
        const output = encode(list);
        expect(normalised(parseListing(output, false))).toEqual(
          normalised(parseByteListing(output, false)),
        );
      }),
    );
  });

  it("leaves out deleted files, names outside the checkout and repeated stages", () => {
    const result = parseListing(
      encode(["H a", "R a", "M b", "M b", "M b", "H /etc/passwd", "H x/../../y", "? c", "H d"]),
      true,
    );
    expect(result).toEqual({ ok: true, files: ["b", "c", "d"], deleted: ["a"], problems: [] });
  });

  it("reads untagged output, and output with no final NUL", () => {
    expect(parseListing(Buffer.from("a\0b/c"), false)).toMatchObject({ files: ["a", "b/c"] });
  });

  it("leaves out untagged names outside the checkout, and empty ones, wherever they are", () => {
    for (const entries of [
      ["a", "/etc/passwd", "b"],
      ["", "a"],
      ["a", "", "b"],
      ["a", "x/../../y"],
    ])
      expect(parseListing(encode(entries), false)).toMatchObject({
        files: entries.filter((entry) => ["a", "b"].includes(entry)),
      });
  });

  it("hands names that are not UTF-8 to the byte reader, which keeps their bytes", () => {
    const result = parseListing(
      Buffer.concat([Buffer.from("H ok\0H caf"), Buffer.from([0xe9]), Buffer.from(".yml\0")]),
      true,
    );
    expect(result).toMatchObject({ ok: true, files: ["ok", "caf\\xe9.yml"] });
    expect(result.ok && result.raw?.get("caf\\xe9.yml")).toEqual(
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x79, 0x6d, 0x6c]),
    );
  });
});

describe("scratchFile", () => {
  const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith("paved-listing-"));

  it.each([true, false])(
    "gives a private file and leaves nothing behind (anonymous: %s)",
    (anonymous) => {
      const before = ours();
      const scratch = scratchFile(anonymous);
      if (scratch === undefined) throw new Error("no scratch file");
      writeSync(scratch.fd, "listed\0");
      const buffer = Buffer.alloc(7);
      readSync(scratch.fd, buffer, 0, 7, 0);
      expect(buffer.toString()).toBe("listed\0");
      // The unnamed file has no name in the directory; the fallback's directory is named.
      expect(ours().length - before.length).toBe(anonymous ? 0 : 1);
      scratch.dispose();
      expect(ours()).toEqual(before);
    },
  );
});

describe("startGitListing", () => {
  // A stand-in for git on PATH that names the nice value it runs at (field 19 of its
  // /proc/self/stat), after a pause long enough for the parent to have changed it.
  it.runIf(process.platform === "linux")(
    "scans the working tree at the lowest priority, the index at the caller's own",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "paved-priority-"));
      const bin = join(dir, "bin");
      mkdirSync(bin);
      mkdirSync(join(dir, "repo", ".git"), { recursive: true });
      writeFileSync(
        join(bin, "git"),
        [
          "#!/bin/sh",
          "sleep 0.3",
          "nice=$(cut -d' ' -f19 /proc/$$/stat)",
          'case " $* " in *" -t "*) printf "? nice-%s\\0" "$nice" ;; *) printf "nice-%s\\0" "$nice" ;; esac',
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      const path = process.env["PATH"];
      process.env["PATH"] = `${bin}:${path ?? ""}`;
      try {
        const listing = startGitListing(join(dir, "repo"));
        const [tracked, untracked] = await Promise.all([listing.tracked, listing.untracked]);
        expect(tracked).toMatchObject({ ok: true, files: [`nice-${String(getPriority())}`] });
        expect(untracked).toMatchObject({ ok: true, files: ["nice-19"] });
      } finally {
        process.env["PATH"] = path;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("backgroundGit", () => {
  it("checks the git directory once for the gits started together, and again for later ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paved-burst-"));
    try {
      execFileSync("git", ["init", "-q", dir]);
      writeFileSync(join(dir, "a.txt"), "a");
      execFileSync("git", ["-C", dir, "add", "a.txt"]);
      const first = backgroundGit(dir, trackedArgs);
      // A FIFO that would block git's reads of refs (not `ls-files`), made in the same run of
      // code: the gits started with the first share its check.
      execFileSync("mkfifo", [join(dir, ".git", "packed-refs")]);
      const second = backgroundGit(dir, trackedArgs);
      expect(await first).toMatchObject({ run: { status: 0 } });
      expect(await second).toMatchObject({ run: { status: 0 } });
      expect(await backgroundGit(dir, trackedArgs)).toEqual({
        blocker: ".git/packed-refs: not a regular file",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("gitOnPath", () => {
  it.runIf(process.platform !== "win32")(
    "finds the git a child would run, and leaves a relative PATH entry to the child",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "paved-git-path-"));
      try {
        for (const name of ["none", "plain", "exec", "dir"]) mkdirSync(join(dir, name));
        writeFileSync(join(dir, "plain", "git"), "not executable", { mode: 0o644 });
        writeFileSync(join(dir, "exec", "git"), "#!/bin/sh\n", { mode: 0o755 });
        mkdirSync(join(dir, "dir", "git"));
        const at = (...names: string[]) => names.map((name) => join(dir, name)).join(":");
        // Not executable, a directory, nothing: passed over, as execvp passes them over.
        expect(gitOnPath(at("none", "plain", "dir", "exec"))).toBe(join(dir, "exec", "git"));
        expect(gitOnPath(`${at("none")}::${at("exec")}`)).toBe("git");
        expect(gitOnPath(at("none", "plain"))).toBe("git");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("limitGitTime", () => {
  it("shortens this thread's git time limit, never beyond the default", () => {
    try {
      limitGitTime(1500.7);
      expect(gitTimeLimit()).toBe(1500);
      limitGitTime(60_000);
      expect(gitTimeLimit()).toBe(10_000);
    } finally {
      limitGitTime(10_000);
    }
  });
});
