import { pinned } from "./github.js";
import { nodeImage } from "./gitlab.js";
import { withHeader, type Rendered } from "./line.js";

export interface FleetPipelineOptions {
  /** How many machines audit the fleet at once: the matrix's shards. */
  shards: number;
  /** The `paved` version the jobs run (`npx paved@VERSION`): pinned, never "latest". */
  paved: string;
  /** The preset's version, written into the header. */
  version: string;
  /** The Node major or version the jobs run on (default 24). */
  node?: string;
  /** The fleet directory in the platform repository: repos.txt, paved.fleet.json, history.jsonl. */
  dir?: string;
}

function checked(options: FleetPipelineOptions) {
  if (!Number.isInteger(options.shards) || options.shards < 1 || options.shards > 256)
    throw new RangeError(
      `shards must be a whole number from 1 to 256; got ${String(options.shards)}.`,
    );
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(options.paved))
    throw new RangeError(`paved must be an exact version such as 0.1.0; got '${options.paved}'.`);
  const node = options.node ?? "24";
  if (nodeImage(node) === undefined)
    throw new RangeError(`node must be a version such as 24; got '${node}'.`);
  const dir = options.dir ?? "fleet";
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(dir) || dir.split("/").includes(".."))
    throw new RangeError(`dir must be a relative path inside the repository; got '${dir}'.`);
  return { ...options, node, dir, npx: `npx --yes paved@${options.paved}` };
}

/**
 * The shell that clones each repository of `DIR/repos.txt` (one clone URL a line, `#` comments)
 * bare and shallow, and lists the clones for `paved fleet audit`: every shard clones all, then
 * audits its own slice, so the slices agree whatever order the clones finish in.
 */
const cloneScript = (dir: string) => [
  "mkdir -p checkouts",
  ": > checkouts.txt",
  "while IFS= read -r url; do",
  "  case \"$url\" in ''|'#'*) continue ;; esac",
  "  dest=\"checkouts/$(printf '%s' \"$url\" | sed -E 's#^[a-z+]+://[^/]+/##; s#^[^@]+@[^:]+:##; s#\\.git$##').git\"",
  '  git clone --quiet --bare --depth 1 "$url" "$dest" && printf \'%s\\n\' "$dest" >> checkouts.txt',
  `done < ${dir}/repos.txt`,
];

const indent = (lines: readonly string[], by: string) => lines.map((line) => `${by}${line}`);

/**
 * The GitHub Actions workflow that audits a fleet on a matrix: each shard clones the fleet's
 * repositories and audits its slice (`--shard I/N`, one `--run` id for all); a last job merges
 * the shards into the fleet directory's history, commits the history, renders the dashboard as an
 * artifact and fails when a campaign's deadline passed unmet. Read-only token except for the
 * commit, actions pinned by SHA, timeouts, no persisted credentials on the audit jobs.
 */
export function renderFleetGithub(input: FleetPipelineOptions): Rendered {
  const options = checked(input);
  const shards = Array.from({ length: options.shards }, (_, i) => i + 1);
  const node = [
    `      - uses: ${pinned("actions/setup-node")}`,
    "        with:",
    `          node-version: "${options.node}"`,
  ];
  const body = [
    "# The fleet audit: every repository of fleet/repos.txt, sharded over a matrix, merged into one",
    "# history. Rendered by @paved/ci; see docs/fleet.md.",
    "name: Fleet",
    "",
    "on:",
    "  schedule:",
    '    - cron: "17 3 * * 1-5"',
    "  workflow_dispatch:",
    "",
    "permissions:",
    "  contents: read",
    "",
    "concurrency:",
    "  group: fleet",
    "  cancel-in-progress: false",
    "",
    "jobs:",
    "  audit:",
    "    name: Audit shard ${{ matrix.shard }}",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 60",
    "    strategy:",
    "      fail-fast: false",
    "      matrix:",
    `        shard: [${shards.join(", ")}]`,
    "    steps:",
    `      - uses: ${pinned("actions/checkout")}`,
    "        with:",
    "          persist-credentials: false",
    ...node,
    "      - name: Clone the fleet",
    "        env:",
    "          FLEET_TOKEN: ${{ secrets.FLEET_TOKEN }}",
    "        run: |",
    '          if [ -n "$FLEET_TOKEN" ]; then',
    '            git config --global url."https://x-access-token:${FLEET_TOKEN}@github.com/".insteadOf "https://github.com/"',
    "          fi",
    ...indent(cloneScript(options.dir), "          "),
    "      - name: Audit the shard",
    `        run: ${options.npx} fleet audit checkouts.txt --out shard --shard \${{ matrix.shard }}/${String(options.shards)} --run \${{ github.run_id }}`,
    `      - uses: ${pinned("actions/upload-artifact")}`,
    "        with:",
    "          name: fleet-shard-${{ matrix.shard }}",
    "          path: shard",
    "          retention-days: 7",
    "",
    "  merge:",
    "    name: Merge and report",
    "    needs: audit",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 20",
    "    # The one job that writes: it commits the fleet's history.",
    "    permissions:",
    "      contents: write",
    "    steps:",
    `      - uses: ${pinned("actions/checkout")}`,
    ...node,
    `      - uses: ${pinned("actions/download-artifact")}`,
    "        with:",
    "          pattern: fleet-shard-*",
    "          path: shards",
    `      - run: ${options.npx} fleet merge shards/* --out ${options.dir}`,
    `      - run: ${options.npx} fleet report ${options.dir} --out dashboard`,
    "      - name: Commit the history",
    "        run: |",
    '          git config user.name "paved-fleet"',
    '          git config user.email "paved-fleet@users.noreply.github.com"',
    `          git add ${options.dir}/history.jsonl`,
    '          git diff --cached --quiet || { git commit -qm "Fleet audit ${{ github.run_id }}" && git push; }',
    `      - uses: ${pinned("actions/upload-artifact")}`,
    "        with:",
    "          name: fleet-dashboard",
    "          path: dashboard",
    `      - run: ${options.npx} fleet report ${options.dir} --format markdown --fail-on-campaign >> "$GITHUB_STEP_SUMMARY"`,
    "",
  ].join("\n");
  return {
    files: new Map([[".github/workflows/fleet.yml", withHeader(body, options.version)]]),
    missing: [],
  };
}

/**
 * The GitLab CI pipeline that audits a fleet with `parallel:`: each of N jobs clones the fleet
 * and audits shard `$CI_NODE_INDEX/$CI_NODE_TOTAL` into its own artifact folder; a report job
 * merges them with the fleet directory's history and keeps the history, the dashboard and a
 * digest as artifacts (commit the history with a project access token, see docs/fleet.md).
 */
export function renderFleetGitlab(input: FleetPipelineOptions): Rendered {
  const options = checked(input);
  const body = [
    "# The fleet audit: every repository of fleet/repos.txt, sharded over parallel jobs, merged",
    "# into one history. Rendered by @paved/ci; see docs/fleet.md.",
    "workflow:",
    "  rules:",
    '    - if: $CI_PIPELINE_SOURCE == "schedule" || $CI_PIPELINE_SOURCE == "web"',
    "",
    "stages: [audit, report]",
    "",
    "default:",
    `  image: ${nodeImage(options.node) ?? ""}`,
    "  interruptible: true",
    "",
    "fleet-audit:",
    "  stage: audit",
    `  parallel: ${String(options.shards)}`,
    "  timeout: 1h",
    "  script:",
    "    - |",
    ...indent(cloneScript(options.dir), "      "),
    `    - ${options.npx} fleet audit checkouts.txt --out "shards/$CI_NODE_INDEX" --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --run "$CI_PIPELINE_ID"`,
    "  artifacts:",
    "    paths:",
    "      - shards/$CI_NODE_INDEX/",
    "    expire_in: 7 days",
    "",
    "fleet-report:",
    "  stage: report",
    "  needs: [fleet-audit]",
    "  timeout: 20m",
    "  script:",
    `    - ${options.npx} fleet merge shards/* --out ${options.dir}`,
    `    - ${options.npx} fleet report ${options.dir} --out dashboard`,
    `    - ${options.npx} fleet report ${options.dir} --format markdown > fleet-digest.md`,
    `    - ${options.npx} fleet report ${options.dir} --format json --fail-on-campaign > /dev/null`,
    "  artifacts:",
    "    when: always",
    "    paths:",
    `      - ${options.dir}/history.jsonl`,
    "      - dashboard/",
    "      - fleet-digest.md",
    "",
  ].join("\n");
  return { files: new Map([[".gitlab-ci.yml", withHeader(body, options.version)]]), missing: [] };
}
