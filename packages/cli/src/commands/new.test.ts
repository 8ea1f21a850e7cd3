import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rules } from "@paved/conformance";
import { diskTree, planNew } from "@paved/generators";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Io } from "../index.js";
import { withAnswers, type Asker } from "./new-prompts.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-cli-new-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function directory(files: Record<string, string> = {}): string {
  counter += 1;
  const dir = join(scratch, `case-${String(counter)}`);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const io = (cwd: string): Io => ({ cwd, env: {}, stdoutIsTerminal: false });
const paved = (cwd: string, ...args: string[]) => run(["new", ...args], io(cwd));

describe("paved new", () => {
  it("writes a service, lists the files and the next steps", () => {
    const dir = directory();
    const result = paved(dir, "service", "orders", "--owner", "@acme/payments");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Wrote \d+ files in orders:\n {2}\+ orders\/\.changeset\//);
    expect(result.stdout).toContain("  + orders/.github/workflows/ci.yml\n");
    expect(result.stdout).toMatch(
      /Next:\n {2}cd orders\n {2}git init\n {2}pnpm install {3}# no pnpm [\d.]+\? npm install --global pnpm@[\d.]+, or npx pnpm@[\d.]+ install\n {2}pnpm lint && pnpm typecheck && pnpm test\n/,
    );
    expect(existsSync(join(dir, "orders/src/main.ts"))).toBe(true);
  });

  it("shows the plan and writes nothing with --dry-run", () => {
    const dir = directory();
    const result = paved(dir, "repo", "acme", "--owner", "@acme/platform", "--dry-run");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^paved new would write \d+ files in acme \(dry run: nothing written\):/,
    );
    expect(result.stdout).toContain("  + acme/packages/acme/src/app.ts");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("configures the update bot asked for", () => {
    const dir = directory();
    expect(paved(dir, "repo", "shop", "--owner", "@a/b", "--updates", "dependabot").exitCode).toBe(
      0,
    );
    expect(existsSync(join(dir, "shop/.github/dependabot.yml"))).toBe(true);
    expect(existsSync(join(dir, "shop/renovate.json"))).toBe(false);
  });

  it("writes a repository whose pipeline is the CI preset's, up to date", () => {
    const dir = directory();
    expect(paved(dir, "repo", "shop", "--owner", "@acme/platform").exitCode).toBe(0);
    const check = run(["ci", "shop", "--check"], io(dir));
    // Up to date; the one thing left is the lockfile, which the first install writes.
    expect(check).toMatchObject({
      exitCode: 0,
      stderr:
        "paved ci: No lockfile is committed: the jobs install with 'pnpm install --frozen-lockfile', which fails until you commit the pnpm-lock.yaml that pnpm install writes.\n",
    });
    expect(check.stdout).toBe("Pipeline up to date.\n");
  });

  it("writes a GitLab repository with --provider gitlab, its pipeline up to date", () => {
    const dir = directory();
    expect(
      paved(dir, "repo", "shop", "--owner", "@acme/platform", "--provider", "gitlab").exitCode,
    ).toBe(0);
    expect(existsSync(join(dir, "shop/.gitlab-ci.yml"))).toBe(true);
    expect(existsSync(join(dir, "shop/.gitlab/CODEOWNERS"))).toBe(true);
    expect(existsSync(join(dir, "shop/.github"))).toBe(false);
    // paved ci finds GitLab's pipeline on its own, and it is the one it would write.
    expect(run(["ci", "shop", "--check"], io(dir))).toMatchObject({
      exitCode: 0,
      stdout: "Pipeline up to date.\n",
    });
  });

  it("finds the workspace root from a subdirectory and registers the project there", () => {
    const root = directory({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "package.json": "{}",
      "paved.config.json": JSON.stringify({ new: { scope: "@acme", owner: "@acme/platform" } }),
      ".github/CODEOWNERS": "* @acme/platform\n",
      "docs/readme.md": "",
    });
    const result = paved(join(root, "docs"), "library", "money", "--dir", "../libs/money");
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(
      "Registered it in:\n  ~ ../pnpm-workspace.yaml\n  ~ ../.github/CODEOWNERS\n",
    );
    expect(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")).toBe(
      "packages:\n  - packages/*\n  - libs/money\n",
    );
    expect(JSON.parse(readFileSync(join(root, "libs/money/package.json"), "utf8"))).toMatchObject({
      name: "@acme/money",
    });
  });

  it("exits 1 and writes nothing when files are in the way; --force overwrites", () => {
    const dir = directory({ "orders/README.md": "mine\n" });
    const blocked = paved(dir, "service", "orders", "--owner", "@a/b");
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toContain("already exist, and nothing was written");
    expect(blocked.stderr).toContain("  orders/README.md");
    expect(readdirSync(join(dir, "orders"))).toEqual(["README.md"]);
    expect(paved(dir, "service", "orders", "--owner", "@a/b", "--force").exitCode).toBe(0);
    expect(readFileSync(join(dir, "orders/README.md"), "utf8")).toContain("# orders");
  });

  it.each([
    [[], /say what to create/],
    [["widget", "x"], /'widget' is not something paved new makes/],
    [["service"], /give the service a name/],
    [["service", "a", "b"], /one name at a time/],
    [["service", "../up", "--owner", "@a/b"], /must not contain a path separator/],
    [["service", "ok", "--owner", "nobody"], /not an owner CODEOWNERS understands/],
    [["service", "ok", "--owner", "@a/b", "--dir", "/etc/x"], /is not inside/],
    [
      ["service", "ok", "--project", "library", "--owner", "@a/b"],
      /--project is for paved new repo/,
    ],
    [
      ["service", "ok", "--updates", "renovate", "--owner", "@a/b"],
      /--updates is for paved new repo/,
    ],
    [
      ["repo", "ok", "--updates", "greenkeeper", "--owner", "@a/b"],
      /--updates must be renovate or dependabot/,
    ],
    [
      ["service", "ok", "--provider", "gitlab", "--owner", "@a/b"],
      /--provider is for paved new repo/,
    ],
    [
      ["repo", "ok", "--provider", "bitbucket", "--owner", "@a/b"],
      /--provider must be github or gitlab/,
    ],
    [
      ["repo", "ok", "--provider", "gitlab", "--updates", "dependabot", "--owner", "@a/b"],
      /Dependabot runs on GitHub only/,
    ],
    [["service", "ok"], /no owner: pass --owner/],
    [
      ["repo", "ok", "--owner", "@a/b", "--registry", "file:///srv/npm"],
      /^paved new: "file:\/\/\/srv\/npm" is not a registry URL: give an http:\/\/ or https:\/\/ address/,
    ],
    [["service", "ok", "--frob"], /Unknown option '--frob'/],
  ])("exits 2 for %j, with a message and no stack trace", (args, message) => {
    const dir = directory();
    const result = paved(dir, ...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("writes the registry given with --registry into the new repository's .npmrc", () => {
    const dir = directory();
    const args = ["repo", "shop", "--owner", "@a/b", "--registry", "http://127.0.0.1:4873"];
    expect(paved(dir, ...args).exitCode).toBe(0);
    expect(readFileSync(join(dir, "shop", ".npmrc"), "utf8")).toMatch(
      /^@paved:registry=http:\/\/127\.0\.0\.1:4873\/$/m,
    );
  });

  it("prints its help", () => {
    const result = paved(directory(), "--help");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: paved new service\|library\|repo NAME/);
  });
});

describe("paved new on a terminal", () => {
  const scripted = (answers: string[]): Asker & { asked: string[] } => {
    const asked: string[] = [];
    const next = (message: string) => {
      asked.push(message);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${message}`);
      return Promise.resolve(answer);
    };
    return {
      asked,
      select: (question) => next(question.message),
      input: (question) => {
        if (question.validate) {
          const verdict = question.validate(answers[0] ?? "");
          if (verdict !== true) return Promise.reject(new Error(verdict));
        }
        return next(question.message);
      },
    };
  };

  it("asks for what the command line left out and turns the answers into flags", async () => {
    const ask = scripted(["service", "orders", "Takes orders.", "@acme/payments", "@acme"]);
    expect(await withAnswers([], io(directory()), ask)).toEqual([
      "service",
      "orders",
      "--description",
      "Takes orders.",
      "--owner",
      "@acme/payments",
      "--scope",
      "@acme",
    ]);
    expect(ask.asked).toHaveLength(5);
  });

  it("does not ask what the organisation's settings or the flags already say", async () => {
    const dir = directory({
      "paved.config.json": JSON.stringify({ new: { owner: "@acme/platform", scope: "@acme" } }),
    });
    const ask = scripted([""]);
    expect(await withAnswers(["library", "money"], io(dir), ask)).toEqual(["library", "money"]);
    expect(ask.asked).toEqual(["What does it do, in one sentence?"]);
    expect(await withAnswers(["library", "money", "--yes"], io(dir), scripted([]))).toEqual([
      "library",
      "money",
      "--yes",
    ]);
  });

  it("validates the owner, the scope and the description as they are typed", async () => {
    for (const [answers, error] of [
      [["orders", "", "payments"], /not an owner CODEOWNERS understands/],
      [["orders", "", "@acme/payments", "acme"], /not an npm scope/],
      [["orders", "two\nlines"], /one line/],
    ] as const)
      await expect(
        withAnswers(["service"], io(directory()), scripted([...answers])),
      ).rejects.toThrow(error);
  });

  it("validates the name as it is typed", async () => {
    await expect(withAnswers(["service"], io(directory()), scripted(["../x"]))).rejects.toThrow(
      /path separator/,
    );
  });
});

describe("paved new's next steps in a workspace", () => {
  it("name only rules the audit has, so a step can be found in its report", () => {
    // A bare npm workspace: the root lacks every station, so every step is named.
    const dir = directory({ "package.json": '{ "name": "acme", "workspaces": ["packages/*"] }' });
    const { nextSteps } = planNew({ kind: "service", name: "api", owner: "@a/b" }, diskTree(dir));
    const named = nextSteps.flatMap((step) => /\(([^)]+)\)$/.exec(step)?.[1]?.split(", ") ?? []);
    expect(named.length).toBeGreaterThan(10);
    const known = new Set(rules.map((rule) => rule.meta.id));
    expect(named.filter((id) => !known.has(id))).toEqual([]);
  });
});

describe("the built bin on a real terminal", () => {
  // A terminal that draws prompts, and a dumb one (Emacs' shell, CI's TERM=dumb), where the
  // questions are asked line by line and the terminal itself echoes and erases.
  it.each(["xterm-256color", "dumb"])(
    "asks its questions through a pseudo-terminal (TERM=%s) and writes the answers' project",
    async (term) => {
      const dir = directory();
      const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");
      // util-linux `script` gives the command a pseudo-terminal; keystrokes arrive one answer
      // at a time, as a person would type them.
      const child = spawn("script", ["-qec", `"${process.execPath}" "${bin}" new`, "/dev/null"], {
        cwd: dir,
        env: { ...process.env, TERM: term },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const pause = () => new Promise((resolve) => setTimeout(resolve, 700));
      await pause();
      // A wrong owner and scope are refused as typed, erased and typed again.
      const erase = (text: string) => "\x7f".repeat(text.length);
      for (const keys of [
        "\r",
        "orders\r",
        "Takes orders.\r",
        "payments\r",
        `${erase("payments")}@acme/payments\r`,
        "acme\r",
        `${erase("acme")}@acme\r`,
      ]) {
        child.stdin.write(keys);
        await pause();
      }
      const code = await new Promise((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once("exit", resolve);
      });
      child.stdin.end();
      expect(code, output).toBe(0);
      expect(output).toContain("What do you want to create?");
      expect(output).toContain('"payments" is not an owner CODEOWNERS understands');
      expect(output).toContain('"acme" is not an npm scope');
      expect(output).toMatch(/Wrote \d+ files in orders/);
      expect(JSON.parse(readFileSync(join(dir, "orders", "package.json"), "utf8"))).toMatchObject({
        name: "@acme/orders",
        description: "Takes orders.",
      });
    },
    30_000,
  );
});

describe("the built bin", () => {
  it("never waits for answers when standard input is not a terminal", () => {
    const dir = directory();
    const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");
    const result = spawnSync(process.execPath, [bin, "new", "service", "orders"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no owner: pass --owner/);
  });
});
