import actionsPinned from "./ci/actions-pinned.js";
import permissions from "./ci/permissions.js";
import pipelineIntact from "./ci/pipeline-intact.js";
import pipelinePresent from "./ci/pipeline-present.js";
import pullRequestTarget from "./ci/pull-request-target.js";
import runsStations from "./ci/runs-stations.js";
import timeouts from "./ci/timeouts.js";
import exportsMap from "./build/exports-map.js";
import type { Rule } from "./define.js";
import bot from "./dependency-updates/bot.js";
import checkInLine from "./format/check-in-line.js";
import formatterConfigured from "./format/formatter-configured.js";
import linterConfigured from "./lint/linter-configured.js";
import lintRunsInLine from "./lint/runs-in-line.js";
import typeAware from "./lint/type-aware.js";
import hookManager from "./pre-commit/hook-manager.js";
import stagedChecks from "./pre-commit/staged-checks.js";
import releaseTooling from "./release/tooling.js";
import codeowners from "./review/codeowners.js";
import prTemplate from "./review/pr-template.js";
import engines from "./runtime/engines.js";
import nodeVersionPinned from "./runtime/node-version-pinned.js";
import packageManager from "./runtime/package-manager.js";
import dependencyAudit from "./security/dependency-audit.js";
import lockfile from "./security/lockfile.js";
import policy from "./security/policy.js";
import sast from "./security/sast.js";
import secretScanning from "./security/secret-scanning.js";
import healthEndpoints from "./telemetry/health-endpoints.js";
import openTelemetry from "./telemetry/opentelemetry.js";
import coverageThreshold from "./test/coverage-threshold.js";
import testRunner from "./test/runner.js";
import testScript from "./test/script.js";
import typecheckInLine from "./typecheck/check-in-line.js";
import strict from "./typecheck/strict.js";
import strictFlags from "./typecheck/strict-flags.js";

/** Every rule, in line order of their stations. */
export const rules: readonly Rule[] = [
  formatterConfigured,
  checkInLine,
  linterConfigured,
  lintRunsInLine,
  typeAware,
  strict,
  strictFlags,
  typecheckInLine,
  hookManager,
  stagedChecks,
  testRunner,
  testScript,
  coverageThreshold,
  exportsMap,
  pipelinePresent,
  runsStations,
  actionsPinned,
  permissions,
  pullRequestTarget,
  timeouts,
  pipelineIntact,
  lockfile,
  dependencyAudit,
  secretScanning,
  sast,
  policy,
  bot,
  codeowners,
  prTemplate,
  releaseTooling,
  openTelemetry,
  healthEndpoints,
  engines,
  nodeVersionPinned,
  packageManager,
];
