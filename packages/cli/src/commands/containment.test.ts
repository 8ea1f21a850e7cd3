// Hostile repositories and unlucky paths, tried as an attacker would: every write stays inside
// its target, nothing is replaced that should be written through, every read is bounded, and no
// command ends in a crash (exit 70). Each case runs the bundle, as users do.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");
const scratch = mkdtempSync(join(tmpdir(), "paved-containment-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const asRoot = process.getuid?.() === 0;
const stackTrace = /\n\s+at .*:\d+:\d+/;

let count = 0;
/** A repository and, beside it, the outside world it must not touch. */
function fresh(files: Record<string, string> = {}): { repo: string; outside: string } {
  count += 1;
  const repo = join(scratch, String(count), "repo");
  const outside = join(scratch, String(count), "outside");
  mkdirSync(repo, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "victim"), "precious\n");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  return { repo, outside };
}

function paved(cwd: string, args: string[], timeout = 20_000) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    timeout,
    env: { ...process.env, CI: "true" },
  });
  expect(result.signal, `paved ${args.join(" ")} was stopped: it hung`).toBeNull();
  expect(result.stderr).not.toMatch(stackTrace);
  expect(result.status).not.toBe(70);
  return result;
}

const listing = (dir: string) => readdirSync(dir).sort();
const manifest = JSON.stringify({
  name: "svc",
  scripts: { lint: "eslint .", test: "vitest run" },
});

describe("paved audit writes only inside its target", () => {
  it("--update-baseline ignores links planted at temporary names and refuses a linked baseline", () => {
    const { repo, outside } = fresh({ "package.json": manifest });
    for (let n = 1; n <= 32768; n += 1)
      symlinkSync(join(outside, "victim"), join(repo, `.paved.baseline.json.${String(n)}.tmp`));
    const written = paved(repo, ["audit", ".", "--update-baseline"]);
    expect(written.status).toBe(0);
    expect(lstatSync(join(repo, "paved.baseline.json")).isFile()).toBe(true);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");

    rmSync(join(repo, "paved.baseline.json"));
    symlinkSync(join(outside, "victim"), join(repo, "paved.baseline.json"));
    const refused = paved(repo, ["audit", ".", "--update-baseline"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("paved.baseline.json is a symbolic link");
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("--output refuses a committed link and a linked directory inside the repository", () => {
    const { repo, outside } = fresh({ "package.json": manifest });
    symlinkSync(join(outside, "victim"), join(repo, "paved.sarif"));
    symlinkSync(outside, join(repo, "reports"));
    const sarif = paved(repo, ["audit", "--format", "sarif", "--output", "paved.sarif"]);
    expect(sarif.status).toBe(2);
    expect(sarif.stderr).toBe(
      "paved audit: paved.sarif is a symbolic link; Paved replaces only regular files. Nothing was written: remove it, then run again.\n",
    );
    const nested = paved(repo, ["audit", "--output", "reports/victim"]);
    expect(nested.status).toBe(2);
    expect(nested.stderr).toMatch(/^paved audit: reports is a symbolic link/);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
    expect(listing(outside)).toEqual(["victim"]);
  });

  it("--output keeps a 0600 file's mode, a hard link's other name and a FIFO", async () => {
    const { repo, outside } = fresh({ "package.json": manifest });
    const secret = join(outside, "report.json");
    writeFileSync(secret, "");
    chmodSync(secret, 0o600);
    linkSync(secret, join(outside, "also.json"));
    expect(paved(repo, ["audit", "--format", "json", "--output", secret]).status).toBe(0);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(outside, "also.json"), "utf8"))).toHaveProperty("score");

    const fifo = join(outside, "fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    let received = "";
    reader.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((resolve) => reader.on("close", resolve));
    const child = spawn(process.execPath, [
      bin,
      "audit",
      repo,
      "--format",
      "json",
      "--output",
      fifo,
    ]);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(await exited).toBe(0);
    await closed;
    expect(JSON.parse(received)).toHaveProperty("score");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("--output - writes to standard output", () => {
    const { repo } = fresh({ "package.json": manifest });
    const result = paved(repo, ["audit", "--format", "json", "--output", "-"]);
    expect(JSON.parse(result.stdout)).toHaveProperty("score");
    expect(listing(repo)).toEqual(["package.json"]);
  });

  it.runIf(asRoot)(
    "--output /dev/null, /dev/full and /dev/stdout are written to, never replaced (private mount namespace)",
    () => {
      const { repo } = fresh({ "package.json": manifest });
      // A private /dev: were a device replaced by a file, only this namespace would see it.
      const script = [
        "set -e",
        "mount -t tmpfs tmpfs /dev",
        "mknod -m 666 /dev/null c 1 3",
        "mknod -m 666 /dev/full c 1 7",
        "ln -s /proc/self/fd /dev/fd",
        "ln -s /proc/self/fd/1 /dev/stdout",
        `node ${bin} audit ${repo} --output /dev/null 2>&1; echo "null:$?"`,
        `node ${bin} audit ${repo} --output /dev/full 2>&1 || echo "full:$?"`,
        `node ${bin} audit ${repo} --format json --output /dev/stdout > /tmp-out.json; echo "stdout:$?"`,
        "stat -c '%F' /dev/null /dev/full",
        "stat -L -c '%F' /dev/stdout",
        "echo written >/dev/null; wc -c </dev/null",
      ].join("\n");
      const run = spawnSync(
        "unshare",
        [
          "-m",
          "--propagation",
          "private",
          "sh",
          "-c",
          script.replace("/tmp-out.json", join(repo, "..", "out.json")),
        ],
        {
          encoding: "utf8",
          env: {
            ...process.env,
            PATH: `${join(process.execPath, "..")}:${process.env["PATH"] ?? ""}`,
          },
        },
      );
      expect(run.stdout).toContain("report written to /dev/null\nnull:0");
      expect(run.stdout).toContain("/dev/full: cannot write the report (ENOSPC).");
      expect(run.stdout).toContain("full:2");
      expect(run.stdout).toContain("stdout:0");
      expect(run.stdout).toContain("character special file\ncharacter special file\n");
      expect(run.stdout).toMatch(/\n0\n$/);
      expect(JSON.parse(readFileSync(join(repo, "..", "out.json"), "utf8"))).toHaveProperty(
        "score",
      );
    },
  );
});

describe("paved audit reads only what is bounded", () => {
  it("refuses a FIFO, /dev/zero and a huge file as --config at once", () => {
    const { repo, outside } = fresh({ "package.json": manifest });
    const fifo = join(outside, "config.json");
    execFileSync("mkfifo", [fifo]);
    const huge = join(outside, "huge.json");
    const fd = openSync(huge, "w");
    closeSync(fd);
    execFileSync("truncate", ["-s", "300M", huge]);
    for (const [config, why] of [
      [fifo, "not a regular file"],
      ["/dev/zero", "not a regular file"],
      [huge, "314572800 bytes, over the 4194304-byte cap"],
    ] as const) {
      const result = paved(repo, ["audit", "--config", config], 10_000);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `paved audit: ${config}: cannot read the config (${why}; not read); check the --config path.\n`,
      );
    }
  });
});

describe("YAML that contains itself or expands without bound", () => {
  it("is a problem with the file, not a crash or a hang, in every command that reads CI", () => {
    const cyclic = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: ./.github/actions/setup",
      "        with: &w",
      "          x: *w",
      "",
    ].join("\n");
    const laughs = [
      "version: 2.1",
      "a0: &a0 [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `a${String(i + 1)}: &a${String(i + 1)} [${Array(10)
            .fill(`*a${String(i)}`)
            .join(", ")}]`,
      ),
      "jobs:",
      "  j:",
      "    steps: *a12",
      "",
    ].join("\n");
    const { repo } = fresh({
      "package.json": manifest,
      ".github/workflows/ci.yml": cyclic,
      ".github/actions/setup/action.yml": "runs:\n  using: composite\n  steps: []\n",
      ".circleci/config.yml": laughs,
    });
    execFileSync("git", ["init", "-q"], { cwd: repo });
    for (const args of [
      ["audit", ".", "--format", "sarif"],
      ["audit", ".", "--format", "json"],
      ["adopt", ".", "--dry-run"],
    ]) {
      const result = paved(repo, args);
      expect([0, 1]).toContain(result.status);
    }
    // The rules that read the pipelines say why they could not.
    const report = paved(repo, ["audit", ".", "--format", "json"]).stdout;
    expect(report).toContain("a YAML alias contains itself (a cycle); the file is not read");
    expect(report).toContain("its YAML aliases expand to more than 1000000 values");
  });
});

describe("paved ci writes only inside its target and reads only what is bounded", () => {
  it.each([".github", ".github/workflows"])("refuses a %s that links out", (linked) => {
    const { repo, outside } = fresh({ "package.json": manifest });
    mkdirSync(join(repo, linked, ".."), { recursive: true });
    symlinkSync(outside, join(repo, linked));
    const result = paved(repo, ["ci"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`paved ci: ${linked} is a symbolic link`);
    expect(listing(outside)).toEqual(["victim"]);
    // Nothing was written inside either: not even the update bot's config.
    expect(listing(repo)).toEqual([".github", "package.json"]);
  });

  it.each([
    ["package.json", "github"],
    [".nvmrc", "gitlab"],
    [".github/workflows/ci.yml", "github"],
    [".gitlab-ci.yml", "gitlab"],
  ])("names a FIFO at %s instead of waiting on it", (path, provider) => {
    const { repo } = fresh(
      path === "package.json" ? {} : { "package.json": manifest, ".nvmrc": "24\n" },
    );
    mkdirSync(join(repo, path, ".."), { recursive: true });
    rmSync(join(repo, path), { force: true });
    execFileSync("mkfifo", [join(repo, path)]);
    const result = paved(repo, ["ci", "--provider", provider], 10_000);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${join(repo, path)}: not a regular file; not read`);
  });

  it("refuses a pipeline that links to /dev/zero, and a directory where a pipeline goes", () => {
    const { repo } = fresh({ "package.json": manifest });
    mkdirSync(join(repo, ".github/workflows"), { recursive: true });
    symlinkSync("/dev/zero", join(repo, ".github/workflows/ci.yml"));
    const zero = paved(repo, ["ci"], 10_000);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain("ci.yml: a symbolic link out of the repository; not read");
    rmSync(join(repo, ".github/workflows/ci.yml"));
    mkdirSync(join(repo, ".github/workflows/ci.yml"));
    const directory = paved(repo, ["ci"]);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain("ci.yml: a directory, not a file");
  });
});

const workspace = {
  "package.json": JSON.stringify({ name: "ws", private: true }),
  "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
  "tsconfig.json": JSON.stringify({ files: [], references: [] }),
  ".github/CODEOWNERS": "* @acme/platform\n",
};

describe("paved new writes only inside its workspace", () => {
  it.each(["packages", ".github"])("refuses a workspace whose %s links out", (linked) => {
    const { repo, outside } = fresh(workspace);
    rmSync(join(repo, linked), { recursive: true, force: true });
    if (linked === ".github") writeFileSync(join(outside, "CODEOWNERS"), "* @acme/platform\n");
    symlinkSync(outside, join(repo, linked));
    const before = readFileSync(join(repo, "tsconfig.json"), "utf8");
    const result = paved(repo, ["new", "service", "orders", "--owner", "@acme/payments"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      linked === ".github"
        ? ".github/CODEOWNERS: a symbolic link out of the workspace; not read; replace it with a regular file"
        : "packages is a symbolic link",
    );
    expect(listing(outside)).toEqual(linked === ".github" ? ["CODEOWNERS", "victim"] : ["victim"]);
    if (linked === ".github")
      expect(readFileSync(join(outside, "CODEOWNERS"), "utf8")).toBe("* @acme/platform\n");
    expect(readFileSync(join(repo, "tsconfig.json"), "utf8")).toBe(before);
  });

  it("keeps every line when four paved new run at once in one workspace", async () => {
    const { repo } = fresh(workspace);
    const names = ["orders", "billing", "search", "users"];
    const codes = await Promise.all(
      names.map(
        (name) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(
              process.execPath,
              [bin, "new", "service", name, "--owner", `@acme/${name}`],
              {
                cwd: repo,
                stdio: "ignore",
              },
            );
            child.on("close", resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const owners = readFileSync(join(repo, ".github/CODEOWNERS"), "utf8");
    const references = (
      JSON.parse(readFileSync(join(repo, "tsconfig.json"), "utf8")) as {
        references: { path: string }[];
      }
    ).references.map((reference) => reference.path);
    for (const name of names) {
      expect(owners).toContain(`@acme/${name}`);
      expect(references).toContain(`./packages/${name}/tsconfig.build.json`);
    }
    expect(listing(repo).filter((name) => name.includes("paved"))).toEqual([]);
  });

  it.runIf(asRoot).each([
    ["paved new", "new service orders --owner @acme/payments"],
    ["paved ci", "ci"],
  ])("%s leaves no temporary file when the disk fills up (a full tmpfs)", (_, command) => {
    const { repo } = fresh();
    const files = {
      ...workspace,
      "package.json": manifest.replace("{", '{"private":true,'),
      ".github/workflows/ci.yml": "# paved-ci: 0.0.0 sha256:0\n",
    };
    const script = [
      "set -e",
      `mount -t tmpfs -o size=256k tmpfs ${repo}`,
      `cd ${repo}`,
      ...Object.entries(files).map(
        ([path, text]) =>
          `mkdir -p "$(dirname ${path})" && printf '%b' '${text.replaceAll("\n", "\\n")}' > ${path}`,
      ),
      // Every page of the file system taken: new files can be made, but not filled.
      "head -c 1048576 /dev/zero > filler 2>/dev/null || true",
      "find . | sort > ../before",
      `node ${bin} ${command} --force 2>&1 || echo "exit:$?"`,
      "find . | sort > ../after",
      "diff ../before ../after && echo same",
    ].join("\n");
    const run = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", script], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${join(process.execPath, "..")}:${process.env["PATH"] ?? ""}` },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("could not write the files (ENOSPC); nothing was changed.");
    expect(run.stdout).toContain("exit:2");
    expect(run.stdout).toMatch(/\nsame\n$/);
  });
});
