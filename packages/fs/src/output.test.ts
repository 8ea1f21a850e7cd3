import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  closeSync,
  openSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeOutput } from "./output.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-fs-output-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const asRoot = process.getuid?.() === 0;

let count = 0;
function fresh(): { repo: string; outside: string } {
  count += 1;
  const repo = join(scratch, String(count), "repo");
  const outside = join(scratch, String(count), "outside");
  mkdirSync(repo, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "victim"), "precious\n");
  return { repo, outside };
}

describe("writeOutput", () => {
  it("refuses a committed link at the report's path inside the repository", () => {
    const { repo, outside } = fresh();
    symlinkSync(join(outside, "victim"), join(repo, "paved.sarif"));
    expect(() => {
      writeOutput(join(repo, "paved.sarif"), "{}", { inside: repo, shown: "paved.sarif" });
    }).toThrow("paved.sarif is a symbolic link; Paved replaces only regular files.");
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
    expect(lstatSync(join(repo, "paved.sarif")).isSymbolicLink()).toBe(true);
  });

  it("refuses a linked directory on the way inside the repository", () => {
    const { repo, outside } = fresh();
    symlinkSync(outside, join(repo, "reports"));
    expect(() => {
      writeOutput(join(repo, "reports", "victim"), "{}", { inside: repo });
    }).toThrow(/reports is a symbolic link/);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("keeps a file's mode and hard links, inside the repository or out", () => {
    const { repo, outside } = fresh();
    const mine = join(outside, "report.json");
    writeFileSync(mine, "old");
    chmodSync(mine, 0o600);
    writeOutput(mine, "new", { inside: repo });
    expect(statSync(mine).mode & 0o777).toBe(0o600);
    expect(readFileSync(mine, "utf8")).toBe("new");
    linkSync(mine, join(outside, "also"));
    writeOutput(mine, "newer", { inside: repo });
    expect(readFileSync(join(outside, "also"), "utf8")).toBe("newer");
  });

  it("writes through a link the user made outside the repository", () => {
    const { repo, outside } = fresh();
    symlinkSync(join(outside, "victim"), join(outside, "link"));
    writeOutput(join(outside, "link"), "report\n", { inside: repo });
    expect(lstatSync(join(outside, "link")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("report\n");
  });

  it("writes to a FIFO as a stream, leaving it a FIFO", async () => {
    const { outside } = fresh();
    const fifo = join(outside, "pipe");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    let received = "";
    reader.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const done = new Promise((resolve) => reader.on("close", resolve));
    writeOutput(fifo, "streamed\n");
    await done;
    expect(received).toBe("streamed\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it.runIf(asRoot)("writes to a character device and never replaces it", () => {
    const { outside } = fresh();
    const nullDevice = join(outside, "null");
    const fullDevice = join(outside, "full");
    execFileSync("mknod", [nullDevice, "c", "1", "3"]);
    execFileSync("mknod", [fullDevice, "c", "1", "7"]);
    writeOutput(nullDevice, "x".repeat(100_000));
    expect(lstatSync(nullDevice).isCharacterDevice()).toBe(true);
    expect(() => {
      writeOutput(fullDevice, "x");
    }).toThrow(`${fullDevice}: cannot write the report (ENOSPC).`);
    expect(lstatSync(fullDevice).isCharacterDevice()).toBe(true);
  });

  it("writes /proc/self/fd/N and /dev/fd/N to the descriptor itself, not over its file", () => {
    const { outside } = fresh();
    const out = join(outside, "captured");
    writeFileSync(out, "");
    const fd = openSync(out, "a");
    try {
      writeOutput(`/proc/self/fd/${String(fd)}`, "one\n");
      writeOutput(`/dev/fd/${String(fd)}`, "two\n");
    } finally {
      closeSync(fd);
    }
    // Appended through the descriptor: the file was not replaced under it.
    expect(readFileSync(out, "utf8")).toBe("one\ntwo\n");
  });

  it("refuses a directory and a missing directory with a message naming the path", () => {
    const { outside } = fresh();
    expect(() => {
      writeOutput(outside, "x", { shown: "out" });
    }).toThrow("out: cannot write the report (it is a directory); name a file.");
    expect(() => {
      writeOutput(join(outside, "none", "r.json"), "x", { shown: "none/r.json" });
    }).toThrow(
      /none\/r\.json: cannot write the report \(ENOENT\); its directory .* does not exist/,
    );
  });
});
