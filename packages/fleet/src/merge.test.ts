import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, manifest, tempDir } from "./__fixtures__/repos.js";
import { mergeFleetDirs } from "./merge.js";
import { expandRepos, inShard } from "./repos.js";
import { fleetAudit } from "./run.js";
import { historyFile } from "./store.js";

let root: string;
const run = { run: "nightly-7", time: "2026-03-01T02:00:00.000Z" };

/** History lines without the one field that depends on the machine: how long each took. */
const lines = (dir: string) =>
  readFileSync(join(dir, historyFile), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.stringify({ ...(JSON.parse(line) as object), durationMs: 0 }))
    .sort();

beforeAll(() => {
  root = tempDir("merge");
  for (let i = 0; i < 7; i += 1)
    makeRepo(join(root, "repos", `svc-${String(i)}`), {
      "package.json": manifest(`svc-${String(i)}`, i % 2 === 0 ? { test: "vitest run" } : {}),
      ...(i % 3 === 0 ? { CODEOWNERS: `* @acme/team-${String(i % 2)}\n` } : {}),
    });
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("paved fleet merge", () => {
  it("joins the shards of a run into exactly what one unsharded run writes", async () => {
    const sources = expandRepos(["repos"], root);
    const options = { jobs: 2, timeoutMs: 60_000, ...run };
    await fleetAudit(sources, { ...options, out: join(root, "whole") });
    for (const index of [1, 2, 3])
      await fleetAudit(
        sources.filter((source) => inShard(source.id, { index, count: 3 })),
        { ...options, out: join(root, `shard-${String(index)}`) },
      );
    const merged = join(root, "merged");
    const result = mergeFleetDirs(
      [1, 2, 3].map((index) => join(root, `shard-${String(index)}`)),
      merged,
    );
    expect(result).toEqual({ entries: 7, skipped: 0 });
    expect(lines(merged)).toEqual(lines(join(root, "whole")));
    for (const source of sources) {
      const file = `reports/${source.id.replace("/", "_")}`;
      const name = new RegExp(`"(${file}-[0-9a-f]{8}\\.json)"`).exec(
        readFileSync(join(merged, historyFile), "utf8"),
      )?.[1];
      expect(name).toBeDefined();
      expect(readFileSync(join(merged, name ?? ""), "utf8")).toBe(
        readFileSync(join(root, "whole", name ?? ""), "utf8"),
      );
    }
  });

  it("keeps each (run, repository) once, the target's history included, and skips lines that are not entries", () => {
    const again = join(root, "merged");
    appendFileSync(join(root, "shard-1", historyFile), 'not json\n{"schemaVersion":2}\n');
    const result = mergeFleetDirs([join(root, "shard-1"), join(root, "shard-1")], again);
    expect(result).toEqual({ entries: 7, skipped: 4 });
  });

  it("refuses a directory that has no history", () => {
    expect(() => mergeFleetDirs([join(root, "repos")], join(root, "nowhere"))).toThrow(
      /no history\.jsonl; pass directories written by paved fleet audit --out/,
    );
  });
});
