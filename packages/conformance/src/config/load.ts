import { asText, readBounded } from "@paved/fs";
import { pavedConfig, pavedConfigFile, readPavedConfig, type Facts } from "@paved/facts";
import { ConfigError, validateConfig, type PavedConfig } from "./config.js";

/** Where a config came from: the audited repository's own file, or `--config` from outside. */
export interface ConfigSource {
  path: string;
  origin: "repository" | "external";
  config: PavedConfig;
}

export const repositoryConfigFile = pavedConfigFile;

/** Parses config text (JSON with comments, BOM tolerated); errors name the file and the line. */
export function parseConfig(text: string, file: string, ruleIds: readonly string[]): PavedConfig {
  try {
    return parseAndValidate(text, file, ruleIds);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // A pathological file (say, nested a million levels deep) is still just a bad config.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `${file}: cannot be read as a config (${reason}); fix the file or pass another with --config.`,
    );
  }
}

function parseAndValidate(text: string, file: string, ruleIds: readonly string[]): PavedConfig {
  return validated(readPavedConfig(text, file), file, ruleIds);
}

function validated(
  read: ReturnType<typeof readPavedConfig>,
  file: string,
  ruleIds: readonly string[],
): PavedConfig {
  if (!read.ok)
    throw new ConfigError(
      read.problem.includes("is not a setting")
        ? `${read.problem}.`
        : `${read.problem}; fix the file or pass another with --config.`,
    );
  return validateConfig(read.value, file, ruleIds);
}

/** A config is a few kilobytes; the cap keeps a wrong path (a log, an image) from filling memory. */
const maxConfigBytes = 4 * 1024 * 1024;

/**
 * The organisation's config, from outside the audited repository: a regular file only, so a
 * FIFO, `/dev/zero` or a huge file is refused at once instead of hanging or exhausting memory.
 */
export function loadExternalConfig(path: string, ruleIds: readonly string[]): ConfigSource {
  const read = asText(readBounded(path, maxConfigBytes));
  if (!read.ok) {
    throw new ConfigError(
      `${path}: cannot read the config (${read.missing === true ? "no such file" : read.why}); check the --config path.`,
    );
  }
  return { path, origin: "external", config: parseConfig(read.value, path, ruleIds) };
}

/** The audited repository's own paved.config.json, from the facts like any other file. */
export function loadRepositoryConfig(
  facts: Facts,
  ruleIds: readonly string[],
): ConfigSource | undefined {
  const found = facts.get(pavedConfig);
  if (found === undefined) return undefined;
  const { path, text } = found;
  if (!text.ok) throw new ConfigError(`${text.problem}; fix ${path} or remove it.`);
  return { path, origin: "repository", config: parseConfig(text.value, path, ruleIds) };
}
