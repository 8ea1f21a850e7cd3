import type { Fixer } from "../fix.js";
import {
  actionsPinned,
  checkInLine,
  dependencyAudit,
  permissions,
  pipelineIntact,
  pipelinePresent,
  runsStations,
  sast,
  secretScanning,
  timeouts,
} from "./ci.js";
import { formatterConfigured, lintConfigured, testRunner, testScript } from "./local.js";
import { coverageThreshold, typeAware } from "./modules.js";
import { hookManager, stagedChecks } from "./pre-commit.js";
import { releaseTooling } from "./release.js";
import { codeowners, policy, prTemplate } from "./review.js";
import { engines, nodeVersionPinned, packageManager } from "./runtime.js";
import { strict, strictFlagsFix } from "./typecheck.js";
import { bot } from "./updates.js";

/**
 * Every fix, in the order the plan runs them: the files and scripts first (the tests' before
 * the lint's), then the CI pipeline, which is rendered (or edited) from the scripts and pins
 * as they will be.
 */
export const fixers: readonly Fixer[] = [
  nodeVersionPinned,
  engines,
  packageManager,
  // The test fixes may write a vitest.config.ts, which the lint fixes must know of: a TypeScript
  // file no tsconfig includes gets the preset's `allowDefaultProject`.
  testRunner,
  testScript,
  coverageThreshold,
  formatterConfigured,
  lintConfigured,
  typeAware,
  strict,
  strictFlagsFix,
  hookManager,
  stagedChecks,
  policy,
  prTemplate,
  codeowners,
  bot,
  releaseTooling,
  pipelinePresent,
  pipelineIntact,
  runsStations,
  checkInLine,
  dependencyAudit,
  secretScanning,
  sast,
  permissions,
  timeouts,
  actionsPinned,
];

export const fixerFor = (ruleId: string): Fixer | undefined =>
  fixers.find((fixer) => fixer.ruleId === ruleId);
